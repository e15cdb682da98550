/**
 * Load a built index into memory: passages, tokens, facts, the BM25 index and
 * the HNSWLib vector store. Builds the index first when it is missing.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Embeddings } from "@langchain/core/embeddings";
import type { Passage } from "../chunk/types.js";
import type { Config } from "../config.js";
import { loadGazetteer, type GazetteerEntry } from "../corpus/regions.js";
import type { Article } from "../corpus/types.js";
import { IndexError } from "../errors.js";
import type { Fact } from "../facts/types.js";
import { silentLogger, type Logger } from "../logger.js";
import { Bm25Index } from "./bm25.js";
import { readManifest, reindex } from "./build.js";
import { createEmbedder } from "./embedder.js";
import type { IdfTable } from "./hashing-embeddings.js";
import { PIPELINE_VERSION, type Manifest, type ReportCache } from "./types.js";

/** Everything retrieval and answering need, in memory. */
export interface LoadedIndex {
  manifest: Manifest;
  articles: Article[];
  passages: Passage[];
  /** passage id → position in `passages`. */
  position: Map<string, number>;
  facts: Fact[];
  /** Facts of each passage, by passage position (so lookups can start from retrieved passages). */
  factsAt: Fact[][];
  bm25: Bm25Index;
  vectorStore: HNSWLib;
  embeddings: Embeddings;
  gazetteer: GazetteerEntry[];
  /** report file → its title, encoding and counts. */
  reports: Manifest["reports"];
}

/** Load the index from `config.indexDir`. Throws IndexError when it is missing or broken. */
export async function loadIndex(config: Pick<Config, "indexDir" | "lexiconDir" | "embeddings">): Promise<LoadedIndex> {
  const manifest = await readManifest(config.indexDir);
  if (!manifest) throw new IndexError(`No index in ${config.indexDir}`, "索引不存在，请先执行 reindex。");
  try {
    const caches = await Promise.all(
      manifest.reports.map(async (r) => JSON.parse(await readFile(path.join(config.indexDir, "reports", `${r.hash}.json`), "utf8")) as ReportCache),
    );
    let idf: IdfTable = { docs: 0, df: {} };
    if (manifest.idf) idf = JSON.parse(await readFile(path.join(config.indexDir, "idf.json"), "utf8")) as IdfTable;
    const embedder = await createEmbedder(config, idf, manifest.idf?.version ?? "none");
    const vectorStore = await HNSWLib.load(path.join(config.indexDir, "hnsw"), embedder.embeddings);
    vectorStore.index.setEf(manifest.hnsw.efSearch);
    const passages = caches.flatMap((c) => c.passages);
    const position = new Map(passages.map((p, i) => [p.id, i]));
    const facts = caches.flatMap((c) => c.facts);
    const factsAt: Fact[][] = passages.map(() => []);
    for (const f of facts) {
      const pos = position.get(f.citation.id);
      if (pos !== undefined) factsAt[pos]!.push(f);
    }
    // tokens are only needed to build BM25; letting them go keeps a large index in far less memory
    const bm25 = new Bm25Index(caches.flatMap((c) => c.tokens));
    for (const c of caches) c.tokens = [];
    return {
      manifest,
      articles: caches.flatMap((c) => c.articles),
      passages,
      position,
      facts,
      factsAt,
      bm25,
      vectorStore,
      embeddings: embedder.embeddings,
      gazetteer: await loadGazetteer(config.lexiconDir),
      reports: manifest.reports,
    };
  } catch (cause) {
    if (cause instanceof IndexError) throw cause;
    throw new IndexError(`Broken index in ${config.indexDir}: ${String(cause)}`, "索引文件损坏，请重新执行 reindex。", { cause });
  }
}

/** Load the index, building it first when it is missing or was built by an older pipeline. */
export async function ensureIndex(
  config: Pick<Config, "indexDir" | "lexiconDir" | "embeddings" | "reportsDir">,
  logger: Logger = silentLogger,
): Promise<LoadedIndex> {
  const manifest = await readManifest(config.indexDir);
  if (!manifest || manifest.pipelineVersion !== PIPELINE_VERSION) {
    logger.info({ indexDir: config.indexDir }, manifest ? "index is from an older version, rebuilding" : "no index yet, building it");
    await reindex(config, { logger });
  }
  return loadIndex(config);
}
