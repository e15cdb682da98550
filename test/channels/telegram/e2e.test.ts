/**
 * End to end: the real assistant over a temp copy of the corpus, the real bot
 * started by `startBot` (runner long polling, auto-retry, command menu) against
 * telegram-test-api on loopback behind the test proxy, and users talking to it
 * through the emulator's client.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import iconv from "iconv-lite";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../../src/assistant/assistant.js";
import type { Assistant } from "../../../src/assistant/types.js";
import { unpackCallbackData } from "../../../src/channels/telegram/callback-data.js";
import { messages } from "../../../src/channels/telegram/messages.js";
import { parseExamples } from "../../../src/search/lexicon.js";
import { type BotHandle, startBot } from "../../../src/channels/telegram/run.js";
import { createConfig } from "../../../src/config.js";
import { type BotMessage, TelegramEmulator, type TestUser } from "../../helpers/telegram-emulator.js";
import { telegramHtmlError } from "../../helpers/telegram-html.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
// The project's own eval questions (test/eval/qa.jsonl): always there, every one answerable.
const OWN_QA = path.join(ROOT, "test/eval/qa.jsonl");
const TOKEN = "987654321:AAE2e-emulator-token-never-in-logs";
const ADMIN_ID = 900;

const evalQuestions: { id: string; question: string; must_include?: string[] }[] = readFileSync(OWN_QA, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; question: string; must_include?: string[] });

let dir: string;
let emu: TelegramEmulator;
let handle: BotHandle;
let assistant: Assistant;
const logLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "jiceng-e2e-"));
  cpSync(path.join(ROOT, "data/reports"), path.join(dir, "reports"), { recursive: true });
  cpSync(path.join(ROOT, "data/lexicon"), path.join(dir, "lexicon"), { recursive: true });
  emu = await TelegramEmulator.start({ token: TOKEN, maxPollSeconds: 10 });
  const config = createConfig(
    {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emu.apiRoot,
      ADMIN_IDS: String(ADMIN_ID),
      REPORTS_DIR: "reports",
      INDEX_DIR: "index",
      LEXICON_DIR: "lexicon",
      STATE_DIR: "state",
    },
    dir,
  );
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    }),
  );
  assistant = await createAssistant(config, { logger });
  handle = await startBot(assistant, config, logger, { pollingTimeoutSeconds: 10 });
}, 120_000);

afterAll(async () => {
  await handle?.stop();
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every HTML reply must be one Telegram accepts. */
function expectValid(m: BotMessage): void {
  expect(telegramHtmlError(m.text), m.text.slice(0, 200)).toBeNull();
}

const sourceButtons = (m: BotMessage) => m.buttons.filter((b) => unpackCallbackData(b.data)?.kind === "source");

/** Ask in a private chat and wait for the answer that replies to this question. */
async function askAndWait(user: TestUser, question: string): Promise<BotMessage> {
  const before = user.messages().length;
  await user.say(question);
  return user.waitFor((msgs) => msgs.slice(before).find((m) => m.replyTo !== undefined), 30_000, `an answer to ${question}`);
}

describe("Telegram bot end to end (telegram-test-api)", () => {
  it("registers a Chinese command menu and does not trip over the emulator's missing methods", async () => {
    const deadline = Date.now() + 5000;
    while (!emu.calls.some((c) => c.method === "setMyCommands") && Date.now() < deadline) await emu.nextEvent(100);
    const menu = emu.calls.find((c) => c.method === "setMyCommands");
    const commands = menu?.payload.commands as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(["start", "help", "ask", "stats", "examples", "sources", "source"]));
    for (const c of commands) expect(c.description).toMatch(/[\u4e00-\u9fff]/);
  });

  it("/start: a Chinese welcome with three example questions as buttons that ask them", async () => {
    const user = emu.user(101, { firstName: "小李" });
    const welcome = await user.ask(() => user.command("/start"));
    expectValid(welcome);
    expect(welcome.text).toContain("小李");
    expect(welcome.text).toContain("基层通");
    expect(welcome.buttons.map((b) => b.text)).toHaveLength(3);
    const before = user.messages().length;
    await user.press(welcome.buttons[0]!.data, welcome);
    const answer = await user.waitFor((m) => m.slice(before).find((x) => sourceButtons(x).length > 0), 20_000, "the example's answer");
    const shipped = parseExamples(readFileSync(path.join(ROOT, "data/lexicon/examples.txt"), "utf8"));
    expect(user.messages().slice(before)[0]?.text).toContain(shipped.questions[0]);
    expectValid(answer);
    expect(answer.text).toContain("[1]");
  });

  it("/help lists the commands in Chinese", async () => {
    const user = emu.user(102);
    const help = await user.ask(() => user.command("/help"));
    expectValid(help);
    for (const c of ["/ask", "/stats", "/examples", "/sources", "/source"]) expect(help.text).toContain(c);
    expect(help.text).not.toContain("/reindex");
  });

  it("answers 10 questions from the eval set with [n] citations, a source list and source buttons", async () => {
    const picked = evalQuestions.filter((_, i) => i % 4 === 0).slice(0, 10);
    expect(picked).toHaveLength(10);
    const users = [emu.user(110), emu.user(111)];
    let mustHits = 0;
    for (const [i, q] of picked.entries()) {
      const answer = await askAndWait(users[i % 2]!, q.question);
      expectValid(answer);
      expect(answer.text, q.question).toMatch(/\[1\]/);
      expect(answer.text, q.question).toContain("来源");
      expect(sourceButtons(answer).length, q.question).toBeGreaterThan(0);
      expect(answer.buttons.some((b) => b.text.includes("👍"))).toBe(true);
      if ((q.must_include ?? []).every((s) => answer.text.includes(s))) mustHits++;
    }
    console.log(`[e2e] eval questions whose answer holds every must_include string: ${mustHits}/10`);
  });

  it("/stats 网格员 shows 2468", async () => {
    const user = emu.user(120);
    const stats = await user.ask(() => user.command("/stats 网格员"));
    expectValid(stats);
    expect(stats.text).toContain("2468");
  });

  it("a source button opens the full passage behind the citation", async () => {
    const user = emu.user(130);
    const answer = await askAndWait(user, "网格员有多少人？");
    const button = sourceButtons(answer)[0]!;
    const id = (unpackCallbackData(button.data) as { id: string }).id;
    const passage = assistant.source(id);
    expect(passage).not.toBeNull();
    const shown = await user.ask(() => user.press(button.data, answer));
    expectValid(shown);
    expect(shown.text).toContain(`<code>${id}</code>`);
    expect(shown.text).toContain(passage!.text.slice(0, 30).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
  });

  it("/examples, /sources, and for the admin /reports and /feedback (after a 👎) render valid HTML from the real corpus", async () => {
    const user = emu.user(135);
    const examples = await user.ask(() => user.command("/examples 红色物业"));
    expectValid(examples);
    expect(examples.text).toContain("红色物业");
    const sources = await user.ask(() => user.command("/sources"));
    expectValid(sources);
    expect(sources.text).toContain("碧江");
    const answer = await askAndWait(user, "社工工资多少");
    const down = answer.buttons.find((b) => b.text.includes("👎"))!;
    await user.press(down.data, answer);
    const deadline = Date.now() + 5000;
    while (!emu.calls.some((c) => c.method === "answerCallbackQuery" && c.payload.text === messages.feedbackThanksDown) && Date.now() < deadline) {
      await emu.nextEvent(100);
    }
    const admin = emu.user(ADMIN_ID);
    const reports = await admin.ask(() => admin.command("/reports"));
    expectValid(reports);
    expect(reports.text).toContain("tongren-governance-digest.txt");
    const feedback = await admin.ask(() => admin.command("/feedback"));
    expectValid(feedback);
    expect(feedback.text).toContain("社工工资多少");
  });

  it("refuses /reindex and uploads from a non-admin, and nothing changes", async () => {
    const user = emu.user(140);
    const before = JSON.stringify(assistant.sources());
    const refused = await user.ask(() => user.command("/reindex"));
    expect(refused.text).toBe(messages.adminOnly);
    emu.addFile("F-stranger", "x.txt", new TextEncoder().encode("# 标题\n\n正文。"));
    const upload = await user.ask(() => user.sendDocument("F-stranger", "x.txt", 20));
    expect(upload.text).toBe(messages.uploadRefused);
    expect(emu.calls.some((c) => c.method === "getFile" && c.payload.file_id === "F-stranger")).toBe(false);
    expect(JSON.stringify(assistant.sources())).toBe(before);
  });

  it("explains what it understands when sent a sticker or location", async () => {
    const user = emu.user(170);
    const note = await user.ask(async () => {
      const msg = user.client.makeMessage("", {
        sticker: { file_id: "st", file_unique_id: "st", type: "regular", width: 512, height: 512, is_animated: false, is_video: false },
      }) as unknown as Record<string, unknown>;
      delete msg.text;
      await user.client.sendMessage(msg as unknown as Parameters<typeof user.client.sendMessage>[0]);
    });
    expect(note.text).toBe(messages.unsupportedMessage);
  });

  it("20 users asking 5 questions each at once: every question answered exactly once", async () => {
    const users = Array.from({ length: 20 }, (_, i) => emu.user(1000 + i));
    const plan = users.map((u, i) => ({
      user: u,
      questions: Array.from({ length: 5 }, (_, j) => evalQuestions[(i * 5 + j) % evalQuestions.length]!.question),
    }));
    const sentAt = new Map<string, number>();
    const key = (chat: number, text: string) => `${chat}\u0000${text}`;
    await Promise.all(
      plan.map(async ({ user, questions }) => {
        for (const q of questions) {
          sentAt.set(key(user.chatId, q), Date.now());
          await user.say(q);
        }
      }),
    );
    const deadline = Date.now() + 120_000;
    const answered = () => {
      const byReply = new Map<number, number>();
      for (const m of emu.botMessages()) if (m.replyTo !== undefined) byReply.set(m.replyTo, (byReply.get(m.replyTo) ?? 0) + 1);
      return byReply;
    };
    const questionIds = () => emu.userMessages().filter((m) => m.text !== undefined && sentAt.has(key(m.chatId, m.text)));
    while (Date.now() < deadline) {
      const ids = questionIds();
      const counts = answered();
      if (ids.length === 100 && ids.every((q) => counts.has(q.messageId))) break;
      await emu.nextEvent(500);
    }
    const ids = questionIds();
    const counts = answered();
    expect(ids).toHaveLength(100);
    for (const q of ids) expect(counts.get(q.messageId), `${q.chatId}: ${q.text}`).toBe(1);
    // Nobody was rate limited, and each chat holds exactly its 5 answers.
    for (const u of users) {
      expect(u.messages().filter((m) => m.text === messages.rateLimited)).toEqual([]);
      expect(u.messages().filter((m) => m.replyTo !== undefined)).toHaveLength(5);
    }
    const replies = new Map(
      emu
        .botMessages()
        .filter((m) => m.replyTo !== undefined)
        .map((m) => [m.replyTo!, m]),
    );
    const latencies = ids.map((q) => replies.get(q.messageId)!.time - sentAt.get(key(q.chatId, q.text!))!).sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
    console.log(`[e2e] 20 users × 5 questions: reply time p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${latencies.at(-1)} ms`);
  }, 150_000);

  it("an admin's /reindex edits one progress message into a summary while another user's questions are answered", async () => {
    // A bigger corpus so the rebuild takes long enough for questions to arrive during it:
    // twenty back issues of the digest under their own titles.
    const digest = readFileSync(path.join(dir, "reports", "tongren-governance-digest.txt"), "utf8");
    const backIssues = Array.from({ length: 20 }, (_, k) => digest.replace(/^# (.+)$/gm, `# $1（往期${k + 1}）`)).join("\n\n");
    writeFileSync(path.join(dir, "reports", "back-issues.txt"), backIssues);
    const admin = emu.user(ADMIN_ID);
    const other = emu.user(150);
    const adminBefore = admin.messages().length;
    const otherBefore = other.messages().length;
    await admin.command("/reindex full");
    const questions = ["社工工资多少", "蓝色港湾小区业主里有多少党员", "万山一共有多少村干部"];
    for (const q of questions) await other.say(q);
    const summary = await admin.waitFor((m) => m.slice(adminBefore).find((x) => x.text.includes("索引已更新")), 60_000, "the reindex summary");
    const answers = await other.waitFor(
      (m) => {
        const got = m.slice(otherBefore).filter((x) => x.replyTo !== undefined);
        return got.length >= questions.length ? got : null;
      },
      30_000,
      "answers during reindex",
    );
    expect(admin.messages().slice(adminBefore)).toHaveLength(1); // one message, edited in place
    expectValid(summary);
    expect(summary.text).toMatch(/报告 \d+ 份 · 文章 \d+ 篇 · 段落 \d+ 个 · 数据 \d+ 条/);
    expect(summary.text).toMatch(/用时 [\d.]+ 秒/);
    for (const a of answers) expect(a.text).toContain("[1]");
    expect(summary.text).toContain("back-issues.txt");
    const edits = emu.calls.filter((c) => c.method === "editMessageText" && c.at >= summary.time);
    const finished = edits.at(-1)!.at;
    console.log(
      `[e2e] reindex: ${edits.length} edit(s) of the progress message over ${finished - summary.time} ms; ` +
        `${answers.filter((a) => a.time < finished).length}/${answers.length} of the other user's answers were sent before the summary ` +
        `(at ${answers.map((a) => a.time - summary.time).join(", ")} ms after the reindex began)`,
    );
  }, 90_000);

  it("an uploaded GBK report becomes answerable, and sending it again is recognised as a duplicate", async () => {
    const admin = emu.user(ADMIN_ID);
    const report = [
      "# 江口县：“板凳会”议出乡村治理新路子",
      "",
      "江组宣",
      "",
      "近年来,江口县坚持把“板凳会”作为村民议事协商的重要平台,推动群众的事群众商量着办,让村民在家门口就能说事、议事、办事。",
      "",
      "## 搭建议事平台",
      "",
      "全县共建立村级“板凳会”136个,累计召开议事会议2150场次,解决群众急难愁盼问题860余件。",
      "",
      "## 完善议事机制",
      "",
      "各村建立“提事、议事、办事、评事”四步工作法,由村党组织书记牵头,村民代表、乡贤能人共同参与,议定事项在村务公开栏公示。",
    ].join("\n");
    const bytes = iconv.encode(report, "gbk");
    expect(Buffer.from(bytes).toString("utf8")).not.toContain("板凳会"); // really GBK, not UTF-8
    emu.addFile("F-gbk", "江口县板凳会.txt", bytes);
    const before = admin.messages().length;
    await admin.sendDocument("F-gbk", "江口县板凳会.txt", bytes.byteLength);
    const done = await admin.waitFor((m) => m.slice(before).find((x) => x.text.includes("已添加") || x.text.includes("❌")), 60_000, "the upload result");
    expectValid(done);
    expect(done.text).toContain("已添加");
    expect(done.text).toContain("板凳会");
    expect(admin.messages().slice(before)).toHaveLength(1);

    const user = emu.user(160);
    const answer = await askAndWait(user, "江口县的板凳会建了多少个");
    expectValid(answer);
    expect(answer.text).toContain("136");
    expect(answer.text).toContain("板凳会");

    const again = admin.messages().length;
    await admin.sendDocument("F-gbk", "江口县板凳会-副本.txt", bytes.byteLength);
    const dup = await admin.waitFor(
      (m) => m.slice(again).find((x) => /相同|重复|已有|已经/.test(x.text) && !x.text.startsWith("⏳")),
      30_000,
      "the duplicate notice",
    );
    expectValid(dup);
    console.log(`[e2e] duplicate upload answered: ${dup.text.replace(/\n/g, " ").slice(0, 120)}`);
  }, 120_000);

  it("a conversation in one chat: small talk, a number, a subject swap (书记呢) and 还有吗", async () => {
    const user = emu.user(131);
    const hello = await askAndWait(user, "你好");
    expectValid(hello);
    expect(hello.text).toContain("基层通");
    const pay = await askAndWait(user, "社工一个月多少钱");
    expect(pay.text).toContain("4116");
    const swap = await askAndWait(user, "书记呢");
    expectValid(swap);
    expect(swap.text).toContain("5741");
    const first = await askAndWait(user, "社区怎么减负");
    const more = await askAndWait(user, "还有吗");
    expectValid(more);
    expect(more.text).not.toBe(first.text);
    expect(more.text).toMatch(/40余块|僵尸群|排队抓尾/u);
  });

  it("no call was refused as Telegram would refuse it, and the token never reached a log", () => {
    expect(emu.rejected).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("")).not.toContain(TOKEN);
    expect(logLines.join("")).not.toContain(TOKEN.split(":")[1]);
  });
});

describe("webhook mode (WEBHOOK_URL set)", () => {
  it("serves updates on the webhook path, checks Telegram's secret header, and replies through the API", async () => {
    const token = "555000111:AAWebhook-mode-token";
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const config = createConfig(
      {
        BOT_TOKEN: token,
        TELEGRAM_API_ROOT: emu.apiRoot,
        WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`,
        PORT: String(port),
        REPORTS_DIR: "reports",
        INDEX_DIR: "index",
        LEXICON_DIR: "lexicon",
        STATE_DIR: "state-webhook",
      },
      dir,
    );
    const hook = await startBot(assistant, config, pino({ level: "silent" }));
    try {
      expect(hook.mode).toBe("webhook");
      const setWebhook = emu.calls.filter((c) => c.method === "setWebhook").at(-1)!;
      expect(setWebhook.payload.url).toBe(`http://127.0.0.1:${port}/telegram/hook`);
      const secret = String(setWebhook.payload.secret_token);
      expect(secret.length).toBeGreaterThanOrEqual(32);
      const update = {
        update_id: 1,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: 4242, type: "private", first_name: "网" },
          from: { id: 4242, is_bot: false, first_name: "网" },
          text: "/stats 网格员",
          entities: [{ type: "bot_command", offset: 0, length: 6 }],
        },
      };
      const post = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/telegram/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(update),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ "x-telegram-bot-api-secret-token": secret })).status).toBe(200);
      const reply = emu.server.storage.botMessages.find((m) => m.botToken === token && String(m.message.chat_id) === "4242");
      expect(String(reply?.message.text)).toContain("2468");
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await hook.stop();
    }
  });
});
