/**
 * Run a reindex in a child process (reindex-child.ts), so that parsing,
 * tokenising, embedding and the graph build never block the event loop that
 * answers questions: the caller only receives progress and the summary, then
 * loads the new version. A child that dies (out of memory, killed) leaves the
 * served index as it was; its lock goes stale with its pid and its temporary
 * folder is removed by the next run.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import { IndexError, JicengError, ReindexBusyError } from "../errors.js";
import type { ReindexProgress } from "./build.js";
import type { ReindexJob, ReindexReply } from "./reindex-child.js";
import type { ReindexSummary } from "./types.js";

/**
 * Heap limit of the child, in MB. The 1000-report corpus (43k passages)
 * builds with a 0.8 GB peak; 2 GB leaves room for that and stops a runaway
 * input before it takes the machine (a zip bomb once reached 3.9 GB).
 */
export const REINDEX_HEAP_MB = 2_048;

const CHILD = fileURLToPath(new URL("./reindex-child.ts", import.meta.url));

/** Options of a reindex in a child process. */
export interface ChildReindexOptions {
  full?: boolean;
  onProgress?: (p: ReindexProgress) => void;
  logLevel?: Config["logLevel"];
  /** Secret values the child's logger redacts. */
  secrets?: readonly string[];
  graceMs?: number;
}

/** The error the child reported, rebuilt as the same kind of JicengError where it was one. */
function errorOf(e: { name: string; message: string; userMessage?: string }): Error {
  if (e.name === "ReindexBusyError") return new ReindexBusyError(e.message);
  if (e.userMessage !== undefined) {
    const err = new JicengError(e.message, e.userMessage);
    Object.defineProperty(err, "name", { value: e.name });
    return err;
  }
  return new IndexError(`Reindex failed: ${e.name}: ${e.message}`, "重建索引时出错，原有索引保持不变。");
}

/** Reindex `config` in a child process; resolves with its summary, rejects with its error. */
export function reindexInChild(
  config: Pick<Config, "reportsDir" | "indexDir" | "lexiconDir" | "embeddings">,
  options: ChildReindexOptions = {},
): Promise<ReindexSummary> {
  return new Promise<ReindexSummary>((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: ["--import", "tsx", `--max-old-space-size=${REINDEX_HEAP_MB}`],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      serialization: "advanced",
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    child.on("message", (reply: ReindexReply) => {
      if (reply.type === "progress") options.onProgress?.(reply.progress);
      else if (reply.type === "done") settle(() => resolve(reply.summary));
      else settle(() => reject(errorOf(reply.error)));
    });
    child.on("error", (error) =>
      settle(() => reject(new IndexError(`Reindex process failed: ${error.message}`, "无法启动重建索引进程，原有索引保持不变。", { cause: error }))),
    );
    child.on("close", (code, signal) =>
      settle(() =>
        reject(new IndexError(`Reindex process exited (${signal ?? `code ${code}`})`, "重建索引进程意外退出（文件可能过大或内存不足），原有索引保持不变。")),
      ),
    );
    const job: ReindexJob = {
      type: "run",
      config: { reportsDir: config.reportsDir, indexDir: config.indexDir, lexiconDir: config.lexiconDir, embeddings: config.embeddings },
      full: options.full ?? false,
      logLevel: options.logLevel ?? "silent",
      secrets: [...(options.secrets ?? [])],
      graceMs: options.graceMs,
    };
    child.send(job);
  });
}
