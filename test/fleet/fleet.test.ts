/**
 * Fleet mode end to end: two full bot instances (A and B, in this process,
 * each with its own assistant, STATE_DIR, HTTP port and Redis/PostgreSQL
 * clients) on one shared REPORTS_DIR/INDEX_DIR, behind a round-robin loopback
 * load balancer that skips an instance whose /healthz fails. telegram-test-api
 * plays Telegram for the bots' API calls; the test itself plays Telegram's
 * webhook delivery (as the notes advise): it takes the users' updates from the
 * emulator and POSTs them to the load balancer with the secret header, one
 * chat's updates in order, each after the previous one was handled.
 *
 * Redis is this test's own redis-server (so it can be stopped mid-run);
 * PostgreSQL is the one scripts/test-services.sh started.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/assistant/assistant.js";
import type { Assistant } from "../../src/assistant/types.js";
import { unpackCallbackData } from "../../src/channels/telegram/callback-data.js";
import { messages } from "../../src/channels/telegram/messages.js";
import { type BotHandle, startBot, WebhookActiveError } from "../../src/channels/telegram/run.js";
import { createConfig, type Config } from "../../src/config.js";
import { createSharedState, type SharedState } from "../../src/fleet/shared-state.js";
import { silentLogger } from "../../src/logger.js";
import { LoadBalancer } from "../../src/bench/load-balancer.js";
import { freePort, OwnRedis, services, servicesAvailable } from "../helpers/services.js";
import { type BotMessage, TelegramEmulator, type TestUser } from "../helpers/telegram-emulator.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TOKEN = "123456789:AAF-fleet-emulator-token-never-logged";
const SECRET = "fleet-shared-secret_0123456789";
const ADMIN_1 = 901;
const ADMIN_2 = 902;
/** The spec: after a reindex on one instance, the other answers from the new index within this long. */
const NEW_INDEX_DEADLINE_MS = 10_000;

const NEW_REPORT = `# 德江县推行院坝议事会

德江县在村民小组推行院坝议事会，群众有事在院坝里商量，每月至少召开一次。

## 主要做法

院坝议事会由村民小组长召集，党员、群众代表和乡贤参加，议定的事项张榜公示。截至目前，全县共建成院坝议事会326个，化解邻里纠纷1200余起。
`;

const enabled = servicesAvailable("fleet end to end", ["postgres", "redis-server"]);

interface Instance {
  name: string;
  config: Config;
  shared: SharedState;
  assistant: Assistant;
  handle: BotHandle;
  stopped: boolean;
}

let dir: string;
let emu: TelegramEmulator;
let redis: OwnRedis;
let lb: LoadBalancer;
const instances: Instance[] = [];
let db: pg.Pool;

async function startInstance(name: string, port: number, publicUrl: string): Promise<Instance> {
  const config = createConfig(
    {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emu.apiRoot,
      ADMIN_IDS: `${ADMIN_1},${ADMIN_2}`,
      WEBHOOK_URL: publicUrl,
      WEBHOOK_SECRET: SECRET,
      PORT: String(port),
      REDIS_URL: redis.url,
      DATABASE_URL: services.databaseUrl!,
      INSTANCE_ID: name,
      REPORTS_DIR: "reports",
      INDEX_DIR: "index",
      LEXICON_DIR: "lexicon",
      STATE_DIR: `state-${name}`,
    },
    dir,
  );
  const shared = await createSharedState(config, silentLogger);
  const assistant = await createAssistant(config, {
    logger: silentLogger,
    conversations: shared.conversations,
    ...(shared.reindex ? { reindex: shared.reindex } : {}),
  });
  const handle = await startBot(assistant, config, silentLogger, { shared });
  return { name, config, shared, assistant, handle, stopped: false };
}

beforeAll(async () => {
  if (!enabled) return;
  dir = mkdtempSync(path.join(tmpdir(), "jiceng-fleet-"));
  cpSync(path.join(ROOT, "data/reports"), path.join(dir, "reports"), { recursive: true });
  cpSync(path.join(ROOT, "data/lexicon"), path.join(dir, "lexicon"), { recursive: true });
  db = new pg.Pool({ connectionString: services.databaseUrl });
  await db.query("DROP TABLE IF EXISTS jiceng_votes, jiceng_answers, jiceng_migrations");
  redis = await OwnRedis.start(services.redisServer!);
  emu = await TelegramEmulator.start({ token: TOKEN });
  const [portA, portB] = [await freePort(), await freePort()];
  lb = new LoadBalancer([
    { name: "A", url: `http://127.0.0.1:${portA}` },
    { name: "B", url: `http://127.0.0.1:${portB}` },
  ]);
  await lb.start();
  const publicUrl = `${lb.url}/telegram`;
  // A builds the shared index; B, started next, loads it (both migrate the feedback schema)
  instances.push(await startInstance("A", portA, publicUrl));
  instances.push(await startInstance("B", portB, publicUrl));
}, 120_000);

afterAll(async () => {
  for (const i of instances) {
    if (!i.stopped) await i.handle.stop();
    await i.shared.close();
  }
  await lb?.close();
  await emu?.close();
  await redis?.stop();
  await db?.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const instance = (name: string) => instances.find((i) => i.name === name)!;

/** POST one update to the load balancer as Telegram would; returns the status and the instance that served it. */
async function post(update: Record<string, unknown>, secret: string | null = SECRET): Promise<{ status: number; via: string }> {
  const r = await fetch(`${lb.url}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
    body: JSON.stringify(update),
  });
  await r.arrayBuffer();
  return { status: r.status, via: r.headers.get("x-served-by") ?? "?" };
}

/** A user acts in the emulator; the pending update is delivered through the load balancer (to `via` when given). */
async function deliver(act: () => Promise<void>, via?: "A" | "B"): Promise<string> {
  await act();
  const updates = emu.takeUpdates();
  expect(updates).toHaveLength(1);
  if (via) lb.next(via);
  const r = await post(updates[0]!);
  expect(r.status).toBe(200);
  if (via) expect(r.via).toBe(via);
  return r.via;
}

/** Ask in a private chat through the fleet; the answer is the bot's reply to the question. */
async function ask(user: TestUser, question: string, via?: "A" | "B"): Promise<BotMessage & { via: string }> {
  const before = user.messages().length;
  const served = await deliver(() => user.say(question), via);
  const answer = await user.waitFor((m) => m.slice(before).find((x) => x.replyTo !== undefined), 20_000, `an answer to ${question}`);
  return { ...answer, via: served };
}

const cited = (m: BotMessage) => m.buttons.map((b) => unpackCallbackData(b.data)).flatMap((d) => (d?.kind === "source" ? [d.id] : []));

describe.skipIf(!enabled)("fleet: two instances behind a load balancer, Redis and PostgreSQL", () => {
  it("every instance registered the same webhook with the shared secret", () => {
    expect(emu.webhook).toEqual({ url: `${lb.url}/telegram`, secret: SECRET });
    expect(emu.calls.filter((c) => c.method === "setWebhook").map((c) => c.payload.secret_token)).toEqual([SECRET, SECRET]);
    expect(emu.calls.some((c) => c.method === "deleteWebhook")).toBe(false);
  });

  it("an update without the secret, or with a wrong one, is rejected by either instance", async () => {
    const user = emu.user(300);
    await user.say("社区怎么减负？");
    const [update] = emu.takeUpdates();
    lb.next("A");
    expect(await post(update!, null)).toEqual({ status: 401, via: "A" });
    expect(await post(update!, "wrong-secret-0123456789")).toEqual({ status: 401, via: "B" });
    expect(user.messages()).toEqual([]);
  });

  it("a follow-up reaching the other instance is understood: 那思南呢？ via B after A's answer", async () => {
    const user = emu.user(301);
    const first = await ask(user, "碧江业委会和物业怎么三方联动", "A");
    expect(first.text).toContain("碧江");
    const next = await ask(user, "那思南呢？", "B");
    expect(next.text).toContain("思南");
    expect(cited(next).length).toBeGreaterThan(0);
    expect(next.text).not.toContain(messages.apology);
  });

  it("还有吗？ on the other instance leaves out what was already shown", async () => {
    // issue 11: 还有吗 gives the unshown sentences of the same sources first, so what must not come back
    // is a sentence already shown (the conversation state, with its shown sentences, lives in Redis)
    const user = emu.user(302);
    const first = await ask(user, "社区怎么减负", "B");
    const more = await ask(user, "还有吗？", "A");
    expect(cited(first).length).toBeGreaterThan(0);
    expect(cited(more).length).toBeGreaterThan(0);
    const sentences = (t: string) =>
      t
        .split(/(?<=。)/u)
        .map((x) =>
          x
            .replace(/^[^】]*】|^[•\s]+/gu, "")
            .replace(/\[\d+\]/gu, "")
            .trim(),
        )
        .filter((x) => x.length > 12 && x.endsWith("。"));
    const shown = new Set(sentences(first.text));
    expect(sentences(more.text).filter((x) => shown.has(x))).toEqual([]);
  });

  it("a user flooding through both instances gets exactly one notice", async () => {
    const user = emu.user(303);
    const served: string[] = [];
    for (let i = 0; i < 14; i++) served.push(await deliver(() => user.say(`网格员有多少？${i}`)));
    expect(new Set(served)).toEqual(new Set(["A", "B"]));
    await user.waitFor((m) => m.some((x) => x.text === messages.rateLimited), 10_000, "the notice");
    expect(user.messages().filter((m) => m.text === messages.rateLimited)).toHaveLength(1);
    // the capacity is the intended one across the fleet (8), not 8 per instance
    expect(user.messages().filter((m) => m.replyTo !== undefined).length).toBeLessThan(12);
  });

  it("👍 pressed via B on A's answer is stored once, against that answer, in PostgreSQL", async () => {
    const user = emu.user(304);
    const answer = await ask(user, "网格员有多少？", "A");
    const up = answer.buttons.find((b) => unpackCallbackData(b.data)?.kind === "feedback" && b.data.startsWith("f:+"));
    expect(up).toBeDefined();
    const data = unpackCallbackData(up!.data);
    const answerId = data?.kind === "feedback" ? data.answerId : -1;
    await deliver(() => user.press(up!.data, answer), "B");
    await deliver(() => user.press(up!.data, answer), "A"); // pressed again on the other instance: still one vote
    // (the emulator's callback queries carry the bot as `from`, so votes are looked up by answer)
    const votes = await db.query<{ answer_id: string; up: boolean; question: string }>(
      "SELECT v.answer_id, v.up, a.question FROM jiceng_votes v JOIN jiceng_answers a ON a.id = v.answer_id WHERE a.chat_id = $1",
      [user.chatId],
    );
    expect(votes.rows).toEqual([{ answer_id: String(answerId), up: true, question: "网格员有多少？" }]);
  });

  it("/reindex via A after a new report: B answers about it within 10 s; a /reindex via B meanwhile is refused", async () => {
    writeFileSync(path.join(dir, "reports", "dejiang-yuanba.md"), NEW_REPORT);
    const admin1 = emu.user(ADMIN_1);
    const admin2 = emu.user(ADMIN_2);
    const b = instance("B");
    const reportsBefore = b.assistant.info().reports;
    const started = Date.now();
    await admin1.command("/reindex full");
    const [reindexA] = emu.takeUpdates();
    lb.next("A");
    const first = post(reindexA!); // A holds the webhook request while it reindexes
    // once A holds the fleet's reindex lock, B's /reindex (another admin, another chat) must be refused
    for (let i = 0; i < 2000 && !(await redisHas("jiceng:reindex-lock")); i++) await new Promise((r) => setTimeout(r, 5));
    await deliver(() => admin2.command("/reindex"), "B");
    const refusal = await admin2.waitFor((m) => m.find((x) => x.text.includes(messages.reindexBusy)), 20_000, "the busy message");
    expect(refusal).toBeDefined();
    expect((await first).via).toBe("A");
    await admin1.waitFor((m) => m.find((x) => /报告|篇/.test(x.text) && !x.text.includes(messages.reindexStarted)), 30_000, "the reindex summary");
    while (b.assistant.info().reports === reportsBefore && Date.now() - started < NEW_INDEX_DEADLINE_MS) await new Promise((r) => setTimeout(r, 20));
    expect(b.assistant.info().reports).toBe(reportsBefore + 1);
    const user = emu.user(305);
    const answer = await ask(user, "德江县院坝议事会是怎么做的？", "B");
    expect(Date.now() - started).toBeLessThan(NEW_INDEX_DEADLINE_MS);
    expect(answer.text).toContain("院坝议事会");
    expect(cited(answer).some((id) => id.startsWith("dejiang"))).toBe(true);
  });

  it("with Redis stopped mid-run, answers go on from local state and /healthz says so", async () => {
    await redis.stop();
    const user = emu.user(306);
    const vias: string[] = [];
    for (const q of ["社区怎么减负？", "网格员有多少？", "红色物业怎么搞三方联动？", "碧江网格员有多少"]) {
      const a = await ask(user, q);
      expect(a.text).not.toContain(messages.apology);
      expect(cited(a).length).toBeGreaterThan(0);
      vias.push(a.via);
    }
    expect(new Set(vias)).toEqual(new Set(["A", "B"]));
    const health = (await (await fetch(`${lb.backends[0]!.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, instance: "A", postgres: "up" });
    expect(String(health.redis)).toMatch(/^down/);
    await redis.restart();
  });

  it("after A is killed, 10 more questions are all answered via B", async () => {
    const a = instance("A");
    await a.handle.stop();
    a.stopped = true;
    const questions = ["社区怎么减负？", "网格员有多少？", "红色物业怎么搞三方联动？", "碧江网格员有多少", "思南县怎么调解矛盾？"];
    const vias: string[] = [];
    for (const [i, user] of [emu.user(307), emu.user(308)].entries()) {
      for (const q of questions) {
        const answer = await ask(user, q);
        expect(answer.text, `${i}: ${q}`).not.toContain(messages.apology);
        vias.push(answer.via);
      }
    }
    expect(vias).toEqual(Array.from({ length: 10 }, () => "B"));
  });
});

describe.skipIf(!enabled)("fleet: a stray polling instance", () => {
  it("refuses to start while a webhook is set, says why, and leaves the webhook alone", async () => {
    const config = createConfig(
      { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emu.apiRoot, REPORTS_DIR: "reports", INDEX_DIR: "index", LEXICON_DIR: "lexicon", STATE_DIR: "state-polling" },
      dir,
    );
    const assistant = instance("B").assistant;
    const err = await startBot(assistant, config, silentLogger).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookActiveError);
    expect((err as WebhookActiveError).userMessage).toContain("Webhook");
    expect(emu.webhook?.secret).toBe(SECRET);
    expect(emu.calls.some((c) => c.method === "deleteWebhook")).toBe(false);
  });
});

/** Whether a key exists in the test's Redis (a fresh connection each time: cheap on loopback). */
async function redisHas(key: string): Promise<boolean> {
  const { Redis } = await import("ioredis");
  const c = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await c.connect();
    return (await c.exists(key)) === 1;
  } finally {
    c.disconnect();
  }
}
