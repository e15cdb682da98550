/** Entry-point helpers: load config and logger, build the assistant. */
import { createAssistant } from "./assistant/assistant.js";
import type { Assistant } from "./assistant/types.js";
import { loadConfig, type Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";

/** Everything an entry point needs. */
export interface App {
  config: Config;
  logger: Logger;
  assistant: Assistant;
}

/** Load `.env`, validate config, create the logger and the assistant (building the index if missing). */
export async function createApp(overrides: { logLevel?: Config["logLevel"] } = {}): Promise<App> {
  const config = await loadConfig();
  const logger = createLogger(overrides.logLevel ?? config.logLevel, { secrets: config.secrets });
  const assistant = await createAssistant(config, { logger });
  return { config, logger, assistant };
}
