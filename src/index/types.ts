/** What the index stage writes and what loading it gives back. */
import type { Passage } from "../chunk/types.js";
import type { Article, RepairLog } from "../corpus/types.js";
import type { Fact } from "../facts/types.js";

/** Bump when parsing, chunking, tokenizing or fact extraction changes: cached reports are rebuilt. */
export const PIPELINE_VERSION = 9;

/** One report's cached parse: everything derived from its bytes. */
export interface ReportCache {
  pipelineVersion: number;
  file: string;
  reportId: string;
  hash: string;
  encoding: string;
  title: string;
  articles: Article[];
  passages: Passage[];
  /** Retrieval tokens of each passage (heading + text), parallel to `passages`. */
  tokens: string[][];
  facts: Fact[];
  repairs: RepairLog;
}

/** One report's line in the manifest. */
export interface ManifestReport {
  file: string;
  reportId: string;
  hash: string;
  title: string;
  encoding: string;
  firstIndexedAt: string;
  articleIds: string[];
  passages: number;
  facts: number;
}

/** `manifest.json`: what the index holds and how it was built. */
export interface Manifest {
  formatVersion: 1;
  pipelineVersion: number;
  /** `lexiconKeyOf` the domain words and gazetteer used (absent in older indexes: everything is re-analysed). */
  lexiconKey?: string;
  /** The domain words the tokens were cut with; the loader hands the same list to the query side. */
  domainWords?: string[];
  builtAt: string;
  embedder: { kind: "hashing" | "openai"; key: string; dimensions: number };
  idf: { docs: number; version: string } | null;
  hnsw: { M: number; efConstruction: number; efSearch: number };
  /**
   * Points in the saved graph, deleted ones included (in-place updates leave
   * deleted points until the next rebuild). Absent in indexes built before it
   * was recorded: then taken to be `totals.passages`.
   */
  graphNodes?: number;
  reports: ManifestReport[];
  totals: { reports: number; articles: number; passages: number; facts: number };
}

/** What a reindex did, for the CLI's `--json` and the bot's summary. */
export interface ReindexSummary {
  ok: true;
  reports: number;
  articles: number;
  passages: number;
  facts: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Passages whose vectors were computed this run (0 when nothing changed). */
  embedded: number;
  /** Passages whose vectors were reused from the previous index. */
  reusedVectors: number;
  idfRefit: boolean;
  ms: number;
}
