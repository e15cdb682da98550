/**
 * The one place that wires the Telegram bot: middleware in order (error
 * boundary, per-update logger, rate limiter, per-chat sequencing), one
 * Composer per feature, and the "unhandled" feature last.
 */
import { sequentialize } from "@grammyjs/runner";
import { Bot, type MiddlewareFn } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Assistant } from "../../assistant/types.js";
import type { Config } from "../../config.js";
import { createConversation, type Conversation } from "../../conversation/conversation.js";
import type { Logger } from "../../logger.js";
import type { BotContext } from "./context.js";
import { type BotDeps, type BotLimits, DEFAULT_LIMITS } from "./deps.js";
import { adminFeature } from "./features/admin.js";
import { askFeature } from "./features/ask.js";
import { examplesFeature } from "./features/examples.js";
import { feedbackFeature } from "./features/feedback.js";
import { helpFeature } from "./features/help.js";
import { sourcesFeature } from "./features/sources.js";
import { startFeature } from "./features/start.js";
import { statsFeature } from "./features/stats.js";
import { unhandledFeature } from "./features/unhandled.js";
import { createFeedbackStore, type FeedbackStore } from "./feedback-store.js";
import { isAddressedToBot } from "./filters/addressed.js";
import { isAdmin } from "./filters/is-admin.js";
import { messages } from "./messages.js";
import { DEFAULT_RATE_LIMIT, rateLimit, type RateLimitOptions } from "./middlewares/rate-limit.js";
import { describeError } from "./reply.js";
import { chatLock } from "./middlewares/chat-lock.js";
import type { SharedState } from "../../fleet/shared-state.js";

/** Telegram's public Bot API server. */
export const DEFAULT_API_ROOT = "https://api.telegram.org";

/** What `createBot` needs. */
export interface CreateBotOptions {
  assistant: Assistant;
  config: Config;
  logger: Logger;
  /** Skip getMe (tests, or a known bot). */
  botInfo?: UserFromGetMe;
  /** Defaults to SQLite under `config.stateDir`. */
  feedback?: FeedbackStore;
  rateLimit?: RateLimitOptions;
  limits?: Partial<BotLimits>;
  /** The conversation layer shared with other channels (default: one over `assistant`). */
  conversation?: Conversation;
  /** Fleet state (rate-limit buckets, per-chat ordering); default: this process's memory. */
  shared?: Pick<SharedState, "rateLimits" | "chatLock">;
}

/** A bot plus what must be closed with it. */
export type JicengBot = Bot<BotContext> & { feedbackStore: FeedbackStore };

/**
 * Catch every handler error: log it with the update id and give the user a
 * short Chinese apology. Nothing thrown below reaches grammY, so neither
 * polling nor webhook mode can crash on a handler bug.
 */
function errorBoundary(rootLogger: Logger): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const log = (ctx.logger as Logger | undefined) ?? rootLogger.child({ update_id: ctx.update.update_id });
      log.error({ err: describeError(err), update_id: ctx.update.update_id }, "handler failed");
      try {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: messages.apology });
        else if (ctx.chat && isAddressedToBot(ctx)) await ctx.reply(messages.apology);
      } catch (replyErr) {
        log.warn({ err: describeError(replyErr) }, "could not send the apology");
      }
    }
  };
}

/** Attach a pino child keyed by `update_id` to the context. */
function updateLogger(rootLogger: Logger): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.logger = rootLogger.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id });
    return next();
  };
}

/** Build the bot. It does not start polling: see `run.ts`. */
export function createBot(token: string, options: CreateBotOptions): JicengBot {
  const { assistant, config, logger } = options;
  const apiRoot = config.telegramApiRoot ?? DEFAULT_API_ROOT;
  const bot = new Bot<BotContext>(token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { apiRoot },
  });
  const feedback = options.feedback ?? createFeedbackStore(config.stateDir);
  const deps: BotDeps = {
    assistant,
    config,
    logger,
    feedback,
    conversation: options.conversation ?? createConversation(assistant),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    apiRoot,
    token,
    adminJob: { running: false },
  };

  bot.use(errorBoundary(logger));
  bot.use(updateLogger(logger));
  bot.use(
    rateLimit(
      options.rateLimit ?? DEFAULT_RATE_LIMIT,
      options.shared?.rateLimits,
      undefined,
      (ctx) => isAdmin(config.adminIds)(ctx) || ctx.msg?.document !== undefined,
    ),
  );
  bot.use(sequentialize((ctx: BotContext) => ctx.chat?.id.toString()));
  if (options.shared?.chatLock) bot.use(chatLock(options.shared.chatLock));

  bot.use(startFeature(deps));
  bot.use(helpFeature(deps));
  bot.use(adminFeature(deps));
  bot.use(statsFeature(deps));
  bot.use(examplesFeature(deps));
  bot.use(sourcesFeature(deps));
  bot.use(feedbackFeature(deps));
  bot.use(askFeature(deps));
  bot.use(unhandledFeature());

  // Last resort (the boundary above should make this unreachable).
  bot.catch((err) => {
    logger.error({ err: describeError(err.error), update_id: err.ctx.update.update_id }, "unhandled bot error");
  });

  return Object.assign(bot, { feedbackStore: feedback });
}
