/**
 * End to end: the real assistant over a temp copy of the corpus, the real
 * WeCom channel with the official SDK inside it, against the loopback
 * long-connection server in test/helpers/wecom-server.ts, which validates
 * every frame the bot sends.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../../src/assistant/types.js";
import { createFeedbackStore, type FeedbackStore } from "../../../src/channels/telegram/feedback-store.js";
import { createWecomBot, type WecomBot } from "../../../src/channels/wecom/bot.js";
import { createConfig } from "../../../src/config.js";
import { createConversation } from "../../../src/conversation/conversation.js";
import { createTestAssistant, PROJECT_ROOT } from "../../helpers/temp-project.js";
import { WecomServer } from "../../helpers/wecom-server.js";

const BOT_ID = "aibot-test-id";
const SECRET = "wecom-secret-never-in-logs-7f3a9c";
const ADMIN = "zhangsan";
/** SDK timing for tests: a heartbeat and a reconnect in milliseconds instead of 30 s / 1 s. */
const TUNING = { heartbeatInterval: 150, reconnectInterval: 20 };

const qa: { question: string; must_include?: string[] }[] = readFileSync(path.join(PROJECT_ROOT, "test/eval/qa.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { question: string; must_include?: string[] });

let server: WecomServer;
let bot: WecomBot;
let assistant: Assistant;
let feedback: FeedbackStore;
let cleanup: () => void;
const logLines: string[] = [];

beforeAll(async () => {
  server = await WecomServer.start({ botId: BOT_ID, secret: SECRET });
  const made = await createTestAssistant();
  assistant = made.assistant;
  cleanup = made.cleanup;
  const config = createConfig({ WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: SECRET, WECOM_WS_URL: server.url, WECOM_ADMIN_USERIDS: `${ADMIN},lisi` }, made.dir);
  feedback = createFeedbackStore(config.stateDir);
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  bot = createWecomBot({ conversation: createConversation(assistant), feedback, config: config.wecom!, logger, tuning: TUNING });
  await bot.start();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await server?.stop();
  await feedback?.close();
  cleanup?.();
});

/** Send a text and wait for the finished reply. */
async function ask(user: string, text: string, opts: { chatid?: string; msgid?: string } = {}) {
  return server.reply(server.sendText(user, text, opts));
}

describe("wecom channel end to end", () => {
  it("authenticates with the configured credentials and answers /help as a stream that ends with finish", async () => {
    expect(server.auth.at(-1)).toEqual({ botId: BOT_ID, ok: true });
    const r = await ask("wangwu", "/help");
    expect(r.frames[0]?.body?.stream?.content).toBe("正在检索…");
    expect(r.frames.at(-1)?.body?.stream?.finish).toBe(true);
    expect(r.content).toContain("/stats");
    expect(r.content).not.toContain("/reindex"); // not an admin
  });

  it("keeps the connection alive with heartbeats the server acks", async () => {
    const before = server.pings;
    await server.until(() => server.pings >= before + 2);
    expect(server.connections).toBe(1);
  });

  it("answers 10 eval questions with [n] citations and a source list", async () => {
    for (const item of qa.slice(0, 10)) {
      const r = await ask("zhaoliu", item.question);
      expect(r.content, item.question).toMatch(/\[1\]/);
      expect(r.content).toContain("/source ");
      for (const must of item.must_include ?? []) expect(r.content, item.question).toContain(must);
    }
  });

  it("/stats 网格员 shows 2468", async () => {
    expect((await ask("zhaoliu", "/stats 网格员")).content).toContain("2468");
  });

  it("answers a group question only when the bot is mentioned, without the mention", async () => {
    const chatid = "group-1";
    const ignored = server.sendText("qianqi", "今天开会吗", { chatid });
    const r = await ask("qianqi", "@基层通 网格员有多少", { chatid });
    expect(r.content).toContain("2468");
    expect(server.callbacks.get(ignored)?.frames).toEqual([]); // same chat, in order: it would have come first
  });

  it("answers a redelivered msgid once", async () => {
    const first = server.sendText("sunba", "社区怎么减负", { msgid: "dup-1" });
    const again = server.sendText("sunba", "社区怎么减负", { msgid: "dup-1" });
    await server.reply(first);
    await ask("sunba", "/help"); // the same chat runs in order: a reply to the redelivery would be here by now
    expect(server.callbacks.get(again)?.frames).toEqual([]);
  });

  it("welcomes on enter_chat with three example questions", async () => {
    const r = await server.reply(server.sendEvent("newcomer", "enter_chat"));
    expect(r.frames[0]?.cmd).toBe("aibot_respond_welcome_msg");
    for (const q of assistant.info().samples.questions.slice(0, 3)) expect(r.content).toContain(q);
  });

  it("stores a 👎 feedback_event against the answer that carried the feedback id", async () => {
    const r = await ask("zhouj", "社区工作者平均报酬是多少");
    const ref = r.frames[0]?.body?.stream?.feedback?.id;
    expect(ref).toBeTruthy();
    const before = (await feedback.totals()).down;
    server.sendEvent("zhouj", "feedback_event", { id: ref, type: 2 });
    await ask("zhouj", "/help"); // frames are handled in order: the event was handled before this reply
    expect((await feedback.totals()).down).toBe(before + 1);
    expect((await feedback.recentDown(1))[0]?.question).toBe("社区工作者平均报酬是多少");
  });

  it("counts a feedback_event only from the chat the answer was sent to", async () => {
    const r = await ask("zhouj", "网格员有多少");
    const ref = r.frames[0]?.body?.stream?.feedback?.id;
    expect(ref).toBeTruthy();
    const before = await feedback.totals();
    // the same feedback id named from a group the answer never went to: not counted
    server.sendEvent("zhouj", "feedback_event", { id: ref, type: 1 }, { chatid: "group-elsewhere" });
    await ask("zhouj", "@基层通 /help", { chatid: "group-elsewhere" });
    await ask("zhouj", "/help");
    expect(await feedback.totals()).toEqual(before);
  });

  it("notes what it cannot read (images, voice)", async () => {
    const r = await server.reply(server.sendOther("wu", "image", { url: "http://127.0.0.1:1/x", aeskey: "x" }));
    expect(r.content).toContain("图片");
  });

  it("refuses a non-admin's upload and changes nothing", async () => {
    const reports = assistant.info().reports;
    const r = await server.reply(server.sendFile("wangwu", "新报告.txt", Buffer.from("# 新报告\n\n正文。")));
    expect(r.content).toContain("只有管理员");
    expect(assistant.info().reports).toBe(reports);
  });

  it("adds an admin's encrypted report, which is then answerable", async () => {
    const report =
      "# 测试区推行楼栋议事会\n\n## 楼栋议事 共商共治\n\n测试区在各小区推行楼栋议事会制度，全区共建成楼栋议事会86个，居民有事就在楼栋里商量解决。\n";
    const r = await server.reply(server.sendFile(ADMIN, "测试区楼栋议事会.txt", Buffer.from(report, "utf8")));
    expect(r.content).toContain("已添加报告");
    expect(r.content).not.toMatch(/向量|复用/);
    const a = await ask(ADMIN, "楼栋议事会建成了多少个");
    expect(a.content).toContain("86");
  });

  it("asks before replacing a report of the same name; 确认 replaces it", async () => {
    const newer = "# 测试区推行楼栋议事会\n\n## 楼栋议事 共商共治\n\n测试区全区共建成楼栋议事会120个，居民有事就在楼栋里商量解决。\n";
    const q = await server.reply(server.sendFile(ADMIN, "测试区楼栋议事会.txt", Buffer.from(newer, "utf8")));
    expect(q.content).toContain("同名报告");
    expect((await ask(ADMIN, "楼栋议事会建成了多少个")).content).toContain("86"); // nothing changed yet (and the question dropped it)
    expect((await ask(ADMIN, "确认")).content).toContain("没有等待确认");
    await server.reply(server.sendFile(ADMIN, "测试区楼栋议事会.txt", Buffer.from(newer, "utf8")));
    expect((await ask(ADMIN, "确认")).content).toContain("已替换报告");
    expect((await ask(ADMIN, "楼栋议事会建成了多少个")).content).toContain("120");
  });

  it("runs /reports and /reindex for admins (progress in the same stream), refuses them to others", async () => {
    expect((await ask(ADMIN, "/reports")).content).toContain("测试区楼栋议事会.txt");
    const r = await ask(ADMIN, "/reindex");
    expect(r.content).toContain("索引已更新");
    expect(r.frames.length).toBeGreaterThanOrEqual(2);
    expect((await ask("wangwu", "/reindex")).content).toContain("仅限管理员");
    expect((await ask("wangwu", "/id")).content).toContain("wangwu");
  });

  it("answers 20 users × 3 questions at once, every reply finished", async () => {
    const questions = ["网格员有多少", "社区怎么减负", "/stats 网格员"];
    const ids = Array.from({ length: 20 }, (_, u) => questions.map((q) => server.sendText(`user${u}`, q))).flat();
    const replies = await Promise.all(ids.map((id) => server.reply(id)));
    expect(replies.every((r) => r.finished && r.content.length > 0)).toBe(true);
  });

  it("reconnects after the connection drops and answers again", async () => {
    const authsBefore = server.auth.length;
    server.dropConnections();
    await server.until(() => server.auth.length > authsBefore && server.connections === 1);
    expect((await ask("zhaoliu", "/stats 网格员")).content).toContain("2468");
  });

  it("sent only valid frames and never logged the secret", () => {
    expect(server.violations).toEqual([]);
    expect(logLines.join("")).not.toContain(SECRET);
  });
});

describe("wecom start-up with wrong credentials", () => {
  it("logs a clear, secret-free error and retries with backoff", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "debug" }, new Writable({ write: (c, _e, d) => (lines.push(String(c)), d()) }));
    const wrong = "wrong-secret-should-not-appear";
    const config = createConfig({ WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: wrong, WECOM_WS_URL: server.url });
    const conv = createConversation(assistant);
    const b = createWecomBot({ conversation: conv, feedback, config: config.wecom!, logger, tuning: TUNING });
    const failedBefore = server.auth.filter((a) => !a.ok).length;
    void b.start();
    await server.until(() => server.auth.filter((a) => !a.ok).length >= failedBefore + 2);
    await b.stop();
    const text = lines.join("");
    expect(text).toContain("WECOM_BOT_SECRET");
    expect(text).not.toContain(wrong);
  });
});
