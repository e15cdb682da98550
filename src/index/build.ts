/**
 * Reindex: read every report in REPORTS_DIR, reuse what is unchanged (by content
 * hash), embed only what changed, and write a new index version that is then
 * published atomically (versions.ts). On any failure the previous index stays.
 *
 * What is reused is decided by plan.ts (pure); this module executes it in
 * phases (read, IDF, vectors, graph, manifest). One run at a time: lock.ts.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { chunkArticle } from "../chunk/chunk.js";
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
import { cachePaths, carryFile, carryReportCache, lexiconKeyOf, hasReportCache, readReportCache, readReportTokens, writeReportCache } from "./cache-files.js";
import { createEmbedder, type EmbedderChoice } from "./embedder.js";
import { createIdfAccumulator, HashingEmbeddings, type IdfTable } from "./hashing-embeddings.js";
import { buildGraph, carryGraph, hasSavedGraph, HNSW_PARAMS, openGraphForUpdate } from "./hnsw-store.js";
import { acquireLock } from "./lock.js";
import { canUpdateInPlace, decideGraph, decideIdf, decideReport, graphNodesAfter, type GraphPlan, type IdfDecision } from "./plan.js";
import { cleanupVersions, currentIndexDir, publishVersion, RETIRE_GRACE_MS, startVersion, VERSIONS_DIR } from "./versions.js";
import { MAX_PASSAGES_PER_REPORT } from "../chunk/chunk.js";
import { PIPELINE_VERSION, type Manifest, type ManifestReport, type ReindexSummary, type ReportCache } from "./types.js";

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
  /** How long replaced versions are kept for processes still loading them (tests shorten it). */
  graceMs?: number;
}

/** The manifest of the index served from INDEX_DIR (its current version), or null when absent/corrupt. */
export async function readManifest(indexDir: string): Promise<Manifest | null> {
  const dir = await currentIndexDir(indexDir);
  return dir ? readManifestAt(dir) : null;
}

/** Read `manifest.json` of one index folder (a version), or null when absent/corrupt. */
export async function readManifestAt(dir: string): Promise<Manifest | null> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
    return m.formatVersion === 1 ? m : null;
  } catch {
    return null;
  }
}

/** ASCII id of a report from its file name (Chinese names fall back to a hash prefix). */
export function reportIdOf(file: string, hash: string): string {
  const stem = path
    .basename(file, path.extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return stem.length >= 3 ? stem : `r-${hash.slice(0, 8)}`;
}

/** Parse, chunk, tokenize and extract facts of one report's bytes. */
export async function analyzeReport(
  bytes: Uint8Array,
  file: string,
  gazetteer: GazetteerEntry[],
  assignIds: (articles: Omit<Article, "id">[]) => string[],
  maxPassages: number = MAX_PASSAGES_PER_REPORT,
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
  if (passages.length > maxPassages) {
    throw new IndexError(
      `${file}: ${passages.length} passages (max ${maxPassages})`,
      `报告「${file}」切分后有 ${passages.length} 个段落，超过每份报告 ${maxPassages} 个段落的上限。请把它拆成几份较小的报告再添加。`,
    );
  }
  const tokens = passages.map((p) => tokenize(p.kind === "caption" ? p.text : `${p.section === "导语" ? "" : p.section} ${p.text}`));
  const seenSentences = new Set<string>();
  const facts = passages
    .flatMap((p) => extractFacts(p, gazetteer))
    .filter((f) => {
      const key = `${f.raw}|${f.sentence}`;
      if (seenSentences.has(key)) return false; // a repeated sentence is counted once
      seenSentences.add(key);
      return true;
    });
  return {
    pipelineVersion: PIPELINE_VERSION,
    file,
    reportId,
    hash,
    encoding: decoded.encoding,
    title: parsed.title,
    articles,
    passages,
    tokens,
    facts,
    repairs: parsed.repairs,
  };
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
export async function reindex(
  config: Pick<Config, "reportsDir" | "indexDir" | "lexiconDir" | "embeddings">,
  options: ReindexOptions = {},
): Promise<ReindexSummary> {
  const release = await acquireLock(config.indexDir);
  try {
    return await runReindex(config, options);
  } finally {
    await release();
  }
}

/** One report file as read this run (its bytes decide what is reused). */
interface Entry {
  file: string;
  bytes: Buffer;
  hash: string;
  firstIndexedAt: string;
}

/** One report after the read phase: its analysis, or (carried over unread) its previous manifest line. */
type Slot = { entry: Entry; cache: ReportCache; carried?: undefined } | { entry: Entry; carried: ManifestReport; cache?: undefined };

/** The report files of REPORTS_DIR, read, in article-id order: older reports first, so they keep their ids. */
async function readEntries(reportsDir: string, prior: Manifest | null, options: ReindexOptions): Promise<Entry[]> {
  let files: string[];
  try {
    files = (await readdir(reportsDir)).filter(isReportFile).sort();
  } catch (cause) {
    throw new IndexError(`Cannot list ${reportsDir}`, `无法读取报告目录「${path.basename(reportsDir)}」。`, { cause });
  }
  if (files.length === 0) throw new IndexError(`No reports in ${reportsDir}`, `报告目录里没有 .txt/.md/.docx 报告。`);
  const prevByFile = new Map((prior?.reports ?? []).map((r) => [r.file, r]));
  const now = new Date().toISOString();
  const entries: Entry[] = [];
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
  return entries.sort((a, b) => a.firstIndexedAt.localeCompare(b.firstIndexedAt) || a.file.localeCompare(b.file));
}

/** A report's cached parse from `dir`, or null when it is missing or not this pipeline's parse of this file. */
async function readCachedReport(dir: string, e: Entry, withTokens: boolean): Promise<ReportCache | null> {
  try {
    const cache = await readReportCache(dir, e.hash, withTokens);
    return cache.pipelineVersion === PIPELINE_VERSION && cache.file === e.file ? cache : null;
  } catch {
    return null;
  }
}

/** Parse a report; its articles take the first ids not in `takenIds` (which it extends). */
async function parseEntry(e: Entry, gazetteer: GazetteerEntry[], takenIds: Set<string>): Promise<ReportCache> {
  try {
    return await analyzeReport(e.bytes, e.file, gazetteer, (articles) =>
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
}

/** Manifest line of an analysed report. */
function manifestLineOf(c: ReportCache, firstIndexedAt: string): ManifestReport {
  return {
    file: c.file,
    reportId: c.reportId,
    hash: c.hash,
    title: c.title,
    encoding: c.encoding,
    firstIndexedAt,
    articleIds: c.articles.map((a) => a.id),
    passages: c.passages.length,
    facts: c.facts.length,
  };
}

/** The stored IDF table of an index, or null when it cannot be read. */
async function readStoredIdf(indexDir: string): Promise<IdfTable | null> {
  try {
    return JSON.parse(await readFile(path.join(indexDir, "idf.json"), "utf8")) as IdfTable;
  } catch {
    return null;
  }
}

/** What every phase of one run needs to know. */
interface Run {
  config: Pick<Config, "reportsDir" | "indexDir" | "lexiconDir" | "embeddings">;
  options: ReindexOptions;
  /** The served version being replaced (a path that does not exist when there is none) and the one being written. */
  indexDir: string;
  tmp: string;
  /** The previous manifest, null on --full or a changed lexicon: what may be reused. */
  previous: Manifest | null;
  /** canUpdateInPlace's answer. */
  inPlace: boolean;
  gazetteer: GazetteerEntry[];
}

/** The reports after the read phase, in article-id order, with the article ids they took. */
interface ReadReports {
  slots: Slot[];
  takenIds: Set<string>;
  idfAcc: ReturnType<typeof createIdfAccumulator>;
  summary: { added: string[]; changed: string[]; unchanged: string[] };
}

/** Reports carried over unread, in order. */
function carriedOf(slots: Slot[]): ManifestReport[] {
  return slots.flatMap((s) => (s.carried ? [s.carried] : []));
}

/**
 * Read phase: each report is carried over unread, read from its cached parse,
 * or parsed (decideReport). Parsed and read reports go into the new folder and
 * into the IDF counts; their tokens then leave memory (they are on disk).
 */
async function readReports(run: Run, entries: Entry[], prevByFile: Map<string, ManifestReport>): Promise<ReadReports> {
  const { previous, indexDir, tmp } = run;
  const out: ReadReports = { slots: [], takenIds: new Set(), idfAcc: createIdfAccumulator(), summary: { added: [], changed: [], unchanged: [] } };
  const reuse = previous !== null && previous.pipelineVersion === PIPELINE_VERSION;
  for (const e of entries) {
    const prev = prevByFile.get(e.file) ?? null;
    const action = decideReport({ prev, hash: e.hash, reuse, inPlace: run.inPlace, cacheOnDisk: hasReportCache(indexDir, e.hash), takenIds: out.takenIds });
    if (action === "carry" && prev) {
      await carryReportCache(indexDir, tmp, e.hash);
      for (const id of prev.articleIds) out.takenIds.add(id);
      out.summary.unchanged.push(e.file);
      out.slots.push({ entry: e, carried: { ...prev, firstIndexedAt: e.firstIndexedAt } });
      continue;
    }
    let cache = action === "cached" ? await readCachedReport(indexDir, e, true) : null;
    if (cache) {
      for (const a of cache.articles) out.takenIds.add(a.id);
      out.summary.unchanged.push(e.file);
    } else {
      cache = await parseEntry(e, run.gazetteer, out.takenIds);
      (prev ? (prev.hash === e.hash ? out.summary.unchanged : out.summary.changed) : out.summary.added).push(e.file);
    }
    await writeReportCache(tmp, cache);
    out.idfAcc.add(cache.tokens);
    cache.tokens = [];
    out.slots.push({ entry: e, cache });
  }
  return out;
}

/**
 * A rebuild after all: the carried reports are read (their cache files are
 * already in the new folder) and the IDF counts are redone over every report in
 * order, exactly as a run that never carried anything would have made them.
 */
async function readCarried(run: Run, read: ReadReports): Promise<void> {
  read.idfAcc = createIdfAccumulator();
  for (const [i, s] of read.slots.entries()) {
    if (s.carried) {
      let cache = await readCachedReport(run.tmp, s.entry, false);
      if (!cache) {
        // its own ids are free again (later reports were given ids around them)
        for (const id of s.carried.articleIds) read.takenIds.delete(id);
        cache = await parseEntry(s.entry, run.gazetteer, read.takenIds);
        // the carried files are hard links into the old index: never write through them
        const paths = cachePaths(run.tmp, s.entry.hash);
        await rm(paths.meta, { force: true });
        await rm(paths.tokens, { force: true });
        await writeReportCache(run.tmp, cache);
        cache.tokens = [];
      }
      read.slots[i] = { entry: s.entry, cache };
    }
    read.idfAcc.add(await readReportTokens(run.tmp, s.entry.hash));
  }
}

/** Vectors of the new index: how they were obtained, and the new points for the graph. */
interface Vectors {
  /** Vectors of the parsed and read reports, in order (carried reports' are already in the graph). */
  fresh: number[][];
  embedded: number;
  reused: number;
  dims: number;
}

/**
 * Vectors phase: carried reports' vector files are hard-linked; the others
 * are reused per report when their file under the embedder key exists (not on
 * --full), or embedded and written.
 */
async function collectVectors(run: Run, slots: Slot[], embedder: EmbedderChoice): Promise<Vectors> {
  const { indexDir, tmp, previous, options } = run;
  const out: Vectors = { fresh: [], embedded: 0, reused: 0, dims: 0 };
  for (const r of carriedOf(slots)) {
    await carryFile(vectorsFile(indexDir, r.hash, embedder.key), vectorsFile(tmp, r.hash, embedder.key));
    out.reused += r.passages;
    out.dims = previous?.embedder.dimensions ?? out.dims;
  }
  for (const s of slots) {
    const c = s.cache;
    if (!c) continue;
    const oldFile = vectorsFile(indexDir, c.hash, embedder.key);
    const newFile = vectorsFile(tmp, c.hash, embedder.key);
    let vs: number[][] | undefined;
    // hashed vectors come from the tokens: no previous index to trust (full, or a changed lexicon) means none reused
    if (previous !== null && existsSync(oldFile) && c.passages.length > 0) {
      const probeDims = embedder.kind === "hashing" ? (embedder.embeddings as HashingEmbeddings).dimensions : (previous?.embedder.dimensions ?? 0);
      if (probeDims > 0) {
        vs = await readVectors(oldFile, probeDims);
        if (vs.length !== c.passages.length) vs = undefined;
        else {
          await carryFile(oldFile, newFile);
          out.reused += vs.length;
        }
      }
    }
    if (!vs) {
      options.onProgress?.({ stage: "embed", passages: c.passages.length });
      vs =
        embedder.embeddings instanceof HashingEmbeddings
          ? (await readReportTokens(tmp, c.hash)).map((t) => (embedder.embeddings as HashingEmbeddings).embedTokens(t))
          : await embedder.embeddings.embedDocuments(c.passages.map((p) => p.text));
      out.embedded += vs.length;
      await writeVectors(newFile, vs);
    }
    for (const v of vs) out.fresh.push(v);
    out.dims = vs[0]?.length ?? out.dims;
  }
  return out;
}

/** Graph phase (hnsw-store.ts): carry, update in place, or build, as planned. */
async function writeGraph(run: Run, plan: GraphPlan, vectors: Vectors, ids: string[], embedder: EmbedderChoice): Promise<void> {
  const oldGraph = path.join(run.indexDir, "hnsw");
  const newGraph = path.join(run.tmp, "hnsw");
  if (plan.mode === "unchanged") {
    await carryGraph(oldGraph, newGraph);
  } else if (plan.mode === "in-place") {
    const stale = new Set(plan.staleArticles);
    const graph = await openGraphForUpdate(oldGraph, embedder.embeddings);
    graph.markDeleted((id) => stale.has(id.slice(0, id.indexOf(":"))));
    await graph.add(vectors.fresh, ids);
    await graph.save(newGraph);
  } else {
    await buildGraph(vectors.fresh, ids, embedder.embeddings, vectors.dims, newGraph);
  }
}

/**
 * One reindex run: read the reports, let plan.ts decide what is reused, and
 * write the new index into a temporary folder that replaces the old one.
 */
async function runReindex(config: Pick<Config, "reportsDir" | "indexDir" | "lexiconDir" | "embeddings">, options: ReindexOptions): Promise<ReindexSummary> {
  const started = performance.now();
  const log = options.logger ?? silentLogger;
  const root = config.indexDir;
  // the lock is ours: whatever a killed run left (temporary folders, versions past their grace) goes now
  const graceMs = options.graceMs ?? RETIRE_GRACE_MS;
  const leftovers = await cleanupVersions(root, graceMs);
  if (leftovers.length) log.info({ removed: leftovers.map((p) => path.relative(path.dirname(root), p)) }, "removed leftovers of earlier reindex runs");
  // every read of the old index goes to the one version served when the run started
  const indexDir = (await currentIndexDir(root)) ?? path.join(root, VERSIONS_DIR, "none");
  // `prior` keeps ids and the change summary stable even on --full; `previous` is what may be reused
  const prior = await readManifestAt(indexDir);
  // the lexicon's domain words cut the tokens and its gazetteer places the regions: a changed list makes
  // every cached analysis stale, as a new PIPELINE_VERSION does (the run then re-analyses like --full)
  const gazetteer = await loadGazetteer(config.lexiconDir);
  const domainWords = await loadDomainWords(config.lexiconDir);
  const lexiconKey = lexiconKeyOf(domainWords, gazetteer);
  const previous = options.full || prior?.lexiconKey !== lexiconKey ? null : prior;
  // the words the served index was cut with: a failed run puts them back (the old index keeps serving)
  const servedDomainWords = tokenizerDomainWords();
  configureTokenizer(domainWords);
  const inPlace = canUpdateInPlace({
    previous,
    pipelineVersion: PIPELINE_VERSION,
    graphSaved: hasSavedGraph(path.join(indexDir, "hnsw")),
    params: HNSW_PARAMS,
  });
  const { name: version, tmp } = await startVersion(root);
  await mkdir(path.join(tmp, "reports"), { recursive: true });
  try {
    const entries = await readEntries(config.reportsDir, prior, options);
    const run: Run = { config, options, indexDir, tmp, previous, inPlace, gazetteer };
    const read = await readReports(run, entries, new Map((prior?.reports ?? []).map((r) => [r.file, r])));
    const files = new Set(entries.map((e) => e.file));
    const removed = (prior?.reports ?? []).filter((r) => !files.has(r.file)).map((r) => r.file);

    // IDF and graph: decided once the new passages are counted
    const newPassages = read.idfAcc.docs;
    const carried = carriedOf(read.slots);
    const idfChoice = decideIdf({
      embedder: config.embeddings ? "openai" : "hashing",
      previous,
      passages: newPassages + carried.reduce((n, r) => n + r.passages, 0),
    });
    const stored = idfChoice === "keep" ? await readStoredIdf(indexDir) : null;
    const idfMode: IdfDecision = idfChoice === "keep" && !stored ? "refit" : idfChoice;
    let idf: IdfTable | null = idfMode === "keep" ? stored : idfMode === "refit" ? read.idfAcc.table() : null;
    let embedder = await createEmbedder(config, idf ?? { docs: 0, df: {} }, idf ? idfVersionOf(idf) : "none");
    const plan = decideGraph({
      inPlace,
      previous,
      carried,
      newPassages,
      idf: idfMode,
      embedderKey: embedder.key,
      carriedVectorsPresent: carried.every((r) => existsSync(vectorsFile(indexDir, r.hash, embedder.key))),
    });
    log.debug({ idf: idfMode, graph: plan.mode, reason: plan.mode === "full" ? plan.reason : undefined }, "reindex plan");
    if ((plan.mode === "idf-refit" || plan.mode === "full") && carried.length > 0) {
      await readCarried(run, read);
      if (idfMode === "refit") {
        idf = read.idfAcc.table();
        embedder = await createEmbedder(config, idf, idfVersionOf(idf));
      }
    }
    if (idf) await writeFile(path.join(tmp, "idf.json"), JSON.stringify(idf));

    const vectors = await collectVectors(run, read.slots, embedder);
    const tGraph = performance.now();
    log.debug({ ms: Math.round(tGraph - started) }, "reindex: read, analyzed and embedded");
    options.onProgress?.({ stage: "graph", passages: vectors.fresh.length + vectors.reused });
    const ids = read.slots.flatMap((s) => s.cache?.passages.map((p) => p.id) ?? []);
    await writeGraph(run, plan, vectors, ids, embedder);
    log.debug({ ms: Math.round(performance.now() - tGraph) }, "reindex: vector graph");

    options.onProgress?.({ stage: "write" });
    const reports = read.slots.map((s) => s.carried ?? manifestLineOf(s.cache, s.entry.firstIndexedAt));
    const totals = {
      reports: reports.length,
      articles: reports.reduce((n, r) => n + r.articleIds.length, 0),
      passages: reports.reduce((n, r) => n + r.passages, 0),
      facts: reports.reduce((n, r) => n + r.facts, 0),
    };
    const manifest: Manifest = {
      formatVersion: 1,
      pipelineVersion: PIPELINE_VERSION,
      lexiconKey,
      domainWords,
      builtAt: new Date().toISOString(),
      embedder: { kind: embedder.kind, key: embedder.key, dimensions: vectors.dims },
      idf: idf ? { docs: idf.docs, version: idfVersionOf(idf) } : null,
      hnsw: HNSW_PARAMS,
      graphNodes: graphNodesAfter(plan, previous, vectors.fresh.length, totals.passages),
      reports,
      totals,
    };
    await writeFile(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 1));
    await publishVersion(root, version, tmp);
    await cleanupVersions(root, graceMs).catch((error: unknown) => log.warn({ err: String(error) }, "could not remove retired index versions"));
    const result: ReindexSummary = {
      ok: true,
      ...manifest.totals,
      added: read.summary.added,
      changed: read.summary.changed,
      removed,
      unchanged: read.summary.unchanged,
      embedded: vectors.embedded,
      reusedVectors: vectors.reused,
      idfRefit: idfMode === "refit",
      ms: Math.round(performance.now() - started),
    };
    log.info({ ...result, unchanged: result.unchanged.length }, "reindex done");
    return result;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    configureTokenizer(servedDomainWords);
    throw error;
  }
}
