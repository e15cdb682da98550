/**
 * 👍/👎 feedback on answers, in SQLite (better-sqlite3) under the state folder.
 * Each answer the bot sends is recorded with its question so a vote — which may
 * come days later, after a restart — can be tied back to what was asked.
 * The database file is created on first use.
 *
 * Ids: Telegram chat/user ids are numbers, WeCom's are strings (userids, chat
 * ids). Both stores keep either; an id read back is a number when it is all
 * digits (SQLite's INTEGER affinity does this by itself), so Telegram's stay
 * numbers. A vote's chat is compared as text, so a WeCom id that happens to be
 * all digits still matches.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** A Telegram chat/user id (number) or a WeCom one (string). */
export type ChannelId = number | string;

/** An answer as recorded when it was sent. */
export interface RecordedAnswer {
  /** A Telegram chat id, or a WeCom chat/user id. */
  chatId: ChannelId;
  userId: ChannelId | null;
  question: string;
  answer: string;
  refused: boolean;
  citationIds: string[];
}

/** What became of a vote. */
export type VoteOutcome = "recorded" | "unknown" | "elsewhere";

/**
 * Where a vote came from. Telegram: the chat and the message the 👍/👎 button
 * was pressed on. WeCom: the chat the feedback_event came from, `messageId`
 * null (WeCom binds the vote by its feedback id, see `linkRef`).
 */
export interface VoteOrigin {
  chatId: ChannelId | null;
  messageId: number | null;
}

/** A 👎 with what was asked, for admins. */
export interface DownVote {
  answerId: number;
  userId: ChannelId;
  question: string;
  answer: string;
  at: string;
  /** Passage ids the answer cited. */
  citationIds: string[];
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
  vote(answerId: number, userId: ChannelId, up: boolean, where: VoteOrigin): Promise<VoteOutcome>;
  /**
   * Tie a channel's own reference to an answer (WeCom sets a feedback id on the
   * first stream frame, before the answer exists; its feedback_event names that id).
   */
  linkRef(ref: string, answerId: number): Promise<void>;
  /** The answer a channel reference was tied to, or null. */
  answerIdFor(ref: string): Promise<number | null>;
  /** Most recent 👎, newest first. */
  recentDown(limit?: number): Promise<DownVote[]>;
  totals(): Promise<{ up: number; down: number }>;
  close(): Promise<void>;
}

/** An id as read back from a store: all digits → number (Telegram), else the string (WeCom). */
export function channelId(value: string | number): ChannelId {
  return typeof value === "number" || !/^-?\d{1,15}$/.test(value) ? value : Number(value);
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
    // chat_id/user_id are declared INTEGER but SQLite keeps a WeCom string id as text in them
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
      CREATE TABLE IF NOT EXISTS answer_refs (
        ref TEXT PRIMARY KEY,
        answer_id INTEGER NOT NULL REFERENCES answers(id)
      );
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
        .prepare("INSERT INTO answers (chat_id, user_id, question, answer, refused, citations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(a.chatId, a.userId, a.question, a.answer, a.refused ? 1 : 0, JSON.stringify(a.citationIds), new Date().toISOString());
      return Number(info.lastInsertRowid);
    },
    async attachMessage(answerId, messageId) {
      open().prepare("UPDATE answers SET message_id = ? WHERE id = ?").run(messageId, answerId);
    },
    async vote(answerId, userId, up, where) {
      const d = open();
      const row = d.prepare("SELECT chat_id AS chatId, message_id AS messageId FROM answers WHERE id = ?").get(answerId) as
        { chatId: ChannelId; messageId: number | null } | undefined;
      if (!row) return "unknown";
      // compared as text: a WeCom id of digits comes back from an INTEGER column as a number
      const sameChat = where.chatId !== null && String(where.chatId) === String(row.chatId);
      if (!sameChat || (row.messageId !== null && where.messageId !== row.messageId)) return "elsewhere";
      d.prepare(
        `INSERT INTO votes (answer_id, user_id, up, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(answer_id, user_id) DO UPDATE SET up = excluded.up, created_at = excluded.created_at`,
      ).run(answerId, userId, up ? 1 : 0, new Date().toISOString());
      return "recorded";
    },
    async linkRef(ref, answerId) {
      open().prepare("INSERT OR REPLACE INTO answer_refs (ref, answer_id) VALUES (?, ?)").run(ref, answerId);
    },
    async answerIdFor(ref) {
      const row = open().prepare("SELECT answer_id AS id FROM answer_refs WHERE ref = ?").get(ref) as { id: number } | undefined;
      return row ? row.id : null;
    },
    async recentDown(limit = 10) {
      const rows = open()
        .prepare(
          `SELECT v.answer_id AS answerId, v.user_id AS userId, a.question AS question, a.answer AS answer, v.created_at AS at, a.citations AS citations
           FROM votes v JOIN answers a ON a.id = v.answer_id
           WHERE v.up = 0 ORDER BY v.created_at DESC, v.rowid DESC LIMIT ?`,
        )
        .all(limit) as (Omit<DownVote, "citationIds"> & { citations: string })[];
      return rows.map(({ citations, ...r }) => ({ ...r, citationIds: JSON.parse(citations) as string[] }));
    },
    async totals() {
      const row = open().prepare("SELECT COALESCE(SUM(up), 0) AS up, COALESCE(SUM(1 - up), 0) AS down FROM votes").get() as { up: number; down: number };
      return { up: row.up, down: row.down };
    },
    async close() {
      closed = true;
      db?.close();
      db = null;
    },
  };
}
