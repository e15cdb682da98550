/**
 * A Redis lock: `SET key token NX PX ttl`, refreshed while held and released
 * only by its owner (a script compares the token before deleting or extending),
 * so a lock that expired and was taken by another instance is never released
 * or extended by the one that lost it.
 */
import { randomUUID } from "node:crypto";
import type { RedisLink } from "./redis.js";

/** Release a held lock; resolves true when it was still ours. */
export type ReleaseLock = () => Promise<boolean>;

const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

/** Try once to take `key` for `ttlMs`. Null when another owner holds it. Throws when Redis fails. */
export async function tryLock(redis: RedisLink, key: string, ttlMs: number, options: { refreshEveryMs?: number } = {}): Promise<ReleaseLock | null> {
  const token = randomUUID();
  const got = await redis.client.set(key, token, "PX", ttlMs, "NX");
  if (got !== "OK") return null;
  let timer: NodeJS.Timeout | null = null;
  if (options.refreshEveryMs) {
    timer = setInterval(() => {
      redis.client.eval(EXTEND_SCRIPT, 1, key, token, String(ttlMs)).catch(() => undefined); // a missed refresh: the next one comes soon
    }, options.refreshEveryMs);
    timer.unref();
  }
  return async () => {
    if (timer) clearInterval(timer);
    try {
      return (await redis.client.eval(RELEASE_SCRIPT, 1, key, token)) === 1;
    } catch (err) {
      // the lock expires by itself after ttlMs
      redis.failed(err, "lock release");
      return false;
    }
  };
}
