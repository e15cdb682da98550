/**
 * One reindex at a time across the fleet, and every instance on the new index
 * afterwards. The lock is a Redis lock (SET NX PX with a token, refreshed while
 * the reindex runs); the file lock beside INDEX_DIR (src/index/lock.ts) is still
 * taken by the build itself, so the CLI and a fleet without Redis stay safe.
 * When a reindex has swapped a new index in, a message on a Redis channel
 * tells every other instance to load it through the assistant's atomic state
 * swap; they keep answering from the old index meanwhile.
 */
import os from "node:os";
import type { Logger } from "../logger.js";
import { KEY_PREFIX, type RedisLink } from "./redis.js";
import { tryLock, type ReleaseLock } from "./redis-lock.js";

/** What the assistant needs to reindex in a fleet. */
export interface ReindexCoordinator {
  /**
   * Take the fleet-wide reindex lock. Null when another instance holds it;
   * a release function otherwise (also when Redis is away: then only the file lock guards).
   */
  acquire(): Promise<ReleaseLock | null>;
  /** Tell every other instance that a new index is on disk. */
  announce(): Promise<void>;
  /** Run `reload` whenever another instance announces a new index (and after Redis comes back: a signal may have been missed). */
  onNewIndex(reload: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * How long the lock lives without a refresh. Above the longest synchronous step
 * of a reindex (the HNSW graph build, ~16 s at 43k passages, blocks the refresh
 * timer) with a wide margin, as STALE_AFTER_MS in src/index/lock.ts.
 */
export const REINDEX_LOCK_TTL_MS = 120_000;
/** Refresh period of the lock while a reindex runs. */
export const REINDEX_LOCK_REFRESH_MS = 10_000;

/** The lock's key and the signal's channel. */
export const REINDEX_LOCK_KEY = `${KEY_PREFIX}reindex-lock`;
export const NEW_INDEX_CHANNEL = `${KEY_PREFIX}new-index`;

/** This instance's default name: host and pid. */
export function defaultInstanceId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** A new-index message. */
interface NewIndexMessage {
  from: string;
  at: string;
}

/** The Redis coordinator. `instanceId` keeps an instance from reloading on its own announcement. */
export function createRedisReindexCoordinator(redis: RedisLink, instanceId: string, logger: Logger): ReindexCoordinator {
  const reloaders: (() => Promise<void>)[] = [];
  const sub = redis.subscriber();
  let everReady = false;
  let reloading: Promise<void> | null = null;
  let again = false;

  /** Reloads run one at a time; a signal during a reload gives exactly one more. */
  const reloadAll = (why: string) => {
    if (reloading) {
      again = true;
      return;
    }
    reloading = (async () => {
      do {
        again = false;
        for (const reload of reloaders) {
          try {
            await reload();
            logger.info({ why }, "loaded the new index");
          } catch (err) {
            logger.error({ err: err instanceof Error ? err.message : String(err), why }, "could not load the new index: still answering from the previous one");
          }
        }
      } while (again);
    })().finally(() => {
      reloading = null;
    });
  };

  sub.on("message", (channel: string, text: string) => {
    if (channel !== NEW_INDEX_CHANNEL) return;
    let msg: NewIndexMessage;
    try {
      msg = JSON.parse(text) as NewIndexMessage;
    } catch {
      return;
    }
    if (msg.from === instanceId) return;
    reloadAll(`new index from ${msg.from}`);
  });
  sub.on("ready", () => {
    // after an outage a signal may have been lost: reload once to be sure
    if (everReady) reloadAll("Redis reconnected");
    everReady = true;
  });
  sub.connect().catch(() => undefined);
  void sub.subscribe(NEW_INDEX_CHANNEL).catch(() => undefined); // queued until connected; re-subscribed on reconnect

  return {
    async acquire() {
      if (!redis.isUp()) {
        logger.warn("Redis unreachable: reindex guarded by the index folder's file lock only");
        return async () => true;
      }
      try {
        return await tryLock(redis, REINDEX_LOCK_KEY, REINDEX_LOCK_TTL_MS, { refreshEveryMs: REINDEX_LOCK_REFRESH_MS });
      } catch (err) {
        redis.failed(err, "reindex lock");
        return async () => true;
      }
    },
    async announce() {
      if (!redis.isUp()) {
        logger.warn("Redis unreachable: other instances load the new index when Redis is back");
        return;
      }
      try {
        const msg: NewIndexMessage = { from: instanceId, at: new Date().toISOString() };
        await redis.client.publish(NEW_INDEX_CHANNEL, JSON.stringify(msg));
      } catch (err) {
        redis.failed(err, "new-index signal");
      }
    },
    onNewIndex(reload) {
      reloaders.push(reload);
    },
    async close() {
      await reloading;
    },
  };
}
