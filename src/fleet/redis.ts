/**
 * The one Redis connection of an instance (ioredis 5), and what it knows about
 * its own health. Fleet state degrades, never fails: every command fails fast
 * while Redis is away (no offline queue, a short command timeout) so callers
 * fall back to local state at once; ioredis reconnects by itself; the loss is
 * logged once (a warning) and the recovery once (info), and `/healthz` shows it.
 */
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger.js";

/** How long start-up waits for Redis before going on with local state (a laptop without Redis starts at once). */
export const REDIS_STARTUP_WAIT_MS = 2_000;

/**
 * Longest a single Redis command may take before the caller falls back to local
 * state. Loopback commands take well under a millisecond; a second means Redis
 * is hung or unreachable, and a question must not wait for it longer than that.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** Reconnection back-off: 100 ms, 200 ms, … capped at 2 s, forever. */
const RECONNECT_STEP_MS = 100;
const RECONNECT_MAX_MS = 2_000;

/** Prefix of every key and channel Jiceng uses, so a shared Redis stays tidy. */
export const KEY_PREFIX = "jiceng:";

/** A Redis connection plus its health. */
export interface RedisLink {
  /** The client for commands. */
  readonly client: Redis;
  /** True while the connection is ready for commands. */
  isUp(): boolean;
  /**
   * Report that a command failed (the caller has fallen back to local state).
   * The first failure after a healthy period logs one warning.
   */
  failed(err: unknown, what: string): void;
  /** A second connection for SUBSCRIBE (a subscribed connection cannot send commands). */
  subscriber(): Redis;
  /** Short status for /healthz: "up" or "down: <reason>". */
  status(): string;
  close(): Promise<void>;
}

/** Options shared by the command and the subscriber connections. */
function redisOptions(): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_COMMAND_TIMEOUT_MS * 2,
    retryStrategy: (times) => Math.min(times * RECONNECT_STEP_MS, RECONNECT_MAX_MS),
  };
}

/** The error text without anything that could carry a password (a URL with credentials). */
function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\/\/[^@\s]*@/g, "//***@").slice(0, 200);
}

/**
 * Connect to `url`, waiting up to REDIS_STARTUP_WAIT_MS. Never throws: an
 * unreachable Redis gives a link that is down and keeps reconnecting.
 */
export async function connectRedis(url: string, logger: Logger, waitMs = REDIS_STARTUP_WAIT_MS): Promise<RedisLink> {
  const client = new Redis(url, redisOptions());
  const subscribers: Redis[] = [];
  let down: string | null = "connecting";
  let warned = false;
  let closed = false;

  const markDown = (why: string) => {
    down = why;
    if (!warned && !closed) {
      warned = true;
      logger.warn({ redis: why }, "Redis unreachable or failing: answering from this instance's local state until it is back (reconnecting automatically)");
    }
  };
  // ioredis emits "error" on every failed reconnection attempt: the link logs once, not per attempt
  client.on("error", (err: unknown) => {
    if (client.status !== "ready") markDown(reason(err));
  });
  client.on("close", () => {
    if (!closed && down === null) markDown("connection closed");
  });
  client.on("ready", () => {
    if (warned) logger.info("Redis is back: shared fleet state restored");
    down = null;
    warned = false;
  });

  const ready = client.connect().then(
    () => true,
    (err: unknown) => {
      markDown(reason(err));
      return false;
    },
  );
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs).unref());
  if (!(await Promise.race([ready, timer]))) markDown(down === "connecting" ? `no answer within ${waitMs} ms` : (down ?? "unknown"));

  return {
    client,
    isUp: () => client.status === "ready",
    failed(err, what) {
      // a dropped connection often shows first as a failed command, before ioredis changes its status:
      // either way it is the same episode, with the same one warning
      markDown(`${what}: ${reason(err)}`);
    },
    subscriber() {
      const sub = new Redis(url, { ...redisOptions(), enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null });
      sub.on("error", () => undefined); // the command connection reports outages
      subscribers.push(sub);
      return sub;
    },
    status: () => (client.status === "ready" ? "up" : `down: ${down ?? client.status}`),
    async close() {
      closed = true;
      for (const c of [client, ...subscribers]) {
        try {
          if (c.status === "ready") await c.quit();
          else c.disconnect();
        } catch {
          c.disconnect();
        }
      }
    },
  };
}
