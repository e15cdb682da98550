/**
 * The reindex child process: parses, tokenises, embeds and builds the graph
 * away from the answering process's event loop, and reports progress and the
 * result over IPC. Started by reindex-process.ts (`fork`); it exits when done.
 */
import type { Config } from "../config.js";
import { JicengError } from "../errors.js";
import { createLogger } from "../logger.js";
import { reindex, type ReindexProgress } from "./build.js";
import type { ReindexSummary } from "./types.js";

/** The job the parent sends. */
export interface ReindexJob {
  type: "run";
  config: Pick<Config, "reportsDir" | "indexDir" | "lexiconDir" | "embeddings">;
  full: boolean;
  logLevel: Config["logLevel"];
  secrets: string[];
  graceMs?: number;
}

/** What the child sends back. */
export type ReindexReply =
  | { type: "progress"; progress: ReindexProgress }
  | { type: "done"; summary: ReindexSummary }
  | { type: "error"; error: { name: string; message: string; userMessage?: string } };

function send(reply: ReindexReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(reply, undefined, undefined, () => resolve());
  });
}

process.once("message", (job: ReindexJob) => {
  const logger = createLogger(job.logLevel, { secrets: job.secrets });
  reindex(job.config, { full: job.full, logger, graceMs: job.graceMs, onProgress: (progress) => void send({ type: "progress", progress }) })
    .then(
      (summary) => send({ type: "done", summary }),
      (error: unknown) =>
        send({
          type: "error",
          error: {
            name: error instanceof Error ? error.name : "Error",
            message: error instanceof Error ? error.message : String(error),
            ...(error instanceof JicengError ? { userMessage: error.userMessage } : {}),
          },
        }),
    )
    .finally(() => process.disconnect?.());
});
