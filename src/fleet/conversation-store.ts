/**
 * Per-chat conversation state (what follow-ups like "那思南呢？" are resolved
 * against), behind one small interface: in memory for one process, in Redis
 * for a fleet. The store does not know what a turn looks like: it keeps any
 * JSON-serialisable value per chat, with an expiry.
 */
import { KEY_PREFIX, type RedisLink } from "./redis.js";

/** A value that survives JSON.stringify → JSON.parse unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Per-chat state with an expiry. Implementations never throw: a failed read is "nothing remembered". */
export interface ConversationStore {
  /** The state of `chatId`, or undefined when there is none or it expired. */
  get<T>(chatId: string): Promise<T | undefined>;
  /** Replace the state of `chatId`; it expires `ttlMs` after this call. */
  set(chatId: string, value: unknown, ttlMs: number): Promise<void>;
  delete(chatId: string): Promise<void>;
}

/** How many chats one process remembers at most (an LRU beyond that). */
export const MEMORY_MAX_CHATS = 5000;

/**
 * The single-process store: a bounded LRU with per-entry expiry. Values are kept
 * as JSON text, so what works here works in Redis too (no functions, no Maps).
 */
export function createMemoryConversationStore(options: { maxChats?: number; now?: () => number } = {}): ConversationStore {
  const maxChats = options.maxChats ?? MEMORY_MAX_CHATS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { json: string; expiresAt: number }>();
  return {
    get<T>(chatId: string) {
      const e = entries.get(chatId);
      if (!e) return Promise.resolve(undefined);
      if (now() >= e.expiresAt) {
        entries.delete(chatId);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(JSON.parse(e.json) as T);
    },
    set(chatId, value, ttlMs) {
      entries.delete(chatId);
      entries.set(chatId, { json: JSON.stringify(value), expiresAt: now() + ttlMs });
      while (entries.size > maxChats) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return Promise.resolve();
    },
    delete(chatId) {
      entries.delete(chatId);
      return Promise.resolve();
    },
  };
}

const conversationKey = (chatId: string) => `${KEY_PREFIX}conv:${chatId}`;

/**
 * The fleet store: one Redis string per chat (`SET … PX ttl`), so every
 * instance sees the same follow-up state. Every write also goes to `local`,
 * and a read falls back to it while Redis is away: a chat that stays on this
 * instance keeps its follow-ups during an outage.
 */
export function createRedisConversationStore(redis: RedisLink, local: ConversationStore = createMemoryConversationStore()): ConversationStore {
  return {
    async get<T>(chatId: string) {
      if (redis.isUp()) {
        try {
          const json = await redis.client.get(conversationKey(chatId));
          return json === null ? undefined : (JSON.parse(json) as T);
        } catch (err) {
          redis.failed(err, "conversation get");
        }
      }
      return local.get<T>(chatId);
    },
    async set(chatId, value, ttlMs) {
      await local.set(chatId, value, ttlMs);
      if (!redis.isUp()) return;
      try {
        await redis.client.set(conversationKey(chatId), JSON.stringify(value), "PX", Math.max(1, Math.round(ttlMs)));
      } catch (err) {
        redis.failed(err, "conversation set");
      }
    },
    async delete(chatId) {
      await local.delete(chatId);
      if (!redis.isUp()) return;
      try {
        await redis.client.del(conversationKey(chatId));
      } catch (err) {
        redis.failed(err, "conversation delete");
      }
    },
  };
}
