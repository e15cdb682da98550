/**
 * Per-user rate limiting: a token bucket per Telegram user. A burst of
 * `capacity` updates passes; after that one update per `1 / refillPerSecond`
 * seconds. The first update over the limit gets ONE polite notice; the rest of
 * a flood is dropped silently until the user slows down (bucket half full).
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";
import { isAddressedToBot } from "../filters/addressed.js";
import { messages } from "../messages.js";

/** Rate limiter settings. */
export interface RateLimitOptions {
  /** Updates a user may send in a burst. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
}

/** Defaults: a burst of 8, then one every 2 seconds (30 a minute). */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 8, refillPerSecond: 0.5 };

interface Bucket {
  tokens: number;
  at: number;
  notified: boolean;
}

/** The pure limiter, separate from grammY so it can be tested with a fake clock. */
export function createRateLimiter(options: RateLimitOptions, now: () => number = Date.now) {
  const buckets = new Map<number, Bucket>();
  let calls = 0;
  /** "pass": handle it; "notify": over the limit, tell the user once; "drop": ignore silently. */
  return function take(userId: number): "pass" | "notify" | "drop" {
    const t = now();
    if (++calls % 1000 === 0) {
      // Forget users whose buckets are full again, so the map does not grow forever.
      for (const [id, b] of buckets) {
        if (b.tokens + ((t - b.at) / 1000) * options.refillPerSecond >= options.capacity) buckets.delete(id);
      }
    }
    const b = buckets.get(userId) ?? { tokens: options.capacity, at: t, notified: false };
    b.tokens = Math.min(options.capacity, b.tokens + ((t - b.at) / 1000) * options.refillPerSecond);
    b.at = t;
    buckets.set(userId, b);
    if (b.notified && b.tokens >= options.capacity / 2) b.notified = false;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return "pass";
    }
    if (b.notified) return "drop";
    b.notified = true;
    return "notify";
  };
}

/**
 * grammY middleware applying the limiter to messages and button presses addressed to the bot.
 * `exempt` updates always pass: admins (their /reindex or upload must never vanish) and what is
 * answered by a cheap refusal anyway (a non-admin's upload), so nothing is refused in silence.
 */
export function rateLimit(options: RateLimitOptions = DEFAULT_RATE_LIMIT, exempt: (ctx: BotContext) => boolean = () => false): MiddlewareFn<BotContext> {
  const take = createRateLimiter(options);
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || !isAddressedToBot(ctx) || exempt(ctx)) return next();
    const verdict = take(userId);
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
