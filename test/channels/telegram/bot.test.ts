/**
 * Bot tests the grammY way: the real `createBot` with `botInfo` (no getMe),
 * every outgoing API call captured by a transformer, updates fed through
 * `bot.handleUpdate`. The assistant here is hand-built (rendering and routing
 * are under test, not answers); the end-to-end suite uses the real one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { Update, UserFromGetMe } from "grammy/types";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Answer, Assistant, Passage, ReindexSummary } from "../../../src/assistant/types.js";
import { createBot, type JicengBot } from "../../../src/channels/telegram/bot.js";
import { unpackCallbackData } from "../../../src/channels/telegram/callback-data.js";
import { createFeedbackStore } from "../../../src/channels/telegram/feedback-store.js";
import { registerCommands, startBot } from "../../../src/channels/telegram/run.js";
import { messages } from "../../../src/channels/telegram/messages.js";
import { createConfig } from "../../../src/config.js";
import { JicengError, ReportReadError } from "../../../src/errors.js";
import { silentLogger } from "../../../src/logger.js";
import { telegramHtmlError } from "../../helpers/telegram-html.js";

/** The fake assistant's examples (the real ones come from data/lexicon/examples.txt). */
const SAMPLES = { questions: ["问题一？", "网格员怎么管理？", "问题三？"], stats: ["网格员"], topics: ["红色物业"] };

const TOKEN = "123456789:AAH-test-token-that-must-never-be-logged";
const BOT_INFO: UserFromGetMe = {
  id: 666,
  is_bot: true,
  first_name: "基层通",
  username: "JicengTestBot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};
const ADMIN = 42;
const USER = 1001;

const passage: Passage = {
  id: "bijiang:2.3",
  articleId: "bijiang",
  reportId: "tongren",
  reportFile: "tongren.txt",
  title: "碧江区：党建引领",
  region: "碧江区",
  regionSlug: "bijiang",
  section: "网格治理",
  sectionNo: 2,
  paragraphNo: 3,
  kind: "paragraph",
  text: "全区城市社区共配备网格长591人、专兼职网格员2468人。",
};

const summary: ReindexSummary = {
  ok: true,
  reports: 1,
  articles: 4,
  passages: 120,
  facts: 300,
  added: [],
  changed: [],
  removed: [],
  unchanged: ["tongren.txt"],
  embedded: 0,
  reusedVectors: 120,
  idfRefit: false,
  ms: 1234,
};

interface Calls {
  asked: string[];
  reindexed: number;
  added: { name: string; bytes: number }[];
}

function fakeAssistant(calls: Calls, over: Partial<Assistant> = {}): Assistant {
  const answer: Answer = {
    text: "碧江区共配备专兼职网格员2468人[1]。",
    citations: [
      { n: 1, id: passage.id, articleId: "bijiang", title: passage.title, region: "碧江区", section: passage.section, paragraph: 3, quote: passage.text },
    ],
    refused: false,
    mode: "extractive",
    suggestions: [],
  };
  return {
    async ask(q) {
      calls.asked.push(q);
      return { ...answer, ms: 3 };
    },
    async search() {
      return [];
    },
    stats(query) {
      return { query, kind: "overview", facts: [], groups: [], overview: { reports: 1, articles: 4, regions: ["碧江区"], facts: 300, examples: ["网格员"] } };
    },
    async examples() {
      return [];
    },
    sources() {
      return [];
    },
    source(id) {
      return id === passage.id ? passage : null;
    },
    async reindex(opts) {
      calls.reindexed++;
      opts?.onProgress?.({ stage: "read", file: "tongren.txt", done: 1, total: 1 });
      return summary;
    },
    async addReport(name, bytes) {
      calls.added.push({ name, bytes: bytes.byteLength });
      return { file: name, articles: [{ title: "新报告", region: null }], places: [], summary };
    },
    async confirmReplace(token) {
      return { file: token, articles: [], places: [], summary, replaced: true };
    },
    cancelReplace() {
      return false;
    },
    async removeReport(file) {
      return { status: "unknown", file, known: [] };
    },
    info() {
      return { reports: 1, articles: 4, passages: 120, facts: 300, regions: ["碧江区"], samples: SAMPLES };
    },
    ...over,
  };
}

interface Sent {
  method: string;
  payload: Record<string, unknown>;
  /** message_id the fake server gave a sent message. */
  messageId?: number;
}

let dir: string;
let updateId = 0;
let messageId = 0;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jiceng-bot-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function setup(over: Partial<Assistant> = {}, options: { failMethods?: string[]; logLines?: string[] } = {}) {
  const calls: Calls = { asked: [], reindexed: 0, added: [] };
  const config = createConfig({ BOT_TOKEN: TOKEN, ADMIN_IDS: String(ADMIN), STATE_DIR: path.join(dir, "state") }, dir);
  const logger = options.logLines
    ? pino(
        { level: "debug" },
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            options.logLines!.push(chunk.toString());
            cb();
          },
        }),
      )
    : silentLogger;
  const bot: JicengBot = createBot(TOKEN, {
    assistant: fakeAssistant(calls, over),
    config,
    logger,
    botInfo: BOT_INFO,
    feedback: createFeedbackStore(path.join(dir, "state")),
  });
  const sent: Sent[] = [];
  bot.api.config.use(async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    sent.push({ method, payload: p });
    if (options.failMethods?.includes(method)) {
      // Shaped like Telegram's error answer; the cast is needed because the transformer is generic over methods.
      return { ok: false, error_code: 500, description: "Internal Server Error" } as never;
    }
    if (method === "sendMessage") {
      const result = { message_id: ++messageId, date: 0, chat: { id: p.chat_id, type: "private" }, text: p.text };
      sent[sent.length - 1]!.messageId = result.message_id;
      return { ok: true, result } as never;
    }
    if (method === "getFile") return { ok: true, result: { file_id: p.file_id, file_unique_id: "u", file_path: "documents/x.txt" } } as never;
    return { ok: true, result: true } as never;
  });
  const texts = () => sent.filter((s) => s.method === "sendMessage").map((s) => String(s.payload.text));
  return { bot, calls, sent, texts, close: () => void bot.feedbackStore.close() };
}

type Chat = { id: number; type: "private" } | { id: number; type: "group"; title: string };

function message(text: string, opts: { from?: number; chat?: Chat; command?: boolean; replyToBot?: boolean; extra?: object } = {}): Update {
  const from = opts.from ?? USER;
  const chat = opts.chat ?? { id: from, type: "private" };
  const entities = opts.command ? [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0]!.length }] : undefined;
  return {
    update_id: ++updateId,
    message: {
      message_id: ++messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: from, is_bot: false, first_name: "小王" },
      text,
      ...(entities ? { entities } : {}),
      ...(opts.replyToBot
        ? { reply_to_message: { message_id: 1, date: 0, chat, from: { id: BOT_INFO.id, is_bot: true, first_name: "基层通" }, text: "…" } }
        : {}),
      ...opts.extra,
    },
  } as Update;
}

const command = (text: string, opts: Parameters<typeof message>[1] = {}) => message(text, { ...opts, command: true });

function callback(data: string, from = USER, on: { chatId?: number; messageId?: number } = {}): Update {
  return {
    update_id: ++updateId,
    callback_query: {
      id: String(updateId),
      from: { id: from, is_bot: false, first_name: "小王" },
      chat_instance: "1",
      data,
      message: { message_id: on.messageId ?? 5, date: 0, chat: { id: on.chatId ?? from, type: "private", first_name: "小王" }, text: "…" },
    },
  } as Update;
}

function buttons(s: Sent): string[] {
  const markup = s.payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? "");
}

describe("Telegram bot (grammY, in process)", () => {
  it("/start greets in Chinese with three example-question buttons that ask them", async () => {
    const t = setup();
    await t.bot.handleUpdate(command("/start"));
    const welcome = t.sent.find((s) => s.method === "sendMessage")!;
    expect(String(welcome.payload.text)).toContain("基层通");
    expect(welcome.payload.parse_mode).toBe("HTML");
    expect(telegramHtmlError(String(welcome.payload.text))).toBeNull();
    const data = buttons(welcome);
    expect(data).toHaveLength(3);
    await t.bot.handleUpdate(callback(data[1]!));
    expect(t.calls.asked).toEqual([SAMPLES.questions[1]]);
    expect(t.sent.some((s) => s.method === "answerCallbackQuery")).toBe(true);
    t.close();
  });

  it("answers private text with [n] markers, a source list, source and 👍/👎 buttons, while typing", async () => {
    const t = setup();
    await t.bot.handleUpdate(message("网格员有多少人？"));
    expect(t.calls.asked).toEqual(["网格员有多少人？"]);
    expect(t.sent[0]).toMatchObject({ method: "sendChatAction", payload: { action: "typing" } });
    const reply = t.sent.find((s) => s.method === "sendMessage")!;
    const text = String(reply.payload.text);
    expect(text).toContain("<b>[1]</b>");
    expect(text).toContain("《碧江区：党建引领》\n[1] 碧江·网格治理 第3段");
    expect(telegramHtmlError(text)).toBeNull();
    const data = buttons(reply).map((d) => unpackCallbackData(d));
    expect(data[0]).toEqual({ kind: "source", id: "bijiang:2.3" });
    expect(data.slice(1).map((d) => d?.kind)).toEqual(["feedback", "feedback"]);
    t.close();
  });

  it("rejects empty and huge questions with a clear message, without asking", async () => {
    const t = setup();
    await t.bot.handleUpdate(command("/ask"));
    await t.bot.handleUpdate(command("/ask    "));
    await t.bot.handleUpdate(message("问".repeat(2000)));
    expect(t.calls.asked).toEqual([]);
    expect(t.texts()).toEqual([messages.emptyQuestion, messages.emptyQuestion, messages.questionTooLong(500)]);
    t.close();
  });

  it("in groups answers only /ask, @mentions and replies to the bot", async () => {
    const t = setup();
    const group: Chat = { id: -100, type: "group", title: "社区群" };
    await t.bot.handleUpdate(message("今天开会吗？", { chat: group }));
    expect(t.sent).toEqual([]);
    await t.bot.handleUpdate(message("@JicengTestBot 网格员有多少", { chat: group, extra: { entities: [{ type: "mention", offset: 0, length: 14 }] } }));
    await t.bot.handleUpdate(message("那社工呢", { chat: group, replyToBot: true }));
    await t.bot.handleUpdate(command("/ask@JicengTestBot 怎么减负", { chat: group }));
    await t.bot.handleUpdate(command("/ask@OtherBot 怎么减负", { chat: group }));
    expect(t.calls.asked).toEqual(["网格员有多少", "那社工呢", "怎么减负"]);
    t.close();
  });

  it("opens the passage behind a source button and /source id", async () => {
    const t = setup();
    await t.bot.handleUpdate(callback("s:bijiang:2.3"));
    await t.bot.handleUpdate(command("/source bijiang:2.3"));
    await t.bot.handleUpdate(command("/source nope:1.1"));
    const texts = t.texts();
    expect(texts[0]).toContain("2468");
    expect(texts[0]).toContain("<code>bijiang:2.3</code>");
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toContain("找不到编号为 <code>nope:1.1</code>");
    expect(t.sent[0]?.method).toBe("answerCallbackQuery");
    t.close();
  });

  it("records 👎 with the question, and admins see it in /feedback", async () => {
    const t = setup();
    await t.bot.handleUpdate(message("社工<工资>多少"));
    const reply = t.sent.find((s) => s.method === "sendMessage")!;
    const down = buttons(reply).find((d) => d.startsWith("f:-:"))!;
    // forged: the same callback data from another user's chat, or from another message, is not counted
    await t.bot.handleUpdate(callback(down, 777, { messageId: reply.messageId }));
    expect(t.sent.at(-1)).toMatchObject({ method: "answerCallbackQuery", payload: { text: messages.feedbackElsewhere } });
    await t.bot.handleUpdate(callback(down, USER, { messageId: reply.messageId! + 100 }));
    expect(t.sent.at(-1)).toMatchObject({ method: "answerCallbackQuery", payload: { text: messages.feedbackElsewhere } });
    await t.bot.handleUpdate(callback(down, USER, { messageId: reply.messageId }));
    expect(t.sent.at(-1)).toMatchObject({ method: "answerCallbackQuery", payload: { text: messages.feedbackThanksDown } });
    await t.bot.handleUpdate(callback("f:+:99999"));
    expect(t.sent.at(-1)).toMatchObject({ payload: { text: messages.feedbackExpired } });
    await t.bot.handleUpdate(command("/feedback", { from: ADMIN }));
    const text = t.texts().at(-1)!;
    expect(text).toContain("社工&lt;工资&gt;多少");
    expect(text).toContain("👎 1");
    t.close();
  });

  it("refuses admin commands and uploads to non-admins, and changes nothing", async () => {
    const t = setup();
    for (const c of ["/reindex", "/reports", "/feedback"]) await t.bot.handleUpdate(command(c));
    await t.bot.handleUpdate(
      message("", { extra: { text: undefined, document: { file_id: "F1", file_unique_id: "U1", file_name: "新报告.txt", file_size: 10 } } }),
    );
    expect(t.texts()).toEqual([messages.adminOnly, messages.adminOnly, messages.adminOnly, messages.uploadRefused]);
    expect(t.calls.reindexed).toBe(0);
    expect(t.calls.added).toEqual([]);
    expect(t.sent.some((s) => s.method === "getFile")).toBe(false);
    t.close();
  });

  it("/reindex for an admin edits one progress message into the summary", async () => {
    const t = setup();
    await t.bot.handleUpdate(command("/reindex", { from: ADMIN }));
    expect(t.calls.reindexed).toBe(1);
    const sends = t.sent.filter((s) => s.method === "sendMessage");
    expect(sends).toHaveLength(1);
    const edits = t.sent.filter((s) => s.method === "editMessageText");
    const last = String(edits.at(-1)?.payload.text);
    expect(last).toContain("索引已更新");
    expect(last).toContain("段落 120 个");
    expect(new Set(edits.map((e) => e.payload.message_id)).size).toBe(1);
    t.close();
  });

  it("checks an admin's upload type and size before downloading; shows the core's Chinese error", async () => {
    const t = setup({
      async addReport() {
        throw new ReportReadError("x.txt", "binary", "文件不是文本");
      },
    });
    const doc = (file_name: string, file_size: number) =>
      message("", { from: ADMIN, extra: { text: undefined, document: { file_id: "F", file_unique_id: "U", file_name, file_size } } });
    await t.bot.handleUpdate(doc("病毒.exe", 10));
    await t.bot.handleUpdate(doc("巨大.txt", 50 * 1024 * 1024));
    expect(t.texts()).toEqual([messages.uploadWrongType("病毒.exe"), messages.uploadTooLarge("巨大.txt", 20)]);
    expect(t.sent.some((s) => s.method === "getFile")).toBe(false);
    t.close();
  });

  it("explains what it understands when sent a sticker, photo, voice or location; flags unknown commands", async () => {
    const t = setup();
    await t.bot.handleUpdate(
      message("", {
        extra: { text: undefined, sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } },
      }),
    );
    await t.bot.handleUpdate(message("", { extra: { text: undefined, location: { latitude: 27.7, longitude: 109.2 } } }));
    await t.bot.handleUpdate(command("/foo"));
    expect(t.texts()).toEqual([messages.unsupportedMessage, messages.unsupportedMessage, messages.unknownCommand]);
    t.close();
  });

  it("turns a handler error into a short apology, logged with the update id and without the token", async () => {
    const logLines: string[] = [];
    const t = setup(
      {
        async ask() {
          throw new Error(`boom while calling https://api.telegram.org/bot${TOKEN}/x`.replace(TOKEN, "[elided]"));
        },
      },
      { logLines },
    );
    const u = message("会出错的问题");
    await expect(t.bot.handleUpdate(u)).resolves.toBeUndefined();
    expect(t.texts()).toEqual([messages.apology]);
    const errorLine = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "handler failed");
    expect(errorLine?.update_id).toBe(u.update_id);
    expect(logLines.join("")).not.toContain(TOKEN);
    t.close();
  });

  it("under the rate limit, an admin's /reindex still runs and a non-admin's upload is still refused out loud", async () => {
    const t = setup();
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.bot.handleUpdate(message(`问题${i}`, { from: ADMIN }))));
    await t.bot.handleUpdate(command("/reindex", { from: ADMIN }));
    expect(t.calls.reindexed).toBe(1);
    await Promise.all(Array.from({ length: 12 }, (_, i) => t.bot.handleUpdate(message(`问题${i}`))));
    await t.bot.handleUpdate(
      message("", { extra: { text: undefined, document: { file_id: "F2", file_unique_id: "U2", file_name: "新报告.txt", file_size: 10 } } }),
    );
    expect(t.texts().filter((x) => x === messages.uploadRefused)).toHaveLength(1);
    expect(t.texts().filter((x) => x === messages.rateLimited)).toHaveLength(1); // the user's flood, once
    t.close();
  });

  it("/remove asks first and removes only after 确认, through the conversation layer", async () => {
    const removed: string[] = [];
    const t = setup({
      async removeReport(file, token) {
        if (token === undefined) return { status: "confirm", file, token: "h1", articles: [{ title: "旧报告", region: null }] };
        removed.push(file);
        return { status: "removed", file, summary };
      },
    });
    await t.bot.handleUpdate(command("/remove 旧报告.txt", { from: ADMIN }));
    expect(t.texts().at(-1)).toContain("确定删除报告「旧报告.txt」");
    expect(removed).toEqual([]);
    await t.bot.handleUpdate(message("确认", { from: ADMIN }));
    expect(removed).toEqual(["旧报告.txt"]);
    const edits = t.sent.filter((s) => s.method === "editMessageText");
    expect(String(edits.at(-1)?.payload.text)).toContain("已删除报告「旧报告.txt」");
    await t.bot.handleUpdate(command("/remove 旧报告.txt"));
    expect(t.texts().at(-1)).toBe(messages.adminOnly);
    t.close();
  });

  it("keeps answering when sendChatAction fails", async () => {
    const t = setup({}, { failMethods: ["sendChatAction"] });
    await t.bot.handleUpdate(message("网格员有多少人？"));
    expect(t.texts()).toHaveLength(1);
    expect(t.texts()[0]).toContain("2468");
    t.close();
  });

  it("a flood from one user gets one polite notice, not a reply per message", async () => {
    const t = setup();
    await Promise.all(Array.from({ length: 20 }, (_, i) => t.bot.handleUpdate(message(`问题${i}`))));
    expect(t.calls.asked).toHaveLength(8);
    expect(t.texts().filter((x) => x === messages.rateLimited)).toHaveLength(1);
    // Another user is not affected.
    await t.bot.handleUpdate(message("网格员有多少人？", { from: USER + 1 }));
    expect(t.calls.asked).toHaveLength(9);
    t.close();
  });

  it("registers the command menu, and a failing setMyCommands is logged and ignored", async () => {
    const ok = setup();
    await registerCommands(ok.bot, createConfig({ ADMIN_IDS: String(ADMIN) }, dir), silentLogger);
    const menus = ok.sent.filter((s) => s.method === "setMyCommands");
    expect(menus).toHaveLength(2); // everyone, then the admin's own chat with admin commands
    expect(JSON.stringify(menus[1]?.payload)).toContain("reindex");
    ok.close();
    const logLines: string[] = [];
    const failing = setup({}, { failMethods: ["setMyCommands"], logLines });
    const warnings = pino(
      { level: "warn" },
      new Writable({
        write(c: Buffer, _e, cb) {
          logLines.push(c.toString());
          cb();
        },
      }),
    );
    await expect(registerCommands(failing.bot, createConfig({ ADMIN_IDS: String(ADMIN) }, dir), warnings)).resolves.toBeUndefined();
    expect(logLines.filter((l) => l.includes("setMyCommands"))).toHaveLength(2);
    failing.close();
  });

  it("startBot explains an unreachable Bot API server in Chinese instead of crashing obscurely", async () => {
    const config = createConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:9", STATE_DIR: path.join(dir, "s") }, dir);
    const calls: Calls = { asked: [], reindexed: 0, added: [] };
    const err = await startBot(fakeAssistant(calls), config, silentLogger, { startupTimeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JicengError);
    expect((err as JicengError).userMessage).toContain("连不上 Telegram 服务器");
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });

  it("/id tells a user the number to put in ADMIN_IDS", async () => {
    const t = setup();
    await t.bot.handleUpdate(command("/id"));
    await t.bot.handleUpdate(command("/id", { from: ADMIN }));
    const [stranger, admin] = t.texts();
    expect(stranger).toContain(`<code>${USER}</code>`);
    expect(stranger).toContain("ADMIN_IDS");
    expect(admin).toContain("您是管理员");
    t.close();
  });
});
