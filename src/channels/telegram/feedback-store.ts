/**
 * 👍/👎 feedback on answers, in SQLite (better-sqlite3) under the state folder.
 * Each answer the bot sends is recorded with its question so a vote — which may
 * come days later, after a restart — can be tied back to what was asked.
 * The database file is created on first use.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** An answer as recorded when it was sent. */
export interface RecordedAnswer {
  chatId: number;
  userId: number | null;
  question: string;
  answer: string;
  refused: boolean;
  citationIds: string[];
}

/** What became of a vote. */
export type VoteOutcome = "recorded" | "unknown" | "elsewhere";

/** A 👎 with what was asked, for admins. */
export interface DownVote {
  answerId: number;
  userId: number;
  question: string;
  answer: string;
  at: string;
}

/**
 * The feedback store's surface, implemented by SQLite (one process, this file)
 * and PostgreSQL (a fleet, `feedback-store-pg.ts`). Asynchronous because a
 * database server is. A store that cannot be reached throws
 * FeedbackUnavailableError and writes nothing.
 */
export interface FeedbackStore {
  /** Save an answer; returns its id for the 👍/👎 buttons. */
  recordAnswer(a: RecordedAnswer): Promise<number>;
  /** Record the message that carries an answer's 👍/👎 buttons (sent after the answer was recorded). */
  attachMessage(answerId: number, messageId: number): Promise<void>;
  /**
   * Record (or change) a user's vote. It counts only when it comes from the
   * chat (and, once attached, the message) the answer was sent to: "elsewhere"
   * for a vote forged from another chat or message, "unknown" for no such answer.
   */
  vote(answerId: number, userId: number, up: boolean, where: { chatId: number | null; messageId: number | null }): Promise<VoteOutcome>;
  /** Most recent 👎, newest first. */
  recentDown(limit?: number): Promise<DownVote[]>;
  totals(): Promise<{ up: number; down: number }>;
  close(): Promise<void>;
}

/** File name of the database inside the state folder. */
export const FEEDBACK_DB_FILE = "feedback.sqlite";

/** Open (lazily) the feedback database at `<stateDir>/feedback.sqlite`. */
export function createFeedbackStore(stateDir: string): FeedbackStore {
  let db: Database.Database | null = null;
  let closed = false;

  const open = (): Database.Database => {
    if (db) return db;
    if (closed) throw new Error("feedback store is closed");
    mkdirSync(stateDir, { recursive: true });
    const d = new Database(path.join(stateDir, FEEDBACK_DB_FILE));
    d.pragma("journal_mode = WAL");
    d.pragma("busy_timeout = 2000");
    d.exec(`
      CREATE TABLE IF NOT EXISTS answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        user_id INTEGER,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        refused INTEGER NOT NULL,
        citations TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS votes (
        answer_id INTEGER NOT NULL REFERENCES answers(id),
        user_id INTEGER NOT NULL,
        up INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, user_id)
      );
      CREATE INDEX IF NOT EXISTS votes_down ON votes(up, created_at);
    `);
    // databases made before votes were bound to their message get the column
    const columns = d.prepare("PRAGMA table_info(answers)").all() as { name: string }[];
    if (!columns.some((c) => c.name === "message_id")) d.exec("ALTER TABLE answers ADD COLUMN message_id INTEGER");
    db = d;
    return d;
  };

  return {
    // better-sqlite3 is synchronous; `async` turns its exceptions into rejections like the PostgreSQL store's
    async recordAnswer(a) {
      const info = open()
        .prepare(
          "INSERT INTO answers (chat_id, user_id, question, answer, refused, citations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .run(a.chatId, a.userId, a.question, a.answer, a.refused ? 1 : 0, JSON.stringify(a.citationIds), new Date().toISOString());
      return Number(info.lastInsertRowid);
    },
    async attachMessage(answerId, messageId) {
      open().prepare("UPDATE answers SET message_id = ? WHERE id = ?").run(messageId, answerId);
    },
    async vote(answerId, userId, up, where) {
      const d = open();
      const row = d.prepare("SELECT chat_id AS chatId, message_id AS messageId FROM answers WHERE id = ?").get(answerId) as
        | { chatId: number; messageId: number | null }
        | undefined;
      if (!row) return "unknown";
      if (where.chatId !== row.chatId || (row.messageId !== null && where.messageId !== row.messageId)) return "elsewhere";
      d.prepare(
        `INSERT INTO votes (answer_id, user_id, up, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(answer_id, user_id) DO UPDATE SET up = excluded.up, created_at = excluded.created_at`,
      ).run(answerId, userId, up ? 1 : 0, new Date().toISOString());
      return "recorded";
    },
    async recentDown(limit = 10) {
      const rows = open()
        .prepare(
          `SELECT v.answer_id AS answerId, v.user_id AS userId, a.question AS question, a.answer AS answer, v.created_at AS at
           FROM votes v JOIN answers a ON a.id = v.answer_id
           WHERE v.up = 0 ORDER BY v.created_at DESC, v.rowid DESC LIMIT ?`,
        )
        .all(limit) as DownVote[];
      return rows;
    },
    async totals() {
      const row = open()
        .prepare("SELECT COALESCE(SUM(up), 0) AS up, COALESCE(SUM(1 - up), 0) AS down FROM votes")
        .get() as { up: number; down: number };
      return { up: row.up, down: row.down };
    },
    async close() {
      closed = true;
      db?.close();
      db = null;
    },
  };
}
