/**
 * The fleet's shared state on a real Redis and a real PostgreSQL (loopback,
 * started by scripts/test-services.sh): two "instances" are two connections.
 * The single-process implementations are checked against the same rules.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryConversationStore, createRedisConversationStore } from "../../src/fleet/conversation-store.js";
import { createMemoryRateLimitStore, createRedisRateLimitStore, type RateLimitStore } from "../../src/fleet/rate-limit-store.js";
import { connectRedis, type RedisLink } from "../../src/fleet/redis.js";
import { tryLock } from "../../src/fleet/redis-lock.js";
import { createRedisChatLock } from "../../src/fleet/chat-lock.js";
import { createRedisReindexCoordinator } from "../../src/fleet/reindex-coordinator.js";
import { createPgFeedbackStore, migrate, MIGRATIONS } from "../../src/channels/telegram/feedback-store-pg.js";
import { FeedbackUnavailableError } from "../../src/errors.js";
import { silentLogger } from "../../src/logger.js";
import { checkWecomFeedback } from "../helpers/feedback-checks.js";
import { freePort, OwnRedis, services, servicesAvailable } from "../helpers/services.js";

const withRedis = servicesAvailable("Redis stores", ["redis"]);
const withPostgres = servicesAvailable("PostgreSQL feedback store", ["postgres"]);
const withOwnRedis = servicesAvailable("Redis outage", ["redis-server"]);

describe("in-memory stores (single process)", () => {
  it("conversation state expires and is JSON (what works here works in Redis)", async () => {
    let now = 0;
    const store = createMemoryConversationStore({ now: () => now });
    await store.set("c1", { question: "社区怎么减负？", cited: ["bijiang:1.1"] }, 1000);
    expect(await store.get("c1")).toEqual({ question: "社区怎么减负？", cited: ["bijiang:1.1"] });
    now = 1000;
    expect(await store.get("c1")).toBeUndefined();
  });
});

describe.skipIf(!withRedis)("Redis stores (two instances, one Redis)", () => {
  let a: RedisLink;
  let b: RedisLink;
  beforeAll(async () => {
    a = await connectRedis(services.redisUrl!, silentLogger);
    b = await connectRedis(services.redisUrl!, silentLogger);
    await a.client.flushdb();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("a follow-up state written by one instance is read by the other, and deleted", async () => {
    const sa = createRedisConversationStore(a);
    const sb = createRedisConversationStore(b);
    await sa.set("chat-7", { question: "碧江区怎么减负？", regions: ["bijiang"], cited: ["bijiang:2.1"], at: 1 }, 600_000);
    expect(await sb.get("chat-7")).toEqual({ question: "碧江区怎么减负？", regions: ["bijiang"], cited: ["bijiang:2.1"], at: 1 });
    const ttl = await a.client.pttl("jiceng:conv:chat-7");
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    await sb.delete("chat-7");
    expect(await sa.get("chat-7")).toBeUndefined();
  });

  it("rate limit: a flood through both instances meets ONE bucket and gets ONE notice (fake clock)", async () => {
    const ra = createRedisRateLimitStore(a);
    const rb = createRedisRateLimitStore(b);
    const opts = { capacity: 3, refillPerSecond: 1 };
    let now = 1_000_000;
    const verdicts: string[] = [];
    for (let i = 0; i < 10; i++) verdicts.push(await (i % 2 ? rb : ra).take(42, now, opts));
    expect(verdicts).toEqual(["pass", "pass", "pass", "notify", "drop", "drop", "drop", "drop", "drop", "drop"]);
    expect(await rb.take(43, now, opts)).toBe("pass"); // other users unaffected
    now += 1000;
    expect(await ra.take(42, now, opts)).toBe("pass"); // one token back
    expect(await rb.take(42, now, opts)).toBe("drop"); // still flooding: no second notice
    now += 10_000;
    expect([await ra.take(42, now, opts), await rb.take(42, now, opts), await ra.take(42, now, opts), await rb.take(42, now, opts)]).toEqual([
      "pass",
      "pass",
      "pass",
      "notify",
    ]);
  });

  it("rate limit: the Redis script and the in-memory limiter agree step by step", async () => {
    const mem: RateLimitStore = createMemoryRateLimitStore();
    const red = createRedisRateLimitStore(a);
    const opts = { capacity: 4, refillPerSecond: 0.5 };
    let now = 5_000_000;
    // a fixed, irregular schedule of gaps (ms): bursts, pauses, a clock that stands still
    for (const gap of [0, 0, 0, 0, 0, 0, 700, 1300, 0, 0, 2500, 0, 9000, 0, 0, 0, 0, 0, 400]) {
      now += gap;
      expect(await red.take(77, now, opts)).toBe(await mem.take(77, now, opts));
    }
  });

  it("rate limit: concurrent takes from two instances never spend more tokens than there are", async () => {
    const ra = createRedisRateLimitStore(a);
    const rb = createRedisRateLimitStore(b);
    const opts = { capacity: 5, refillPerSecond: 0.001 };
    const now = 9_000_000;
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? ra : rb).take(555, now, opts)));
    expect(all.filter((v) => v === "pass")).toHaveLength(5);
    expect(all.filter((v) => v === "notify")).toHaveLength(1);
  });

  it("a lock is exclusive and released only by its owner", async () => {
    const releaseA = await tryLock(a, "jiceng:test-lock", 60_000);
    expect(releaseA).not.toBeNull();
    expect(await tryLock(b, "jiceng:test-lock", 60_000)).toBeNull();
    // A's lock expires (simulated: deleted) and B takes it; A's late release must not free B's lock
    await a.client.del("jiceng:test-lock");
    const releaseB = await tryLock(b, "jiceng:test-lock", 60_000);
    expect(releaseB).not.toBeNull();
    expect(await releaseA!()).toBe(false);
    expect(await a.client.exists("jiceng:test-lock")).toBe(1);
    expect(await releaseB!()).toBe(true);
    expect(await a.client.exists("jiceng:test-lock")).toBe(0);
  });

  it("the chat lock: a chat's second update, on another instance, waits until the first is handled", async () => {
    const la = createRedisChatLock(a, silentLogger);
    const lb = createRedisChatLock(b, silentLogger);
    const events: string[] = [];
    const leaveA = await la.enter("chat-9");
    events.push("A handling");
    const second = lb.enter("chat-9").then((leave) => {
      events.push("B handling");
      return leave;
    });
    const otherChat = await lb.enter("chat-10"); // another chat is not held up
    await otherChat();
    await a.client.ping(); // give B's first attempts time to be refused
    events.push("A done");
    await leaveA();
    const leaveB = await second;
    await leaveB();
    expect(events).toEqual(["A handling", "A done", "B handling"]);
  });

  it("the reindex coordinator: one lock across instances; an announcement reloads the others, not the sender", async () => {
    const ca = createRedisReindexCoordinator(a, "A", silentLogger);
    const cb = createRedisReindexCoordinator(b, "B", silentLogger);
    let reloadsA = 0;
    let reloadedB: () => void = () => undefined;
    const bReloaded = new Promise<void>((r) => (reloadedB = r));
    ca.onNewIndex(async () => {
      reloadsA++;
    });
    cb.onNewIndex(async () => reloadedB());
    // both subscribers are live once a PUBLISH reaches two of them
    const subscribers = async () => ((await a.client.call("PUBSUB", "NUMSUB", "jiceng:new-index")) as [string, number])[1];
    for (let i = 0; i < 200 && (await subscribers()) < 2; i++) await new Promise((r) => setTimeout(r, 10));
    const release = await ca.acquire();
    expect(release).not.toBeNull();
    expect(await cb.acquire()).toBeNull();
    await ca.announce();
    await bReloaded;
    expect(reloadsA).toBe(0);
    await release!();
    const again = await cb.acquire();
    expect(again).not.toBeNull();
    await again!();
    await ca.close();
    await cb.close();
  });
});

describe.skipIf(!withOwnRedis)("Redis outage: local state, one warning, automatic reconnection", () => {
  it("falls back to local state while Redis is down and goes back to Redis when it returns", async () => {
    const redis = await OwnRedis.start(services.redisServer!);
    const warnings: string[] = [];
    const logger = silentLogger.child({});
    logger.warn = ((...args: unknown[]) => {
      warnings.push(String(args.find((x) => typeof x === "string")));
    }) as typeof logger.warn;
    const link = await connectRedis(redis.url, logger);
    try {
      const store = createRedisConversationStore(link);
      const limits = createRedisRateLimitStore(link);
      await store.set("c", { q: "一" }, 60_000);
      expect(link.isUp()).toBe(true);
      await redis.stop();
      // the store keeps answering from local state, rate limits too; the link says it is down
      expect(await store.get("c")).toEqual({ q: "一" });
      await store.set("c", { q: "二" }, 60_000);
      expect(await store.get("c")).toEqual({ q: "二" });
      expect(await limits.take(1, 0, { capacity: 1, refillPerSecond: 1 })).toBe("pass");
      for (let i = 0; i < 500 && link.isUp(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(link.status()).toMatch(/^down/);
      for (let i = 0; i < 20; i++) await store.get("c");
      expect(warnings.filter((w) => w.includes("Redis unreachable"))).toHaveLength(1);
      await redis.restart();
      for (let i = 0; i < 500 && !link.isUp(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(link.status()).toBe("up");
      await store.set("c", { q: "三" }, 60_000);
      expect(await link.client.get("jiceng:conv:c")).toBe(JSON.stringify({ q: "三" }));
    } finally {
      await link.close();
      await redis.stop();
    }
  });

  it("an unreachable Redis at start-up does not throw: the link starts down", async () => {
    const port = await freePort();
    const link = await connectRedis(`redis://127.0.0.1:${port}`, silentLogger, 300);
    try {
      expect(link.isUp()).toBe(false);
      const store = createRedisConversationStore(link);
      await store.set("x", [1, 2], 1000);
      expect(await store.get("x")).toEqual([1, 2]);
    } finally {
      await link.close();
    }
  });
});

describe.skipIf(!withPostgres)("PostgreSQL feedback store", () => {
  const url = services.databaseUrl!;
  beforeAll(async () => {
    const pool = new pg.Pool({ connectionString: url });
    await pool.query("DROP TABLE IF EXISTS jiceng_answer_refs, jiceng_votes, jiceng_answers, jiceng_migrations");
    await pool.end();
  });

  it("two instances starting together migrate once; ids are shared; a vote lands once on its answer", async () => {
    const pools = [new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url }), new pg.Pool({ connectionString: url })];
    const applied = await Promise.all(pools.map((p) => migrate(p)));
    // every migration is applied by exactly one of the three instances
    expect(applied.sort()).toEqual([0, 0, MIGRATIONS.length]);
    await Promise.all(pools.map((p) => p.end()));

    const [a, b] = await Promise.all([createPgFeedbackStore(url, silentLogger), createPgFeedbackStore(url, silentLogger)]);
    try {
      const base = { chatId: 1, userId: 2, refused: false, citationIds: ["bijiang:2.1"] };
      const idA = await a.recordAnswer({ ...base, question: "网格员有多少？", answer: "2468 人[1]" });
      const idB = await b.recordAnswer({ ...base, question: "社区怎么减负？", answer: "减负[1]" });
      expect(idB).not.toBe(idA);
      const where = { chatId: 1, messageId: null };
      expect(await b.vote(idA, 2, false, where)).toBe("recorded"); // pressed on B for A's answer
      expect(await a.vote(idA, 2, false, where)).toBe("recorded"); // pressed twice: still one vote
      expect(await a.vote(999_999_999, 2, true, where)).toBe("unknown"); // unknown answer: nothing stored
      await a.attachMessage(idB, 77);
      expect(await a.vote(idB, 3, true, { chatId: 9, messageId: 77 })).toBe("elsewhere"); // forged from another chat
      expect(await a.vote(idB, 3, true, { chatId: 1, messageId: 78 })).toBe("elsewhere"); // from another message
      expect(await a.totals()).toEqual({ up: 0, down: 1 });
      const down = await b.recentDown(10);
      expect(down).toHaveLength(1);
      expect(down[0]).toMatchObject({ answerId: idA, userId: 2, question: "网格员有多少？" });
      expect(a.health()).toBe("up");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("WeCom: string chat/user ids, feedback ids tied to answers, votes bound to their chat, cited passages in recentDown", async () => {
    const store = await createPgFeedbackStore(url, silentLogger);
    try {
      await checkWecomFeedback(store);
    } finally {
      await store.close();
    }
  });

  it("migration 3 keeps the votes of a database made at migration 2 (numeric Telegram ids stay numbers)", async () => {
    const pool = new pg.Pool({ connectionString: url });
    try {
      await pool.query("DROP TABLE IF EXISTS jiceng_answer_refs, jiceng_votes, jiceng_answers, jiceng_migrations");
      // a database as issue-fleet shipped it: migrations 1 and 2, a Telegram answer with a vote
      await pool.query("CREATE TABLE jiceng_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      for (const [i, sql] of MIGRATIONS.slice(0, 2).entries()) {
        await pool.query(sql);
        await pool.query("INSERT INTO jiceng_migrations (version) VALUES ($1)", [i + 1]);
      }
      const r = await pool.query<{ id: string }>(
        "INSERT INTO jiceng_answers (chat_id, user_id, question, answer, refused, citations, message_id) VALUES (42, 7, '问', '答', false, '[\"x:1.1\"]', 5) RETURNING id",
      );
      const id = Number(r.rows[0]!.id);
      await pool.query("INSERT INTO jiceng_votes (answer_id, user_id, up) VALUES ($1, 7, false)", [id]);
      expect(await migrate(pool)).toBe(MIGRATIONS.length - 2);
      const store = await createPgFeedbackStore(url, silentLogger);
      try {
        expect(await store.recentDown(1)).toEqual([expect.objectContaining({ answerId: id, userId: 7, question: "问", citationIds: ["x:1.1"] })]);
        expect(await store.vote(id, 8, true, { chatId: 42, messageId: 5 })).toBe("recorded");
        expect(await store.vote(id, 8, true, { chatId: 43, messageId: 5 })).toBe("elsewhere");
        expect(await store.totals()).toEqual({ up: 1, down: 1 });
      } finally {
        await store.close();
      }
    } finally {
      await pool.end();
    }
  });

  it("an unreachable database: start-up goes on, votes are refused with a polite Chinese message, nothing written", async () => {
    const port = await freePort();
    const store = await createPgFeedbackStore(`postgres://postgres@127.0.0.1:${port}/postgres`, silentLogger);
    try {
      expect(store.health()).toMatch(/^down/);
      const err = await store.vote(1, 2, true, { chatId: 1, messageId: null }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FeedbackUnavailableError);
      expect((err as FeedbackUnavailableError).userMessage).toMatch(/评价暂时记录不了/);
      await expect(store.recordAnswer({ chatId: 1, userId: 2, question: "问", answer: "答", refused: false, citationIds: [] })).rejects.toBeInstanceOf(
        FeedbackUnavailableError,
      );
    } finally {
      await store.close();
    }
  });
});
