/**
 * The state an instance shares with the rest of its fleet, chosen once from the
 * config: with REDIS_URL, follow-up memory, rate-limit buckets, the reindex lock,
 * the "new index" signal and per-chat ordering live in Redis; without it, the
 * same interfaces are served from this process's memory, exactly as before
 * fleet mode. (Feedback is the channel's: SQLite, or PostgreSQL with DATABASE_URL.)
 */
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { ChatLock } from "./chat-lock.js";
import { createRedisChatLock } from "./chat-lock.js";
import { createMemoryConversationStore, createRedisConversationStore, type ConversationStore } from "./conversation-store.js";
import { createMemoryRateLimitStore, createRedisRateLimitStore, type RateLimitStore } from "./rate-limit-store.js";
import { connectRedis } from "./redis.js";
import { createRedisReindexCoordinator, defaultInstanceId, type ReindexCoordinator } from "./reindex-coordinator.js";

export type { ChatLock, ConversationStore, RateLimitStore, ReindexCoordinator };

/** What one instance shares with the others (or keeps to itself, without Redis). */
export interface SharedState {
  /** "local": one process, in memory; "redis": fleet mode. */
  mode: "local" | "redis";
  /** This instance's name (logs, /healthz, the new-index signal). */
  instanceId: string;
  conversations: ConversationStore;
  rateLimits: RateLimitStore;
  /** Fleet reindex lock and new-index signal; absent in a single process (the file lock suffices). */
  reindex?: ReindexCoordinator;
  /** Cross-instance per-chat ordering; absent in a single process (grammY's sequentialize suffices). */
  chatLock?: ChatLock;
  /** Engine health for /healthz: `{ redis: "up" | "down: …" }`, empty without Redis. */
  health(): Record<string, string>;
  close(): Promise<void>;
}

/** In-memory state of a single process. */
export function createLocalState(instanceId = defaultInstanceId()): SharedState {
  return {
    mode: "local",
    instanceId,
    conversations: createMemoryConversationStore(),
    rateLimits: createMemoryRateLimitStore(),
    health: () => ({}),
    close: () => Promise.resolve(),
  };
}

/** Connect to Redis when REDIS_URL is set (never throws on an unreachable Redis), else local state. */
export async function createSharedState(config: Pick<Config, "redisUrl" | "instanceId">, logger: Logger): Promise<SharedState> {
  const instanceId = config.instanceId ?? defaultInstanceId();
  if (!config.redisUrl) return createLocalState(instanceId);
  const redis = await connectRedis(config.redisUrl, logger.child({ instance: instanceId }));
  const reindex = createRedisReindexCoordinator(redis, instanceId, logger);
  logger.info({ instance: instanceId, redis: redis.status() }, "fleet mode: shared state in Redis");
  return {
    mode: "redis",
    instanceId,
    conversations: createRedisConversationStore(redis),
    rateLimits: createRedisRateLimitStore(redis),
    reindex,
    chatLock: createRedisChatLock(redis, logger),
    health: () => ({ redis: redis.status() }),
    async close() {
      await reindex.close();
      await redis.close();
    },
  };
}
