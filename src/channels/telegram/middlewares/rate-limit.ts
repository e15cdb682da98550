/**
 * Per-user rate limiting: a token bucket per Telegram user (the buckets live in
 * a RateLimitStore: this process's memory, or Redis in a fleet). A burst of
 * `capacity` updates passes; after that one update per `1 / refillPerSecond`
 * seconds. The first update over the limit gets ONE polite notice; the rest of
 * a flood is dropped silently until the user slows down (bucket half full).
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";
import { isAddressedToBot } from "../filters/addressed.js";
import { messages } from "../messages.js";
import { createMemoryRateLimitStore, type BucketOptions, type RateLimitStore, type RateVerdict } from "../../../fleet/rate-limit-store.js";

/** Rate limiter settings (a token bucket per user). */
export type RateLimitOptions = BucketOptions;

/** Defaults: a burst of 8, then one every 2 seconds (30 a minute). */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 8, refillPerSecond: 0.5 };

/** The pure in-process limiter, separate from grammY so it can be tested with a fake clock. */
export function createRateLimiter(options: RateLimitOptions, now: () => number = Date.now) {
  const store = createMemoryRateLimitStore();
  /** "pass": handle it; "notify": over the limit, tell the user once; "drop": ignore silently. */
  return function take(userId: number): RateVerdict {
    return store.takeSync(userId, now(), options);
  };
}

/**
 * grammY middleware applying the limiter to messages and button presses addressed to the bot.
 * `store` holds the buckets: this process's memory by default, Redis in a fleet (one limit across instances).
 * `exempt` updates always pass: admins (their /reindex or upload must never vanish) and what is
 * answered by a cheap refusal anyway (a non-admin's upload), so nothing is refused in silence.
 */
export function rateLimit(
  options: RateLimitOptions = DEFAULT_RATE_LIMIT,
  store: RateLimitStore = createMemoryRateLimitStore(),
  now: () => number = Date.now,
  exempt: (ctx: BotContext) => boolean = () => false,
): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || !isAddressedToBot(ctx) || exempt(ctx)) return next();
    const verdict = await store.take(userId, now(), options);
    if (verdict === "pass") return next();
    ctx.logger.info({ userId, verdict }, "rate limited");
    if (verdict === "drop") {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: messages.rateLimitedShort });
    else await ctx.reply(messages.rateLimited);
  };
}
