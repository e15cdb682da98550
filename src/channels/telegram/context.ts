/** The bot's context type: grammY's Context plus what our middleware adds. */
import type { Context } from "grammy";
import type { Logger } from "../../logger.js";

/** Added by the logger middleware in `bot.ts`: a pino child keyed by `update_id`. */
export interface LoggerFlavor {
  logger: Logger;
}

/** Context every feature receives. */
export type BotContext = Context & LoggerFlavor;
