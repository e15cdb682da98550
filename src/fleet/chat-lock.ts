/**
 * One chat's updates handled in order across the fleet. In webhook mode the
 * bot answers Telegram after 8 s even when the handler is still running, so
 * the chat's next update can reach another instance while the first is being
 * answered; that instance first waits for this chat's Redis lock.
 */
import type { Logger } from "../logger.js";
import { KEY_PREFIX, type RedisLink } from "./redis.js";
import { tryLock, type ReleaseLock } from "./redis-lock.js";

/** Per-chat ordering across instances. */
export interface ChatLock {
  /** Wait for the chat's turn; the release function must be called when the update is handled. Never throws. */
  enter(chatId: string): Promise<() => Promise<void>>;
}

/**
 * Lifetime of a chat lock without refresh: a handler that died (instance killed)
 * holds the chat up at most this long. Refreshed while the handler runs.
 */
export const CHAT_LOCK_TTL_MS = 30_000;
const CHAT_LOCK_REFRESH_MS = 10_000;
/**
 * Longest an update waits for its chat's turn. A reindex holds the admin's chat
 * for its whole run; past this the update is handled anyway (out of order
 * beats not at all), and the wait is logged.
 */
export const CHAT_LOCK_MAX_WAIT_MS = 60_000;
/** Poll interval while waiting: a question takes a few ms, so short waits are the rule. */
const CHAT_LOCK_POLL_MS = 25;

const noop = async () => undefined;

/** The Redis chat lock. While Redis is away, updates go through unordered across instances (in order within one). */
export function createRedisChatLock(redis: RedisLink, logger: Logger, options: { maxWaitMs?: number } = {}): ChatLock {
  const maxWaitMs = options.maxWaitMs ?? CHAT_LOCK_MAX_WAIT_MS;
  return {
    async enter(chatId) {
      const key = `${KEY_PREFIX}chat-lock:${chatId}`;
      const deadline = Date.now() + maxWaitMs;
      for (;;) {
        if (!redis.isUp()) return noop;
        let release: ReleaseLock | null;
        try {
          release = await tryLock(redis, key, CHAT_LOCK_TTL_MS, { refreshEveryMs: CHAT_LOCK_REFRESH_MS });
        } catch (err) {
          redis.failed(err, "chat lock");
          return noop;
        }
        if (release) {
          const r = release;
          return async () => {
            await r();
          };
        }
        if (Date.now() >= deadline) {
          logger.warn({ chatId, waitedMs: maxWaitMs }, "chat lock still held elsewhere: handling the update anyway");
          return noop;
        }
        await new Promise((resolve) => setTimeout(resolve, CHAT_LOCK_POLL_MS));
      }
    },
  };
}
