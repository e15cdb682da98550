/**
 * What a reindex does, decided by pure functions over plain data (the previous
 * manifest, content hashes, counts, options), so that every branch is testable
 * without building an index. build.ts gathers the facts, asks, and executes.
 *
 * Three decisions, in the order the facts become known:
 * 1. `canUpdateInPlace`: may unchanged reports be carried over unread (and the
 *    previous graph updated rather than rebuilt)?
 * 2. `decideReport`, per report in article-id order: carry / read its cached
 *    parse / parse it again. It depends on the ids earlier reports took, which
 *    a re-parsed report only knows once parsed.
 * 3. `decideIdf` and `decideGraph`, once the new passage count is known: keep or
 *    refit the embedder's IDF, and whether the graph is unchanged, updated in
 *    place, or rebuilt (for an IDF refit or for another reason).
 */
import type { Manifest, ManifestReport } from "./types.js";

/** Refit IDF (and re-embed everything) when the corpus size drifted this much since the last fit. */
export const IDF_DRIFT = 0.25;

/** Rebuild the graph from scratch once this share of its nodes would be deleted (stale) ones: search wastes effort on them. */
export const MAX_DELETED_SHARE = 0.2;

/** Graph parameters a saved graph was built with. */
export interface GraphParams {
  M: number;
  efConstruction: number;
}

/**
 * Whether this run may carry unchanged reports over unread and update the
 * previous graph: there is a previous index (and no --full), from the same
 * pipeline, with a saved graph built with the current parameters.
 */
export function canUpdateInPlace(input: {
  /** The previous manifest, null when absent or on --full. */
  previous: Manifest | null;
  pipelineVersion: number;
  graphSaved: boolean;
  params: GraphParams;
}): boolean {
  const { previous } = input;
  return (
    previous !== null &&
    previous.pipelineVersion === input.pipelineVersion &&
    previous.hnsw.M === input.params.M &&
    previous.hnsw.efConstruction === input.params.efConstruction &&
    input.graphSaved
  );
}

/** What to do with one report file. */
export type ReportAction =
  /** Unchanged: its cache files (and later its vectors) are carried over, it is not read. */
  | "carry"
  /** Unchanged: read its cached parse (tokens included) instead of parsing it. */
  | "cached"
  /** New, changed, or its cache cannot be trusted: parse it. */
  | "parse";

/** Decide one report, after the reports before it (in article-id order) took their ids. */
export function decideReport(input: {
  /** Its line in the previous manifest (null when new). */
  prev: ManifestReport | null;
  hash: string;
  /** The previous manifest may be reused: present, no --full, same pipeline version. */
  reuse: boolean;
  inPlace: boolean;
  /** Both of its cache files are in the previous index. */
  cacheOnDisk: boolean;
  /** Article ids taken by the reports before it. */
  takenIds: ReadonlySet<string>;
}): ReportAction {
  const { prev } = input;
  const reusable = prev !== null && input.reuse && prev.hash === input.hash && prev.articleIds.every((id) => !input.takenIds.has(id));
  if (!reusable) return "parse";
  return input.inPlace && input.cacheOnDisk ? "carry" : "cached";
}

/** Whether the embedder's IDF is kept, refitted, or not used (a remote embedder). */
export type IdfDecision = "keep" | "refit" | "none";

/**
 * Keep the previous IDF unless forced (--full), missing, made for another
 * embedder, or the corpus drifted more than IDF_DRIFT. "keep" still needs the
 * stored table: when it cannot be read, the caller refits.
 */
export function decideIdf(input: {
  embedder: "hashing" | "openai";
  /** The previous manifest, null when absent or on --full. */
  previous: Manifest | null;
  /** Passages of the new corpus. */
  passages: number;
}): IdfDecision {
  if (input.embedder !== "hashing") return "none";
  const { previous } = input;
  if (!previous?.idf || previous.embedder.kind !== "hashing") return "refit";
  const drift = Math.abs(input.passages - previous.idf.docs) / Math.max(1, previous.idf.docs);
  return drift <= IDF_DRIFT ? "keep" : "refit";
}

/** Why the graph is rebuilt rather than updated. */
export type RebuildReason =
  /** No usable previous graph: --full, first build, another pipeline or graph parameters. */
  | "no-previous-graph"
  /** The vectors of a carried report are missing, or the embedder changed. */
  | "vectors-missing"
  /** Deleted nodes would exceed MAX_DELETED_SHARE. */
  | "too-many-deleted";

/** What happens to the HNSW graph. */
export type GraphPlan =
  /** Nothing added, changed or removed: the saved graph is carried over as it is. */
  | { mode: "unchanged" }
  /** The graph is updated: stale reports' points marked deleted, new points added. */
  | { mode: "in-place"; staleArticles: string[] }
  /** The IDF was refit while reports were carried: every vector changes, so everything is re-read, re-embedded and rebuilt. */
  | { mode: "idf-refit" }
  /** Built from scratch over every report's vectors. */
  | { mode: "full"; reason: RebuildReason };

/**
 * Decide the graph, once the reports are read and the IDF decided. A rebuild
 * while reports were carried means the caller must read those reports after
 * all (their tokens and vectors feed the rebuild).
 */
export function decideGraph(input: {
  /** The result of canUpdateInPlace. */
  inPlace: boolean;
  /** The previous manifest (null when absent or on --full). */
  previous: Manifest | null;
  /** Reports carried over unread. */
  carried: readonly ManifestReport[];
  /** Passages read or parsed this run (they get new points). */
  newPassages: number;
  /** The IDF actually used: "refit" also when "keep" found no readable table. */
  idf: IdfDecision;
  /** The embedder's cache key this run (vectors are interchangeable under one key). */
  embedderKey: string;
  /** Every carried report has its vectors file under `embedderKey`. */
  carriedVectorsPresent: boolean;
}): GraphPlan {
  const { previous, carried } = input;
  if (input.idf === "refit" && carried.length > 0) return { mode: "idf-refit" };
  if (!input.inPlace || !previous) return { mode: "full", reason: "no-previous-graph" };
  if (previous.embedder.key !== input.embedderKey || (carried.length > 0 && !input.carriedVectorsPresent)) return { mode: "full", reason: "vectors-missing" };
  const kept = new Set(carried.map((r) => r.file));
  const stale = previous.reports.filter((r) => !kept.has(r.file));
  if (stale.length === 0 && input.newPassages === 0) return { mode: "unchanged" };
  const oldNodes = previous.graphNodes ?? previous.totals.passages;
  const deleted = oldNodes - previous.totals.passages + stale.reduce((n, r) => n + r.passages, 0);
  const total = oldNodes + input.newPassages;
  if (deleted > MAX_DELETED_SHARE * total) return { mode: "full", reason: "too-many-deleted" };
  return { mode: "in-place", staleArticles: stale.flatMap((r) => r.articleIds) };
}

/** Points in the graph after executing `plan` (deleted ones included), for the next run's decideGraph. */
export function graphNodesAfter(plan: GraphPlan, previous: Manifest | null, newPassages: number, totalPassages: number): number {
  if (plan.mode === "unchanged" || plan.mode === "in-place") return (previous?.graphNodes ?? previous?.totals.passages ?? 0) + newPassages;
  return totalPassages;
}
