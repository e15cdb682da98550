/** The conversation layer over the real assistant: parsing, presentation, admin checks, the /remove confirmation. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/assistant/types.js";
import { CONFIRM_WINDOW_MS, createConversation, type Conversation } from "../../src/conversation/conversation.js";
import { contextKey, isOnAllowList, parseCommand } from "../../src/conversation/parse.js";
import { dedupeMarks, shortSource, sourceLabel, suggestionAsQuestion } from "../../src/conversation/present.js";
import { renderPlain } from "../../src/conversation/render-plain.js";
import type { Inbound } from "../../src/conversation/types.js";
import { escapeMarkdown, renderMarkdown } from "../../src/channels/wecom/markdown.js";
import { escapeHtml } from "../../src/channels/telegram/html.js";
import { renderReplyHtml } from "../../src/channels/telegram/render-reply.js";
import { createTestAssistant } from "../helpers/temp-project.js";

describe("parseCommand", () => {
  it("reads commands, bot-suffixed commands, full-width slashes, questions and confirmations", () => {
    expect(parseCommand("/stats 网格员")).toEqual({ name: "stats", arg: "网格员" });
    expect(parseCommand("/ask@jiceng_bot 社区怎么减负")).toEqual({ name: "ask", arg: "社区怎么减负" });
    expect(parseCommand("／help")).toEqual({ name: "help", arg: "" });
    expect(parseCommand("/start")).toEqual({ name: "help", arg: "" });
    expect(parseCommand("网格员有多少")).toEqual({ name: "ask", arg: "网格员有多少" });
    expect(parseCommand("/frobnicate x")).toEqual({ name: "unknown", command: "frobnicate", arg: "x" });
    expect(parseCommand("确认")).toEqual({ name: "confirm", arg: "" });
    expect(parseCommand("取消")).toEqual({ name: "cancel", arg: "" });
    expect(parseCommand("   ")).toEqual({ name: "empty" });
  });

  it("checks allow-lists and keys contexts by channel", () => {
    expect(isOnAllowList(["zhangsan", "lisi"], "lisi")).toBe(true);
    expect(isOnAllowList([123], "123")).toBe(true);
    expect(isOnAllowList(["zhangsan"], undefined)).toBe(false);
    expect(contextKey("wecom", "u1")).not.toBe(contextKey("telegram", "u1"));
  });
});

describe("presentation", () => {
  const c = {
    n: 1,
    title: "碧江：“四个强化”提升城市基层治理效能",
    region: "碧江区",
    section: "强化减负松绑 释放基层活力",
    paragraph: 1,
    quote: "碧江区全面实行社区工作事项准入制度",
  };
  it("short source form, content labels, one mark per figure, questions to tap", () => {
    expect(shortSource(c)).toBe("碧江·强化减负松绑 第1段");
    expect(shortSource({ ...c, region: "玉屏侗族自治县" })).toMatch(/^玉屏·/);
    expect(sourceLabel(c)).toBe("[1] 碧江区全面实行社区工作事项准…");
    expect(sourceLabel({ ...c, n: 2, quote: "全面实施社区基础数据“一张表”系统" })).not.toBe(sourceLabel(c));
    expect(dedupeMarks("专兼职网格员：2468人[1]\n原文：……2468人。[1]")).toBe("专兼职网格员：2468人\n原文：……2468人。[1]");
    expect(dedupeMarks("a[1]\nb[2]")).toBe("a[1]\nb[2]");
    expect(suggestionAsQuestion("碧江：强化减负松绑")).toBe("碧江是怎么强化减负松绑的？");
    expect(suggestionAsQuestion("/stats 碧江")).toBe("/stats 碧江");
  });
});

describe("conversation over the real assistant", () => {
  let assistant: Assistant;
  let conversation: Conversation;
  let dir: string;
  let cleanup: () => void;
  let clock = 0;
  const user = (text: string, isAdmin = false): Inbound => ({ channel: "test", chatId: "c1", userId: "u1", isAdmin, text });

  beforeAll(async () => {
    const made = await createTestAssistant();
    ({ assistant, dir, cleanup } = made);
    conversation = createConversation(assistant, { now: () => clock });
  }, 60_000);
  afterAll(() => cleanup?.());

  it("answers with short sources grouped under the full title once", async () => {
    const reply = await conversation.handle(user("社区怎么减负"));
    expect(reply.kind).toBe("answer");
    const text = renderPlain(reply);
    expect(text.match(/《碧江：“四个强化”提升城市基层治理效能》/g)).toHaveLength(1);
    expect(text).toContain("[1] 碧江·强化减负松绑 第1段");
    expect(reply.actions.some((a) => a.type === "vote")).toBe(true);
  });

  it("records a follow-up with what it was read as (for /feedback)", async () => {
    await conversation.handle({ ...user("红色物业怎么搞三方联动"), chatId: "f1" });
    const reply = await conversation.handle({ ...user("那碧江呢"), chatId: "f1" });
    expect(reply.answered?.question).toMatch(/^那碧江呢（理解为：.*碧江.*）$/);
  });

  it("small talk is a friendly line with example questions under it, not a refusal, on every channel", async () => {
    const reply = await conversation.handle({ ...user("你好"), chatId: "s1" });
    expect(reply.kind).toBe("smalltalk");
    expect(reply.answered?.refused).toBe(false);
    const questions = reply.actions.flatMap((a) => (a.type === "ask" ? [a.question] : []));
    expect(questions.length).toBeGreaterThan(0);
    const plain = renderPlain(reply);
    const html = renderReplyHtml(reply).join("\n");
    const markdown = renderMarkdown(reply);
    for (const q of questions) {
      expect(plain.indexOf(q)).toBeGreaterThan(plain.indexOf("可以这样问"));
      expect(html).toContain(escapeHtml(q));
      expect(markdown).toContain(escapeMarkdown(q));
    }
    expect(plain).not.toMatch(/来源|抱歉/);
  });

  it("refuses in one plain sentence with questions to tap", async () => {
    const reply = await conversation.handle(user("上海怎么做垃圾分类"));
    expect(reply.kind).toBe("refusal");
    expect(reply.blocks[0]?.type).toBe("text");
    const text = renderPlain(reply);
    expect(text).not.toContain("/sources");
    expect(reply.actions.every((a) => a.type === "ask" && a.question.endsWith("？"))).toBe(true);
  });

  it("shows a region's key figures first and the rest behind 更多", async () => {
    const short = await conversation.handle(user("/stats 碧江"));
    const more = await conversation.handle(user("/stats 碧江 更多"));
    expect(short.actions.some((a) => a.type === "command" && a.command === "/stats 碧江 更多")).toBe(true);
    expect(renderPlain(more).length).toBeGreaterThan(renderPlain(short).length);
  });

  it("refuses admin commands to others, says so once", async () => {
    for (const cmd of ["/reindex", "/reports", "/remove tongren-governance-digest.txt"]) {
      expect(renderPlain(await conversation.handle(user(cmd)))).toContain("仅限管理员");
    }
  });

  it("adds a report in plain words: articles, places, a question to try", async () => {
    const report = "# 测试区推行楼栋议事会\n\n## 楼栋议事 共商共治\n\n测试区在各小区推行楼栋议事会制度，全区共建成楼栋议事会86个。\n";
    const progress: string[] = [];
    const reply = await conversation.upload(
      user("", true),
      "楼栋议事会.txt",
      async () => Buffer.from(report),
      (p) => progress.push(p),
    );
    const text = renderPlain(reply);
    expect(text).toContain("已添加报告");
    expect(text).toContain("测试区推行楼栋议事会");
    expect(text).not.toMatch(/向量|复用/);
    expect(reply.actions.some((a) => a.type === "ask")).toBe(true);
    // progress names the uploaded file, never another report being read
    expect(progress.filter((p) => p.includes("」")).every((p) => p.includes("楼栋议事会.txt"))).toBe(true);
    expect(renderPlain(await conversation.upload(user(""), "x.txt", async () => Buffer.from(report)))).toContain("只有管理员");
  });

  it("a same-name upload changes nothing until 确认 (取消 or anything else drops it), then replaces the report", async () => {
    const file = "楼栋议事会.txt";
    const target = path.join(dir, "data/reports", file);
    const before = readFileSync(target);
    const second = "# 测试区推行楼栋议事会\n\n## 楼栋议事 共商共治\n\n测试区全区共建成楼栋议事会120个，每月议事一次。\n";
    const ask = await conversation.upload(user("", true), file, async () => Buffer.from(second));
    expect(ask.kind).toBe("confirm");
    expect(renderPlain(ask)).toContain("同名报告");
    expect(ask.actions.map((a) => a.type === "command" && a.command)).toEqual(["确认", "取消"]);
    expect(await conversation.handle(user("取消", true)).then(renderPlain)).toContain("已取消");
    expect(readFileSync(target).equals(before)).toBe(true);
    // another message drops it too: a later 确认 finds nothing
    await conversation.upload(user("", true), file, async () => Buffer.from(second));
    await conversation.handle(user("网格员有多少", true));
    expect(await conversation.handle(user("确认", true)).then(renderPlain)).toContain("没有等待确认");
    expect(readFileSync(target).equals(before)).toBe(true);
    await conversation.upload(user("", true), file, async () => Buffer.from(second));
    const done = renderPlain(await conversation.handle(user("确认", true)));
    expect(done).toContain("已替换报告");
    expect(readFileSync(target, "utf8")).toBe(second);
  });

  it("removes a report only after 确认, within the window", async () => {
    const file = "楼栋议事会.txt";
    const ask = await conversation.handle(user(`/remove ${file}`, true));
    expect(ask.kind).toBe("confirm");
    expect(await conversation.handle(user("取消", true)).then(renderPlain)).toContain("已取消");
    expect(existsSync(path.join(dir, "data/reports", file))).toBe(true);
    await conversation.handle(user(`/remove ${file}`, true));
    clock += CONFIRM_WINDOW_MS + 1;
    expect(await conversation.handle(user("确认", true)).then(renderPlain)).toContain("没有等待确认");
    expect(existsSync(path.join(dir, "data/reports", file))).toBe(true);
    await conversation.handle(user(`/remove ${file}`, true));
    const done = await conversation.handle(user("确认", true));
    expect(renderPlain(done)).toContain("已删除");
    expect(existsSync(path.join(dir, "data/reports", file))).toBe(false);
    expect(assistant.info().reports).toBe(1);
  });
});
