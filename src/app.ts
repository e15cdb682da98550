/** Entry-point helpers: load config and logger, build the assistant. */
import { createAssistant } from "./assistant/assistant.js";
import type { Assistant } from "./assistant/types.js";
import { loadConfig, type Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { createSharedState, type SharedState } from "./fleet/shared-state.js";

/** Everything an entry point needs. */
export interface App {
  config: Config;
  logger: Logger;
  assistant: Assistant;
  /** Fleet state in Redis (REDIS_URL) or this process's memory; close it when done. */
  shared: SharedState;
}

/**
 * Load `.env`, validate config, create the logger, the shared state (Redis in a
 * fleet) and the assistant (building the index if missing). `local: true` keeps
 * the state in memory whatever REDIS_URL says (one-shot CLI commands); `logFile`
 * sends log lines to a file instead of stderr (the console chat).
 */
export async function createApp(
  overrides: { logLevel?: Config["logLevel"]; local?: boolean; logFile?: (config: Config) => string | undefined } = {},
): Promise<App> {
  const config = await loadConfig();
  const file = overrides.logFile?.(config);
  const logger = createLogger(overrides.logLevel ?? config.logLevel, { secrets: config.secrets, ...(file ? { file } : {}) });
  const shared = await createSharedState(overrides.local ? { instanceId: config.instanceId } : config, logger);
  const assistant = await createAssistant(config, {
    logger,
    conversations: shared.conversations,
    ...(shared.reindex ? { reindex: shared.reindex } : {}),
  });
  return { config, logger, assistant, shared };
}
