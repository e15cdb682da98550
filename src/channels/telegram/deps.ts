/** What features need from outside the bot, injected by `createBot`. */
import { MAX_QUESTION_CHARS, MAX_REPORT_BYTES } from "../../assistant/limits.js";
import type { Assistant } from "../../assistant/types.js";
import type { Config } from "../../config.js";
import type { Conversation } from "../../conversation/conversation.js";
import type { Logger } from "../../logger.js";
import type { FeedbackStore } from "./feedback-store.js";

/** Limits on what users may send. */
export interface BotLimits {
  /** Longest question accepted, in characters. */
  maxQuestionChars: number;
  /** Largest report file accepted, in bytes (Telegram's getFile serves up to 20 MB). */
  maxUploadBytes: number;
}

export const DEFAULT_LIMITS: BotLimits = { maxQuestionChars: MAX_QUESTION_CHARS, maxUploadBytes: MAX_REPORT_BYTES };

/** Dependencies shared by the features. */
export interface BotDeps {
  assistant: Assistant;
  config: Config;
  logger: Logger;
  feedback: FeedbackStore;
  /** The channel-neutral conversation layer (/remove and its confirmation go through it). */
  conversation: Conversation;
  limits: BotLimits;
  /** Base URL of the Bot API server, without a trailing slash (for file downloads). */
  apiRoot: string;
  /** The bot token, needed only to build file download URLs. Never logged. */
  token: string;
  /** One admin job (reindex or upload) at a time. */
  adminJob: { running: boolean };
}
