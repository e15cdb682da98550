/**
 * Reindex: read every report in REPORTS_DIR, reuse what is unchanged (by content
 * hash), embed only what changed, and write a new index into a temporary folder
 * that is swapped in atomically. On any failure the previous index stays.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import hnswlib from "hnswlib-node";
import { chunkArticle } from "../chunk/chunk.js";
import type { Passage } from "../chunk/types.js";
import type { Config } from "../config.js";
import { parseReport } from "../corpus/parse.js";
import { hashBytes, decodeReport, isReportFile } from "../corpus/read.js";
import { loadGazetteer, type GazetteerEntry } from "../corpus/regions.js";
import type { Article } from "../corpus/types.js";
import { IndexError, JicengError } from "../errors.js";
import { extractFacts } from "../facts/extract.js";
import { silentLogger, type Logger } from "../logger.js";
import { loadDomainWords } from "../text/domain-words.js";
import { configureTokenizer, tokenize, tokenizerDomainWords } from "../text/tokenize.js";
import { carryFile, carryReportCache, hasReportCache, lexiconKeyOf, readReportCache, readReportTokens, writeReportCache } from "./cache-files.js";
import { createEmbedder } from "./embedder.js";
import { createIdfAccumulator, HashingEmbeddings, type IdfTable } from "./hashing-embeddings.js";
import { PIPELINE_VERSION, type Manifest, type ManifestReport, type ReindexSummary, type ReportCache } from "./types.js";

/** HNSW graph parameters (tuned with `jiceng bench`). */
export const HNSW_PARAMS = { M: 16, efConstruction: 100, efSearch: 800 };

/** Refit IDF (and re-embed everything) when the corpus size drifted this much since the last fit. */
export const IDF_DRIFT = 0.25;

/** Progress events, for a chat message that edits itself. */
export type ReindexProgress =
  | { stage: "read"; file: string; done: number; total: number }
  | { stage: "embed"; passages: number }
  | { stage: "graph"; passages: number }
  | { stage: "write" };

/** Options of a reindex run. */
export interface ReindexOptions {
  full?: boolean;
  logger?: Logger;
  onProgress?: (p: ReindexProgress) => void;
}

/** Read `manifest.json` of an index folder, or null when absent/corrupt. */
export async function readManifest(indexDir: string): Promise<Manifest | null> {
  try {
    const m = JSON.parse(await readFile(path.join(indexDir, "manifest.json"), "utf8")) as Manifest;
    return m.formatVersion === 1 ? m : null;
  } catch {
    return null;
  }
}

/** ASCII id of a report from its file name (Chinese names fall back to a hash prefix). */
export function reportIdOf(file: string, hash: string): string {
  const stem = path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return stem.length >= 3 ? stem : `r-${hash.slice(0, 8)}`;
}

/** Parse, chunk, tokenize and extract facts of one report's bytes. */
export async function analyzeReport(
  bytes: Uint8Array,
  file: string,
  gazetteer: GazetteerEntry[],
  assignIds: (articles: Omit<Article, "id">[]) => string[],
): Promise<ReportCache> {
  const decoded = await decodeReport(bytes, file);
  const hash = hashBytes(bytes);
  const reportId = reportIdOf(file, hash);
  const fileTitle = path.basename(file, path.extname(file));
  const parsed = parseReport(decoded.text, fileTitle, gazetteer);
  if (parsed.articles.length === 0) {
    throw new IndexError(`No text in ${file}`, `报告「${file}」里没有可索引的正文。`);
  }
  const ids = assignIds(parsed.articles);
  const articles: Article[] = parsed.articles.map((a, i) => ({ ...a, id: ids[i]! }));
  const passages = articles.flatMap((a) => chunkArticle(a, { id: reportId, file }));
  const tokens = passages.map((p) => tokenize(p.kind === "caption" ? p.text : `${p.section === "导语" ? "" : p.section} ${p.text}`));
  const seenSentences = new Set<string>();
  const facts = passages.flatMap((p) => extractFacts(p, gazetteer)).filter((f) => {
    const key = `${f.raw}|${f.sentence}`;
    if (seenSentences.has(key)) return false; // a repeated sentence is counted once
    seenSentences.add(key);
    return true;
  });
  return { pipelineVersion: PIPELINE_VERSION, file, reportId, hash, encoding: decoded.encoding, title: parsed.title, articles, passages, tokens, facts, repairs: parsed.repairs };
}

function articleBaseId(a: Omit<Article, "id">, reportId: string, index: number): string {
  return a.region?.slug ?? `${reportId}-${index + 1}`;
}


function vectorsFile(dir: string, hash: string, key: string): string {
  return path.join(dir, "vectors", `${hash}.${key}.f32`);
}

async function writeVectors(file: string, vectors: number[][]): Promise<void> {
  const dims = vectors[0]?.length ?? 0;
  const buf = new Float32Array(vectors.length * dims);
  vectors.forEach((v, i) => buf.set(v, i * dims));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.from(buf.buffer));
}

async function readVectors(file: string, dims: number): Promise<number[][]> {
  const bytes = await readFile(file);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const out: number[][] = [];
  for (let i = 0; i < all.length; i += dims) out.push(Array.from(all.subarray(i, i + dims)));
  return out;
}

function idfVersionOf(idf: IdfTable): string {
  const h = createHash("sha256");
  h.update(String(idf.docs));
  for (const k of Object.keys(idf.df).sort()) h.update(`${k}\t${idf.df[k]}\n`);
  return h.digest("hex").slice(0, 12);
}

/**
 * Build or update the index from `config.reportsDir` into `config.indexDir`.
 * Throws a JicengError naming the failing file; the previous index is untouched.
 */
export async function reindex(config: Pick<Config, "reportsDir" | "indexDir" | "lexiconDir" | "embeddings">, options: ReindexOptions = {}): Promise<ReindexSummary> {
  const release = await acquireLock(config.indexDir);
  try {
    return (await reindexRun(config, options, true)) ?? (await reindexRun(config, options, false))!;
  } finally {
    await release();
  }
}

/** True when a process with this pid is alive on this machine. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One reindex at a time per index folder, across processes (the bot and a CLI
 * `reindex`): `<INDEX_DIR>.lock` holds the owner's pid; a lock whose owner is
 * gone is taken over.
 */
async function acquireLock(indexDir: string): Promise<() => Promise<void>> {
  const lock = `${indexDir}.lock`;
  await mkdir(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(lock, "utf8").catch(() => "")).trim());
      if (owner && isAlive(owner)) {
        throw new IndexError(`Reindex already running in process ${owner}`, "另一个重建索引任务正在进行，请稍后再试。");
      }
      await rm(lock, { force: true }); // its owner is gone
    }
  }
  throw new IndexError("Cannot take the reindex lock", "另一个重建索引任务正在进行，请稍后再试。");
}

/** Rebuild the graph from scratch once this share of its nodes are deleted (stale) ones. */
export const MAX_DELETED_SHARE = 0.2;

/** Thrown inside a run that tried the in-place graph update and must redo the work the full way. */
class NeedsFullGraph extends Error {}

/**
 * One reindex run. With `inPlace`, unchanged reports are neither parsed nor
 * re-embedded (their cache and vector files are hard-linked) and the previous
 * HNSW graph is updated: the changed reports' nodes are marked deleted and the
 * new vectors added. Returns null when that is not possible (IDF refit, too
 * many deleted nodes, different graph parameters): the caller reruns without.
 */
async function reindexRun(
  config: Pick<Config, "reportsDir" | "indexDir" | "lexiconDir" | "embeddings">,
  options: ReindexOptions,
  inPlace: boolean,
): Promise<ReindexSummary | null> {
  const started = performance.now();
  const log = options.logger ?? silentLogger;
  const { indexDir, reportsDir } = config;
  // `prior` keeps ids and the change summary stable even on --full; `previous` is what may be reused
  const prior = await readManifest(indexDir);
  const previous = options.full ? null : prior;
  inPlace =
    inPlace &&
    previous !== null &&
    previous.pipelineVersion === PIPELINE_VERSION &&
    previous.hnsw.M === HNSW_PARAMS.M &&
    previous.hnsw.efConstruction === HNSW_PARAMS.efConstruction &&
    existsSync(path.join(indexDir, "hnsw", "hnswlib.index"));
  const tmp = `${indexDir}.tmp-${process.pid}-${Date.now()}`;
  // the words the served index was cut with: a failed run puts them back (the old index keeps serving)
  const servedDomainWords = tokenizerDomainWords();
  await rm(tmp, { recursive: true, force: true });
  await mkdir(path.join(tmp, "reports"), { recursive: true });
  try {
    let files: string[];
    try {
      files = (await readdir(reportsDir)).filter(isReportFile).sort();
    } catch (cause) {
      throw new IndexError(`Cannot list ${reportsDir}`, `无法读取报告目录「${path.basename(reportsDir)}」。`, { cause });
    }
    if (files.length === 0) throw new IndexError(`No reports in ${reportsDir}`, `报告目录里没有 .txt/.md/.docx 报告。`);
    const gazetteer = await loadGazetteer(config.lexiconDir);
    // the lexicon's domain words cut the tokens; a changed list or gazetteer makes every cached analysis stale
    const domainWords = await loadDomainWords(config.lexiconDir);
    configureTokenizer(domainWords);
    const lexiconKey = lexiconKeyOf(domainWords, gazetteer);
    const prevByFile = new Map((prior?.reports ?? []).map((r) => [r.file, r]));
    const now = new Date().toISOString();

    // read every file first: hashes decide what is reused, and order decides article ids
    const entries: { file: string; bytes: Buffer; hash: string; firstIndexedAt: string }[] = [];
    for (const [i, file] of files.entries()) {
      options.onProgress?.({ stage: "read", file, done: i, total: files.length });
      let bytes: Buffer;
      try {
        bytes = await readFile(path.join(reportsDir, file));
      } catch (cause) {
        throw new IndexError(`Cannot read ${file}`, `无法读取报告「${file}」。`, { cause });
      }
      entries.push({ file, bytes, hash: hashBytes(bytes), firstIndexedAt: prevByFile.get(file)?.firstIndexedAt ?? now });
    }
    // older reports keep their ids; newer ones get a suffix on collision
    entries.sort((a, b) => a.firstIndexedAt.localeCompare(b.firstIndexedAt) || a.file.localeCompare(b.file));
    const takenIds = new Set<string>();
    const caches: ReportCache[] = [];
    const idfAcc = createIdfAccumulator();
    /** In place: unchanged reports known only by their manifest line (files carried over). */
    const kept: ManifestReport[] = [];
    const summary = { added: [] as string[], changed: [] as string[], unchanged: [] as string[] };
    for (const e of entries) {
      const prev = prevByFile.get(e.file);
      let cache: ReportCache | undefined;
      const reusable = prev && previous && prev.hash === e.hash && previous.pipelineVersion === PIPELINE_VERSION && previous.lexiconKey === lexiconKey && prev.articleIds.every((id) => !takenIds.has(id));
      if (reusable && inPlace && hasReportCache(indexDir, e.hash)) {
        await carryReportCache(indexDir, tmp, e.hash);
        for (const id of prev.articleIds) takenIds.add(id);
        summary.unchanged.push(e.file);
        kept.push({ ...prev, firstIndexedAt: e.firstIndexedAt });
        continue;
      }
      if (reusable) {
        try {
          cache = await readReportCache(indexDir, e.hash, true);
          if (cache.pipelineVersion !== PIPELINE_VERSION || cache.file !== e.file) cache = undefined;
        } catch {
          cache = undefined;
        }
      }
      if (!cache) {
        try {
          cache = await analyzeReport(e.bytes, e.file, gazetteer, (articles) =>
            articles.map((a, i) => {
              const base = articleBaseId(a, reportIdOf(e.file, e.hash), i);
              let id = base;
              for (let n = 2; takenIds.has(id); n++) id = `${base}-${n}`;
              takenIds.add(id);
              return id;
            }),
          );
        } catch (error) {
          if (error instanceof JicengError) throw error;
          throw new IndexError(`Failed on ${e.file}: ${String(error)}`, `处理报告「${e.file}」时出错。`, { cause: error });
        }
        (prev ? (prev.hash === e.hash ? summary.unchanged : summary.changed) : summary.added).push(e.file);
      } else {
        for (const a of cache.articles) takenIds.add(a.id);
        summary.unchanged.push(e.file);
      }
      await writeReportCache(tmp, cache);
      // document frequencies as we go, then the tokens leave memory (they are on disk for embedding)
      idfAcc.add(cache.tokens);
      cache.tokens = [];
      caches.push(cache);
    }
    const removed = (prior?.reports ?? []).filter((r) => !files.includes(r.file)).map((r) => r.file);

    // IDF: keep the previous table unless forced, missing, or the corpus drifted
    const passageCount = idfAcc.docs + kept.reduce((n, r) => n + r.passages, 0);
    let idf: IdfTable | null = null;
    let idfRefit = false;
    if (!config.embeddings) {
      if (previous?.idf && !options.full && previous.embedder.kind === "hashing") {
        const drift = Math.abs(passageCount - previous.idf.docs) / Math.max(1, previous.idf.docs);
        if (drift <= IDF_DRIFT) {
          try {
            idf = JSON.parse(await readFile(path.join(indexDir, "idf.json"), "utf8")) as IdfTable;
          } catch {
            idf = null;
          }
        }
      }
      if (!idf) {
        if (kept.length > 0) throw new NeedsFullGraph("IDF refit needs every report's tokens");
        idf = idfAcc.table();
        idfRefit = true;
      }
      await writeFile(path.join(tmp, "idf.json"), JSON.stringify(idf));
    }
    const idfVersion = idf ? idfVersionOf(idf) : "none";
    const embedder = await createEmbedder(config, idf ?? { docs: 0, df: {} }, idfVersion);

    // vectors: reuse per report when the embedder key matches, embed the rest
    const vectors: number[][] = [];
    let embedded = 0;
    let reused = 0;
    let dims = 0;
    for (const r of kept) {
      const oldFile = vectorsFile(indexDir, r.hash, embedder.key);
      if (!existsSync(oldFile) || previous?.embedder.key !== embedder.key) throw new NeedsFullGraph("vectors of an unchanged report are missing");
      await carryFile(oldFile, vectorsFile(tmp, r.hash, embedder.key));
      reused += r.passages;
      dims = previous.embedder.dimensions;
    }
    for (const c of caches) {
      const oldFile = vectorsFile(indexDir, c.hash, embedder.key);
      const newFile = vectorsFile(tmp, c.hash, embedder.key);
      let vs: number[][] | undefined;
      // hashed vectors come from the tokens: a changed domain-word list (lexiconKey) makes them stale too
      const tokensSame = embedder.kind !== "hashing" || previous?.lexiconKey === lexiconKey;
      if (!options.full && tokensSame && existsSync(oldFile) && c.passages.length > 0) {
        const probeDims = embedder.kind === "hashing" ? (embedder.embeddings as HashingEmbeddings).dimensions : previous?.embedder.dimensions ?? 0;
        if (probeDims > 0) {
          vs = await readVectors(oldFile, probeDims);
          if (vs.length !== c.passages.length) vs = undefined;
          else {
            await carryFile(oldFile, newFile);
            reused += vs.length;
          }
        }
      }
      if (!vs) {
        options.onProgress?.({ stage: "embed", passages: c.passages.length });
        vs =
          embedder.embeddings instanceof HashingEmbeddings
            ? (await readReportTokens(tmp, c.hash)).map((t) => (embedder.embeddings as HashingEmbeddings).embedTokens(t))
            : await embedder.embeddings.embedDocuments(c.passages.map((p) => p.text));
        embedded += vs.length;
        await writeVectors(newFile, vs);
      }
      for (const v of vs) vectors.push(v);
      dims = vs[0]?.length ?? dims;
    }

    // the HNSW graph over every passage, stored through LangChain's HNSWLib
    const passages: Passage[] = caches.flatMap((c) => c.passages);
    const tGraph = performance.now();
    log.debug({ ms: Math.round(tGraph - started) }, "reindex: read, analyzed and embedded");
    options.onProgress?.({ stage: "graph", passages: vectors.length + reused });
    if (kept.length > 0 || (inPlace && previous)) {
      const stale = new Set((previous?.reports ?? []).filter((r) => !kept.some((k) => k.file === r.file)).flatMap((r) => r.articleIds));
      await updateVectorStore(path.join(indexDir, "hnsw"), stale, vectors, passages, embedder.embeddings, path.join(tmp, "hnsw"));
    } else {
      await buildVectorStore(vectors, passages, embedder.embeddings, dims, path.join(tmp, "hnsw"));
    }

    log.debug({ ms: Math.round(performance.now() - tGraph) }, "reindex: vector graph");
    options.onProgress?.({ stage: "write" });
    const fresh: ManifestReport[] = caches.map((c) => ({
      file: c.file,
      reportId: c.reportId,
      hash: c.hash,
      title: c.title,
      encoding: c.encoding,
      firstIndexedAt: entries.find((e) => e.file === c.file)!.firstIndexedAt,
      articleIds: c.articles.map((a) => a.id),
      passages: c.passages.length,
      facts: c.facts.length,
    }));
    const order = new Map(entries.map((e, i) => [e.file, i]));
    const reports = [...kept, ...fresh].sort((a, b) => order.get(a.file)! - order.get(b.file)!);
    const manifest: Manifest = {
      formatVersion: 1,
      pipelineVersion: PIPELINE_VERSION,
      lexiconKey,
      domainWords,
      builtAt: new Date().toISOString(),
      embedder: { kind: embedder.kind, key: embedder.key, dimensions: dims },
      idf: idf ? { docs: idf.docs, version: idfVersion } : null,
      hnsw: HNSW_PARAMS,
      reports,
      totals: {
        reports: reports.length,
        articles: reports.reduce((n, r) => n + r.articleIds.length, 0),
        passages: reports.reduce((n, r) => n + r.passages, 0),
        facts: reports.reduce((n, r) => n + r.facts, 0),
      },
    };
    await writeFile(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 1));
    await swapIn(tmp, indexDir);
    const result: ReindexSummary = {
      ok: true,
      ...manifest.totals,
      added: summary.added,
      changed: summary.changed,
      removed,
      unchanged: summary.unchanged,
      embedded,
      reusedVectors: reused,
      idfRefit,
      ms: Math.round(performance.now() - started),
    };
    log.info({ ...result, unchanged: result.unchanged.length }, "reindex done");
    return result;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    configureTokenizer(servedDomainWords);
    if (error instanceof NeedsFullGraph) {
      log.debug({ reason: error.message }, "in-place graph update not possible, rebuilding");
      return null;
    }
    throw error;
  }
}

/**
 * Update a saved HNSWLib store in place: mark the nodes of `staleArticles`
 * deleted, add the new vectors, save into `dir`. Throws NeedsFullGraph when
 * deleted nodes would exceed MAX_DELETED_SHARE (search then wastes effort on them).
 */
async function updateVectorStore(
  from: string,
  staleArticles: Set<string>,
  vectors: number[][],
  passages: Passage[],
  embeddings: HNSWLib["embeddings"],
  dir: string,
): Promise<void> {
  const store = await HNSWLib.load(from, embeddings);
  const docs = store.docstore._docs;
  for (const [label, doc] of docs) {
    const id = String(doc.metadata.id);
    if (staleArticles.has(id.slice(0, id.indexOf(":")))) {
      store.index.markDelete(Number(label));
      docs.delete(label);
    }
  }
  const total = store.index.getCurrentCount() + vectors.length;
  if (total - docs.size - vectors.length > MAX_DELETED_SHARE * total) throw new NeedsFullGraph("too many deleted graph nodes");
  if (vectors.length > 0) await store.addVectors(vectors, passages.map((p) => new Document({ pageContent: p.id, metadata: { id: p.id } })));
  await store.save(dir);
}

/** Build the HNSW graph and save it with LangChain's HNSWLib store. */
export async function buildVectorStore(vectors: number[][], passages: Passage[], embeddings: HNSWLib["embeddings"], dims: number, dir: string): Promise<HNSWLib> {
  const index = new hnswlib.HierarchicalNSW("cosine", dims);
  index.initIndex(Math.max(1, vectors.length), HNSW_PARAMS.M, HNSW_PARAMS.efConstruction, 42);
  const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: dims, index });
  // Points go in directly: HNSWLib.addVectors would re-initialise an empty index
  // with its own defaults (M 16, efConstruction 200), silently dropping HNSW_PARAMS
  // and tripling the build time. Documents carry only the citation id: the
  // passage itself lives in reports/*.json.
  const docs: Record<number, Document> = {};
  vectors.forEach((v, label) => {
    index.addPoint(v, label);
    docs[label] = new Document({ pageContent: passages[label]!.id, metadata: { id: passages[label]!.id } });
  });
  store.docstore.add(docs);
  await store.save(dir);
  return store;
}

/** Replace `target` with `tmp` so readers never see a half-written index. */
async function swapIn(tmp: string, target: string): Promise<void> {
  const old = `${target}.old-${process.pid}-${Date.now()}`;
  const hadOld = existsSync(target);
  if (hadOld) await rename(target, old);
  try {
    await rename(tmp, target);
  } catch (error) {
    if (hadOld) await rename(old, target);
    throw error;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}
