/** The SQLite feedback store: what WeCom needs of it (the PostgreSQL store runs the same checks in test/fleet/stores.test.ts). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createFeedbackStore, FEEDBACK_DB_FILE } from "../../../src/channels/telegram/feedback-store.js";
import { checkWecomFeedback } from "../../helpers/feedback-checks.js";

const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

describe("SQLite feedback store", () => {
  it("WeCom: string chat/user ids, feedback ids tied to answers, votes bound to their chat, cited passages in recentDown", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "jiceng-feedback-"));
    temps.push(dir);
    const store = createFeedbackStore(dir);
    try {
      await checkWecomFeedback(store);
    } finally {
      await store.close();
    }
  });

  it("opens a database made before message binding and feedback ids, keeping its votes", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "jiceng-feedback-old-"));
    temps.push(dir);
    const old = new Database(path.join(dir, FEEDBACK_DB_FILE));
    old.exec(`
      CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL, user_id INTEGER, question TEXT NOT NULL,
        answer TEXT NOT NULL, refused INTEGER NOT NULL, citations TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE votes (answer_id INTEGER NOT NULL REFERENCES answers(id), user_id INTEGER NOT NULL, up INTEGER NOT NULL,
        created_at TEXT NOT NULL, PRIMARY KEY (answer_id, user_id));
      INSERT INTO answers VALUES (1, 42, 7, '问', '答', 0, '["x:1.1"]', '2026-01-01T00:00:00.000Z');
      INSERT INTO votes VALUES (1, 7, 0, '2026-01-01T00:00:01.000Z');
    `);
    old.close();
    const store = createFeedbackStore(dir);
    try {
      expect(await store.recentDown(1)).toEqual([expect.objectContaining({ answerId: 1, userId: 7, citationIds: ["x:1.1"] })]);
      expect(await store.vote(1, 8, true, { chatId: 42, messageId: 3 })).toBe("recorded"); // no message attached: the chat binds it
      await store.linkRef("wecom:m", 1);
      expect(await store.answerIdFor("wecom:m")).toBe(1);
    } finally {
      await store.close();
    }
  });
});
