/**
 * Load a built index into memory: passages, tokens, facts, the BM25 index and
 * the vector index (hnsw-store.ts). Builds the index first when it is missing.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import type { VectorStore } from "@langchain/core/vectorstores";
import type { Passage } from "../chunk/types.js";
import type { Config } from "../config.js";
import { loadGazetteer, type GazetteerEntry } from "../corpus/regions.js";
import type { Article } from "../corpus/types.js";
import { IndexError } from "../errors.js";
import type { Fact } from "../facts/types.js";
import { silentLogger, type Logger } from "../logger.js";
import { Bm25Builder, Bm25Index } from "./bm25.js";
import { loadDomainWords } from "../text/domain-words.js";
import { configureTokenizer } from "../text/tokenize.js";
import { lexiconKeyOf, readReportCache, readReportTokens } from "./cache-files.js";
import { readManifest, readManifestAt, reindex } from "./build.js";
import { currentIndexDir } from "./versions.js";
import { createEmbedder } from "./embedder.js";
import type { IdfTable } from "./hashing-embeddings.js";
import { loadGraph } from "./hnsw-store.js";
import { PIPELINE_VERSION, type Manifest, type ReportCache } from "./types.js";
import type { VectorIndex } from "./vector-index.js";

/** Report files read ahead while earlier ones are being indexed. */
const READ_AHEAD = 8;

/** Returns one shared copy of each distinct string (JSON.parse makes a new one per occurrence). */
function createInterner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const have = seen.get(s);
    if (have !== undefined) return have;
    seen.set(s, s);
    return s;
  };
}

/** Everything retrieval and answering need, in memory. */
export interface LoadedIndex {
  manifest: Manifest;
  /** Articles with their headings and regions; their paragraphs are empty (the passages are the body). */
  articles: Article[];
  passages: Passage[];
  /** passage id → position in `passages`. */
  position: Map<string, number>;
  facts: Fact[];
  /** Facts of each passage, by passage position (so lookups can start from retrieved passages). */
  factsAt: Fact[][];
  bm25: Bm25Index;
  /** Nearest-neighbour search and stored vectors, by passage position: what retrieval and the bench use. */
  vectors: VectorIndex;
  /**
   * The same vectors as a LangChain VectorStore (text in, Documents whose
   * `metadata.id` is the passage id out), for LangChain tooling; retrieval does not use it.
   */
  vectorStore: VectorStore;
  embeddings: Embeddings;
  gazetteer: GazetteerEntry[];
  /** report file → its title, encoding and counts. */
  reports: Manifest["reports"];
}

/** Attempts at loading when the version being read is replaced and removed meanwhile. */
const LOAD_ATTEMPTS = 3;

/**
 * Load the index served from `config.indexDir`: its current version, read as
 * one snapshot (versions.ts). When that version disappears while it is being
 * read (replaced and past its grace period), the new current one is loaded
 * instead, whole. Throws IndexError when the index is missing or broken;
 * never leaves a rejected promise unhandled.
 */
export async function loadIndex(config: Pick<Config, "indexDir" | "lexiconDir" | "embeddings">): Promise<LoadedIndex> {
  for (let attempt = 1; ; attempt++) {
    const dir = await currentIndexDir(config.indexDir);
    if (!dir) throw new IndexError(`No index in ${config.indexDir}`, "索引不存在，请先执行 reindex。");
    try {
      return await loadIndexAt(dir, config);
    } catch (error) {
      const moved = (await currentIndexDir(config.indexDir)) !== dir;
      if (!moved || attempt >= LOAD_ATTEMPTS) throw error;
    }
  }
}

/** Load one index folder (a version). */
async function loadIndexAt(indexDir: string, config: Pick<Config, "lexiconDir" | "embeddings">): Promise<LoadedIndex> {
  const manifest = await readManifestAt(indexDir);
  if (!manifest) throw new IndexError(`No index in ${indexDir}`, "索引不存在，请先执行 reindex。");
  // questions are cut with the domain words the passages were cut with
  configureTokenizer(manifest.domainWords ?? (await loadDomainWords(config.lexiconDir)));
  try {
    // one report at a time: tokens go straight into BM25 and are dropped, strings are shared
    const intern = createInterner();
    const bm25Builder = new Bm25Builder();
    const articles: Article[] = [];
    const passages: Passage[] = [];
    const facts: Fact[] = [];
    // files are read a few at a time ahead of use; they are consumed strictly in manifest order
    const pending = manifest.reports.map(() => null as Promise<[ReportCache, string[][]]> | null);
    const fetch = (i: number) => {
      const r = manifest.reports[i];
      if (!r || pending[i]) return;
      const read = Promise.all([readReportCache(indexDir, r.hash, false), readReportTokens(indexDir, r.hash)]);
      // a read ahead may fail before it is awaited (or never be awaited after an earlier failure):
      // it is observed here, and the failure surfaces where it is awaited
      read.catch(() => undefined);
      pending[i] = read;
    };
    for (let i = 0; i < Math.min(READ_AHEAD, manifest.reports.length); i++) fetch(i);
    for (let i = 0; i < manifest.reports.length; i++) {
      fetch(i + READ_AHEAD);
      const [cache, tokenLists] = await pending[i]!;
      pending[i] = null;
      for (const a of cache.articles) {
        // the body lives in the passages; an article keeps its headings for menus and suggestions
        articles.push({ ...a, sections: a.sections.map((sec) => ({ heading: sec.heading, paragraphs: [] })) });
      }
      for (const p of cache.passages) {
        p.title = intern(p.title);
        p.section = intern(p.section);
        p.reportFile = intern(p.reportFile);
        p.reportId = intern(p.reportId);
        if (p.region) p.region = intern(p.region);
        passages.push(p);
      }
      for (const f of cache.facts) {
        f.sentence = intern(f.sentence);
        f.unit = intern(f.unit);
        f.citation.title = intern(f.citation.title);
        f.citation.section = intern(f.citation.section);
        if (f.region) f.region = intern(f.region);
        facts.push(f);
      }
      for (const tokens of tokenLists) bm25Builder.add(tokens);
    }
    let idf: IdfTable = { docs: 0, df: {} };
    if (manifest.idf) idf = JSON.parse(await readFile(path.join(indexDir, "idf.json"), "utf8")) as IdfTable;
    const embedder = await createEmbedder(config, idf, manifest.idf?.version ?? "none");
    const position = new Map(passages.map((p, i) => [p.id, i]));
    const graph = await loadGraph(path.join(indexDir, "hnsw"), embedder.embeddings, position, passages.length);
    const factsAt: Fact[][] = passages.map(() => []);
    for (const f of facts) {
      const pos = position.get(f.citation.id);
      if (pos !== undefined) factsAt[pos]!.push(f);
    }
    const bm25 = Bm25Index.fromBuilder(bm25Builder);
    return {
      manifest,
      articles,
      passages,
      position,
      facts,
      factsAt,
      bm25,
      vectors: graph.vectors,
      vectorStore: graph.store,
      embeddings: embedder.embeddings,
      gazetteer: await loadGazetteer(config.lexiconDir),
      reports: manifest.reports,
    };
  } catch (cause) {
    if (cause instanceof IndexError) throw cause;
    throw new IndexError(`Broken index in ${indexDir}: ${String(cause)}`, "索引文件损坏，请重新执行 reindex。", { cause });
  }
}

/** Load the index, building it first when it is missing or was built by an older pipeline. */
export async function ensureIndex(
  config: Pick<Config, "indexDir" | "lexiconDir" | "embeddings" | "reportsDir">,
  logger: Logger = silentLogger,
): Promise<LoadedIndex> {
  const manifest = await readManifest(config.indexDir);
  // an edited domain-word list or gazetteer (data/lexicon/) makes the cached analysis stale too
  const lexiconKey = lexiconKeyOf(await loadDomainWords(config.lexiconDir), await loadGazetteer(config.lexiconDir));
  if (!manifest || manifest.pipelineVersion !== PIPELINE_VERSION || manifest.lexiconKey !== lexiconKey) {
    logger.info({ indexDir: config.indexDir }, manifest ? "index is from an older version or lexicon, rebuilding" : "no index yet, building it");
    await reindex(config, { logger });
  }
  return loadIndex(config);
}
