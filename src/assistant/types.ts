/**
 * The channel-free core every channel (Telegram, console, CLI) talks to.
 * Channels only render these results and route commands.
 */
import type { Answer, Citation } from "../answer/types.js";
import type { Passage } from "../chunk/types.js";
import type { Fact } from "../facts/types.js";
import type { ReindexProgress } from "../index/build.js";
import type { ReindexSummary } from "../index/types.js";
import type { Samples } from "./samples.js";
import type { Hit } from "../search/types.js";

export type { Answer, Citation, Fact, Hit, Passage, ReindexProgress, ReindexSummary };

/** Who is asking and in which conversation (for follow-up memory). */
export interface AskContext {
  /** Conversation key: a chat id, or "cli". Follow-ups are remembered per key. */
  chatId?: string;
}

/** Result of a statistics lookup. */
export interface StatsResult {
  query: string;
  /** "facts": ranked matches; "region": a region's key figures; "overview": no keyword. */
  kind: "facts" | "region" | "overview";
  facts: Fact[];
  /** For side-by-side views: facts grouped by region (same order as `facts`). */
  groups: { region: string | null; facts: Fact[] }[];
  /** For the overview: corpus counts and example queries. */
  overview?: { reports: number; articles: number; regions: string[]; facts: number; examples: string[] };
}

/** A trainer's example: one verbatim sentence that summarises a case, with its source. */
export interface Example {
  summary: string;
  citation: Citation;
  /** The card a trainer pastes into slides: 地点 · 做法 · 关键数字 · 出处. */
  place: string;
  /** Figures the case states, as printed (20项, 40余块). */
  keyFigures: string[];
}

/** One report in the corpus, for `/sources` and `/reports`. */
export interface SourceInfo {
  file: string;
  title: string;
  articles: { id: string; title: string; region: string | null; passages: number }[];
  passages: number;
  facts: number;
  encoding: string;
}

/** Result of saving an uploaded report. */
export interface AddReportResult {
  file: string;
  duplicateOf?: string;
  summary?: ReindexSummary;
  /** Articles found in the new report (title, region). */
  articles: { title: string; region: string | null }[];
  /** True when the report replaced an earlier file of the same name (after confirmReplace). */
  replaced?: boolean;
  /**
   * A report of this name exists: nothing was changed. The upload is applied
   * only by `confirmReplace(token)` within `expiresInMinutes`.
   */
  needsConfirmation?: { token: string; existing: string; expiresInMinutes: number };
  /**
   * Gazetteer places the new report's articles were recognised as being about
   * (凯里市), each once; empty when none was (the upload summary then says how
   * to add one to regions.txt).
   */
  places: string[];
}

/**
 * `/remove`, two steps: without a token the report is looked up and a
 * confirmation token returned (nothing changes); with that token it is deleted
 * and the index rebuilt. The token is the file's content hash, so a file
 * replaced in between must be confirmed again.
 */
export type RemoveReportResult =
  | { status: "confirm"; file: string; token: string; articles: { title: string; region: string | null }[] }
  | { status: "removed"; file: string; summary: ReindexSummary }
  | { status: "unknown"; file: string; known: string[] }
  | { status: "stale"; file: string };

/** The assistant's public surface. */
export interface Assistant {
  /** Answer a question; `resolvedQuestion` is set when a follow-up («那思南呢») was read as a fuller question. */
  ask(question: string, context?: AskContext): Promise<Answer & { ms: number; resolvedQuestion?: string }>;
  search(query: string, k?: number): Promise<Hit[]>;
  stats(query: string): StatsResult;
  examples(topic: string, limit?: number): Promise<Example[]>;
  sources(): SourceInfo[];
  /** The full passage behind a citation id, or null. */
  source(id: string): Passage | null;
  /** Rebuild the index from the reports folder and swap it in; questions keep being answered meanwhile. */
  reindex(options?: { full?: boolean; onProgress?: (p: ReindexProgress) => void }): Promise<ReindexSummary>;
  /**
   * Validate and save an uploaded report, then reindex (in a child process). A
   * report whose file name exists already is not saved: the result carries
   * `needsConfirmation` and only `confirmReplace` applies it. Throws JicengError
   * with a Chinese message on bad input; then nothing has changed.
   */
  addReport(fileName: string, bytes: Uint8Array, onProgress?: (p: ReindexProgress) => void): Promise<AddReportResult>;
  /** Apply a replacement addReport held back; the old file is kept as a backup until the new index is live. */
  confirmReplace(token: string, onProgress?: (p: ReindexProgress) => void): Promise<AddReportResult>;
  /** Drop a held-back replacement; false when the token is unknown or expired. */
  cancelReplace(token: string): boolean;
  /** Remove a report in two steps (see RemoveReportResult); the folder is restored if the reindex fails. */
  removeReport(fileName: string, confirmToken?: string, onProgress?: (p: ReindexProgress) => void): Promise<RemoveReportResult>;
  /** Corpus counts for /start, /help and overviews, and the examples to offer (data/lexicon/examples.txt, else chosen from the index). */
  info(): { reports: number; articles: number; passages: number; facts: number; regions: string[]; samples: Samples };
}
