/**
 * Rate-limit buckets behind one interface: in memory for one process, one
 * atomic Lua script in Redis for a fleet (so a user flooding through several
 * instances meets one limit and gets one notice). The clock is passed in, so
 * the fake-clock tests drive both the same way.
 */
import { KEY_PREFIX, type RedisLink } from "./redis.js";

/** "pass": handle it; "notify": over the limit, tell the user once; "drop": ignore silently. */
export type RateVerdict = "pass" | "notify" | "drop";

/** Token bucket settings. */
export interface BucketOptions {
  /** Updates a user may send in a burst. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
}

/** Where buckets live. */
export interface RateLimitStore {
  /** Take one token from `userId`'s bucket at time `nowMs`. Never throws. */
  take(userId: number, nowMs: number, options: BucketOptions): Promise<RateVerdict>;
}

interface Bucket {
  tokens: number;
  at: number;
  notified: boolean;
}

/** Users handled between two sweeps of full buckets (so the map does not grow forever). */
const SWEEP_EVERY = 1000;

/**
 * The pure limiter of one process: the same rules as the Redis script. The
 * first update over the limit gets ONE notice; the rest of a flood is dropped
 * until the user slows down (bucket half full).
 */
export function createMemoryRateLimitStore(): RateLimitStore & { takeSync(userId: number, nowMs: number, options: BucketOptions): RateVerdict } {
  const buckets = new Map<number, Bucket>();
  let calls = 0;
  const takeSync = (userId: number, t: number, options: BucketOptions): RateVerdict => {
    if (++calls % SWEEP_EVERY === 0) {
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
  return { takeSync, take: (userId, nowMs, options) => Promise.resolve(takeSync(userId, nowMs, options)) };
}

/**
 * One bucket as a Redis hash {tokens, at, notified}, read and written by one
 * script so two instances cannot both spend the last token or both send the
 * notice. Time only moves forward (`at` = max(at, now)): instances whose
 * clocks differ slightly cannot refill a bucket by disagreeing. The key
 * expires once a bucket would be full again (a full bucket is no key).
 */
export const TAKE_SCRIPT = `
local cap = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'notified')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
local notified = b[3] == '1'
if now > at then
  tokens = math.min(cap, tokens + (now - at) * perMs)
  at = now
end
if notified and tokens >= cap / 2 then notified = false end
local verdict
if tokens >= 1 then
  tokens = tokens - 1
  verdict = 'pass'
elseif notified then
  verdict = 'drop'
else
  notified = true
  verdict = 'notify'
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at), 'notified', notified and '1' or '0')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return verdict
`;

/** Spare time before a full bucket's key expires, so a bucket never vanishes while it still matters. */
const EXPIRY_MARGIN_MS = 1_000;

const bucketKey = (userId: number) => `${KEY_PREFIX}rate:${userId}`;

/**
 * The fleet store. While Redis is away it falls back to `local` (this
 * instance's own buckets: the limit is then per instance, as before fleet mode).
 */
export function createRedisRateLimitStore(redis: RedisLink, local: RateLimitStore = createMemoryRateLimitStore()): RateLimitStore {
  return {
    async take(userId, nowMs, options) {
      if (redis.isUp()) {
        const refillMs = (options.capacity / options.refillPerSecond) * 1000;
        try {
          const verdict = await redis.client.eval(
            TAKE_SCRIPT,
            1,
            bucketKey(userId),
            String(options.capacity),
            String(options.refillPerSecond / 1000),
            String(Math.round(nowMs)),
            String(Math.ceil(refillMs + EXPIRY_MARGIN_MS)),
          );
          if (verdict === "pass" || verdict === "notify" || verdict === "drop") return verdict;
          throw new Error(`unexpected verdict ${String(verdict)}`);
        } catch (err) {
          redis.failed(err, "rate limit");
        }
      }
      return local.take(userId, nowMs, options);
    },
  };
}
