/**
 * 👍/👎 feedback in PostgreSQL (client `pg`), for a fleet: answers get
 * BIGSERIAL ids every instance agrees on, so a vote pressed on another instance
 * lands on the answer it was given for. Votes are keyed by (answer, user).
 *
 * The schema is created by numbered migrations at start-up, inside one
 * transaction holding a transaction-level advisory lock, so two instances
 * starting together apply each migration exactly once. An unreachable database
 * never crashes the bot: start-up logs it and migrates on first use; every call
 * throws FeedbackUnavailableError and, being one statement, writes nothing.
 */
import pg from "pg";
import { FeedbackUnavailableError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { channelId, type DownVote, type FeedbackStore, type RecordedAnswer } from "./feedback-store.js";

/**
 * Migrations in order; never edit one that has shipped, add the next. Table
 * names are prefixed so a shared database stays readable.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE jiceng_answers (
     id BIGSERIAL PRIMARY KEY,
     chat_id BIGINT NOT NULL,
     user_id BIGINT,
     question TEXT NOT NULL,
     answer TEXT NOT NULL,
     refused BOOLEAN NOT NULL,
     citations JSONB NOT NULL,
     created_at TIMESTAMPTZ NOT NULL DEFAULT now()
   );
   CREATE TABLE jiceng_votes (
     answer_id BIGINT NOT NULL REFERENCES jiceng_answers(id) ON DELETE CASCADE,
     user_id BIGINT NOT NULL,
     up BOOLEAN NOT NULL,
     created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
     PRIMARY KEY (answer_id, user_id)
   );
   CREATE INDEX jiceng_votes_down ON jiceng_votes (up, created_at);`,
  // the message that carries an answer's 👍/👎 buttons: a vote counts only from it
  `ALTER TABLE jiceng_answers ADD COLUMN message_id BIGINT;`,
  // WeCom: chat and user ids are strings (userids, chat ids), and a feedback_event names the feedback id set on
  // the first stream frame, before the answer existed (the reference is tied to the answer once it is recorded)
  `ALTER TABLE jiceng_answers ALTER COLUMN chat_id TYPE TEXT USING chat_id::text, ALTER COLUMN user_id TYPE TEXT USING user_id::text;
   ALTER TABLE jiceng_votes ALTER COLUMN user_id TYPE TEXT USING user_id::text;
   CREATE TABLE jiceng_answer_refs (
     ref TEXT PRIMARY KEY,
     answer_id BIGINT NOT NULL REFERENCES jiceng_answers(id) ON DELETE CASCADE
   );`,
];

/** Advisory lock key of the migration step (any constant shared by every instance: "jiceng" in ASCII). */
const MIGRATION_LOCK_KEY = 0x6a6963656e67;

/** Pool size per instance: a vote or an answer record is one short statement. */
const POOL_MAX = 4;
/** Give up connecting after this long: a vote is refused rather than left hanging. */
const CONNECT_TIMEOUT_MS = 2_000;
/** Longest a feedback statement may run. */
const STATEMENT_TIMEOUT_MS = 5_000;

/** The pieces of the connection URL safe to log (no password). */
function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** Apply the migrations not yet applied; safe when several instances run it at once. */
export async function migrate(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query("CREATE TABLE IF NOT EXISTS jiceng_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const done = await client.query<{ version: number }>("SELECT version FROM jiceng_migrations");
    const applied = new Set(done.rows.map((r) => r.version));
    let count = 0;
    for (const [i, sql] of MIGRATIONS.entries()) {
      const version = i + 1;
      if (applied.has(version)) continue;
      await client.query(sql);
      await client.query("INSERT INTO jiceng_migrations (version) VALUES ($1)", [version]);
      count++;
    }
    await client.query("COMMIT");
    return count;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A PostgreSQL feedback store with its start-up migration already attempted. */
export async function createPgFeedbackStore(databaseUrl: string, logger: Logger): Promise<FeedbackStore & { health(): string }> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: POOL_MAX,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
  });
  const target = describeTarget(databaseUrl);
  let lastError: string | null = null;
  let warned = false;
  // an idle client losing its server emits here; without a listener the process would crash
  pool.on("error", (err) => noteFailure(err));

  function noteFailure(err: unknown): void {
    lastError = err instanceof Error ? err.message : String(err);
    if (!warned) {
      warned = true;
      logger.warn({ postgres: target, err: lastError }, "PostgreSQL unreachable: votes are refused politely until it is back; answers go on");
    }
  }
  function noteSuccess(): void {
    if (warned) logger.info({ postgres: target }, "PostgreSQL is back");
    warned = false;
    lastError = null;
  }

  let schema: Promise<void> | null = null;
  const ensureSchema = (): Promise<void> => {
    schema ??= migrate(pool).then(
      (n) => {
        if (n) logger.info({ postgres: target, migrations: n }, "feedback schema migrated");
      },
      (err: unknown) => {
        schema = null; // try again on next use
        throw err;
      },
    );
    return schema;
  };

  /** Run a statement; any failure to reach the database becomes FeedbackUnavailableError. */
  async function run<R extends pg.QueryResultRow>(what: string, sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      await ensureSchema();
      const result = await pool.query<R>(sql, params);
      noteSuccess();
      return result;
    } catch (err) {
      noteFailure(err);
      throw new FeedbackUnavailableError(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  try {
    await ensureSchema();
    noteSuccess();
  } catch (err) {
    noteFailure(err);
  }

  return {
    async recordAnswer(a: RecordedAnswer) {
      const r = await run<{ id: string }>(
        "record answer",
        "INSERT INTO jiceng_answers (chat_id, user_id, question, answer, refused, citations) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        [String(a.chatId), a.userId === null ? null : String(a.userId), a.question, a.answer, a.refused, JSON.stringify(a.citationIds)],
      );
      // BIGSERIAL comes back as a string; ids stay far below 2^53 (and the 15-digit callback limit)
      return Number(r.rows[0]?.id);
    },
    async attachMessage(answerId, messageId) {
      await run("attach message", "UPDATE jiceng_answers SET message_id = $2 WHERE id = $1", [answerId, messageId]);
    },
    async vote(answerId, userId, up, where) {
      // one statement: the vote is stored only if its answer exists and it comes from the chat (and, once
      // attached, the message) that carries the answer, so nothing is half-written and nothing forged counts
      const r = await run<{ stored: boolean | null }>(
        "vote",
        `WITH target AS (SELECT id, chat_id, message_id FROM jiceng_answers WHERE id = $1),
         ok AS (SELECT id FROM target WHERE chat_id = $4 AND (message_id IS NULL OR message_id = $5)),
         ins AS (
           INSERT INTO jiceng_votes (answer_id, user_id, up) SELECT id, $2, $3 FROM ok
           ON CONFLICT (answer_id, user_id) DO UPDATE SET up = excluded.up, created_at = now()
           RETURNING 1
         )
         SELECT (SELECT COUNT(*) FROM ins) > 0 AS stored WHERE EXISTS (SELECT 1 FROM target)`,
        [answerId, String(userId), up, where.chatId === null ? null : String(where.chatId), where.messageId],
      );
      const row = r.rows[0];
      if (!row) return "unknown";
      return row.stored ? "recorded" : "elsewhere";
    },
    async linkRef(ref, answerId) {
      await run(
        "link reference",
        "INSERT INTO jiceng_answer_refs (ref, answer_id) VALUES ($1, $2) ON CONFLICT (ref) DO UPDATE SET answer_id = excluded.answer_id",
        [ref, answerId],
      );
    },
    async answerIdFor(ref) {
      const r = await run<{ id: string }>("find reference", "SELECT answer_id AS id FROM jiceng_answer_refs WHERE ref = $1", [ref]);
      const row = r.rows[0];
      return row ? Number(row.id) : null;
    },
    async recentDown(limit = 10) {
      const r = await run<{ answerid: string; userid: string; question: string; answer: string; at: Date; citations: string[] }>(
        "recent down votes",
        `SELECT v.answer_id AS answerId, v.user_id AS userId, a.question, a.answer, v.created_at AS at, a.citations
         FROM jiceng_votes v JOIN jiceng_answers a ON a.id = v.answer_id
         WHERE NOT v.up ORDER BY v.created_at DESC, v.answer_id DESC LIMIT $1`,
        [limit],
      );
      return r.rows.map((row): DownVote => ({
        answerId: Number(row.answerid),
        // Telegram ids come back as numbers, WeCom's stay strings (as in the SQLite store)
        userId: channelId(row.userid),
        question: row.question,
        answer: row.answer,
        at: row.at.toISOString(),
        citationIds: row.citations,
      }));
    },
    async totals() {
      const r = await run<{ up: string; down: string }>(
        "totals",
        "SELECT COUNT(*) FILTER (WHERE up) AS up, COUNT(*) FILTER (WHERE NOT up) AS down FROM jiceng_votes",
        [],
      );
      return { up: Number(r.rows[0]?.up ?? 0), down: Number(r.rows[0]?.down ?? 0) };
    },
    health: () => (lastError ? `down: ${lastError.slice(0, 200)}` : "up"),
    async close() {
      await pool.end();
    },
  };
}
