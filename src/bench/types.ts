/** The shapes of a `jiceng bench` report (the `--json` output). Fields may be added, not renamed. */

/** Latency percentiles in milliseconds. */
export interface Latency {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Build phase of one corpus size (measured in its own process). */
export interface BuildResult {
  reports: number;
  articles: number;
  passages: number;
  facts: number;
  fullMs: number;
  /** Reindex after one report's figures changed. */
  incrementalMs: number;
  incrementalChanged: string;
  /** Passages embedded by the incremental run (only the changed report's). */
  incrementalEmbedded: number;
  indexBytes: number;
  /** Peak resident set size of the build process (getrusage maxRSS). */
  maxRssMB: number;
}

/** Retrieval phase of one corpus size. */
export interface SearchResult {
  /** Load the index, build the retriever and answer the first search. */
  coldStartMs: number;
  loadMs: number;
  search: Latency;
  bm25: Latency;
  /** BM25-alone latency / hybrid latency (p50). */
  bm25LatencyRatio: number;
  hnsw: { efSearch: number; M: number; efConstruction: number; latency: Latency; recallAt10: number; deleted: number };
  exact: { latency: Latency };
  /** Exact search time / HNSW time (mean): how much HNSW saves. */
  exactSpeedRatio: number;
  /** hit@5 on each eval set for hybrid and BM25 alone. */
  hitAt5: { set: string; n: number; hybrid: number; bm25: number }[];
  maxRssMB: number;
}

/** Answer phase of one corpus size (null fields when the assistant is not available). */
export interface AskResult {
  /** Process-fresh: create the assistant (loads the index) and answer the first question. */
  coldStartMs: number;
  ask: Latency;
  refused: number;
  throughput: { concurrency: number; questions: number; qps: number; wallMs: number };
  /**
   * Answers asked one after another while a full reindex of the same corpus
   * runs (in its child process): their latency next to `ask`, the questions
   * answered meanwhile and the reindex's own time. Measured at sizes ≥ 100.
   */
  duringReindex?: { ask: Latency; answered: number; reindexMs: number };
  maxRssMB: number;
}

/** Ingest time of one generated report (a fresh index with only that file). */
export interface IngestResult {
  mb: number;
  /** "ordinary": generated prose; "repetitive": one sentence on consecutive lines (a table exported line by line). */
  kind: "ordinary" | "repetitive";
  passages: number;
  ms: number;
}

/** Everything measured at one corpus size. */
export interface SizeResult {
  /** Report files in the corpus (1 = the shipped corpus only). */
  size: number;
  build: BuildResult;
  search: SearchResult;
  ask: AskResult | null;
  /** Max of the phases' maxRSS. */
  peakRssMB: number;
}

/** One issue-6 target and whether this run met it. */
export interface TargetCheck {
  name: string;
  target: string;
  value: number | null;
  size: number;
  met: boolean | null;
}

/** The whole report. */
export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; totalMemMB: number; node: string; platform: string };
  settings: { sizes: number[]; questions: number; concurrency: number; seed: number };
  sizes: SizeResult[];
  targets: TargetCheck[];
  /** Ingest of generated single reports of a few sizes (`--ingest`), ordinary vs repetitive text. */
  ingest?: IngestResult[];
  totalMs: number;
}
