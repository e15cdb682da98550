/**
 * What both feedback stores (SQLite and PostgreSQL) must do for WeCom: string
 * chat/user ids, a channel reference (the WeCom feedback id) tied to an answer,
 * votes bound to the chat the answer went to, and the cited passages in
 * recentDown. Expects a store whose votes so far do not include these answers.
 */
import { expect } from "vitest";
import type { FeedbackStore } from "../../src/channels/telegram/feedback-store.js";

export async function checkWecomFeedback(store: FeedbackStore): Promise<void> {
  const before = await store.totals();
  const id = await store.recordAnswer({
    chatId: "wrk-group-1",
    userId: "zhangsan",
    question: "那思南呢（理解为：思南网格员有多少）",
    answer: "思南县有网格员 1200 人[1]",
    refused: false,
    citationIds: ["sinan:1.2", "sinan:1.3"],
  });
  // the feedback id is set before the answer exists and tied to it once recorded
  expect(await store.answerIdFor("wecom:msg-1")).toBeNull();
  await store.linkRef("wecom:msg-1", id);
  expect(await store.answerIdFor("wecom:msg-1")).toBe(id);

  // a WeCom vote passes the chat its feedback_event came from; no message id
  expect(await store.vote(id, "lisi", false, { chatId: "wrk-other-group", messageId: null })).toBe("elsewhere");
  expect(await store.vote(id, "zhangsan", false, { chatId: "wrk-group-1", messageId: null })).toBe("recorded");
  expect(await store.vote(id + 100_000, "zhangsan", false, { chatId: "wrk-group-1", messageId: null })).toBe("unknown");
  expect(await store.totals()).toEqual({ up: before.up, down: before.down + 1 });
  const [latest] = await store.recentDown(1);
  expect(latest).toMatchObject({ answerId: id, userId: "zhangsan", question: "那思南呢（理解为：思南网格员有多少）", citationIds: ["sinan:1.2", "sinan:1.3"] });

  // a WeCom id of digits only (a userid may be a staff number) still matches its chat
  const digits = await store.recordAnswer({ chatId: "10086", userId: "10086", question: "问", answer: "答", refused: false, citationIds: [] });
  expect(await store.vote(digits, "10086", true, { chatId: "10086", messageId: null })).toBe("recorded");

  // Telegram's numeric ids and message binding are unchanged
  const tg = await store.recordAnswer({ chatId: -1001, userId: 5, question: "问", answer: "答", refused: false, citationIds: [] });
  await store.attachMessage(tg, 77);
  expect(await store.vote(tg, 5, true, { chatId: -1001, messageId: 78 })).toBe("elsewhere");
  expect(await store.vote(tg, 5, true, { chatId: "-1001", messageId: 77 })).toBe("recorded");
  expect(await store.totals()).toEqual({ up: before.up + 2, down: before.down + 1 });
}
