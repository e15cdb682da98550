/**
 * One bot instance for `bench --fleet`, in its own process:
 * `node --import tsx src/bench/fleet-instance.ts '<env as JSON>' <cwd>`.
 * The environment-like record goes through `createConfig` (the config rules
 * of production); the instance says "ready" over IPC once it serves webhooks
 * and stops on "stop" or SIGTERM.
 */
import { createAssistant } from "../assistant/assistant.js";
import { startBot } from "../channels/telegram/run.js";
import { createConfig } from "../config.js";
import { createSharedState } from "../fleet/shared-state.js";
import { createLogger } from "../logger.js";

async function main(): Promise<void> {
  const env = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
  const config = createConfig(env, process.argv[3] ?? process.cwd());
  const logger = createLogger(config.logLevel);
  const shared = await createSharedState(config, logger);
  const assistant = await createAssistant(config, { logger, conversations: shared.conversations, ...(shared.reindex ? { reindex: shared.reindex } : {}) });
  // the bench measures answering, not the flood guard: every question comes from its own user anyway
  const handle = await startBot(assistant, config, logger, { shared });
  const stop = async () => {
    await handle.stop();
    await shared.close();
    process.exit(0);
  };
  process.on("message", (m) => {
    if (m === "stop") void stop();
  });
  process.once("SIGTERM", () => void stop());
  process.send?.("ready");
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet instance failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
