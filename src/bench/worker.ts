/**
 * One bench phase in a fresh process, so that its peak memory and its cold
 * start are its own: `node --import tsx src/bench/worker.ts <job.json>`.
 * Prints one JSON line (the phase's result) on stdout.
 *
 * Phases: `build` (full + incremental reindex, size on disk), `search`
 * (retrieval latency, HNSW vs exact search, BM25 baseline, hit@5) and `ask`
 * (answer latency, cold start, throughput with concurrent questions).
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createConfig, type Config } from "../config.js";
import { compactKey } from "../text/normalize.js";
import type { AskResult, BuildResult, IngestResult, Latency, SearchResult } from "./types.js";

/** A job for the worker, written by run.ts as JSON. */
export interface WorkerJob {
  phase: "build" | "search" | "ask" | "ingest";
  /** ask: also measure answers during a full reindex. */
  duringReindex?: boolean;
  /** ingest: the report files to index one at a time (each alone in reportsDir). */
  ingestFiles?: { mb: number; kind: "ordinary" | "repetitive"; file: string }[];
  root: string;
  reportsDir: string;
  indexDir: string;
  lexiconDir: string;
  stateDir: string;
  /** build: the report whose figures change before the incremental reindex. */
  changeFile?: string;
  questions?: string[];
  /** Questions run before measuring (JIT and caches warm, as in a running bot); not measured. */
  warmup?: string[];
  /** search: eval sets as (name, question, evidence) lists. */
  evalSets?: { set: string; items: { question: string; evidence: string[] }[] }[];
  /** search: passages of these report files count for hit@5 (the shipped reports). */
  goldFiles?: string[];
  concurrency?: number;
}

/** Latency percentiles (nearest rank) of a list of milliseconds. */
export function latencyOf(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]! : 0);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length,
    mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
    p50: r(at(0.5)),
    p95: r(at(0.95)),
    p99: r(at(0.99)),
    max: r(s[s.length - 1] ?? 0),
  };
}

function maxRssMB(): number {
  // Linux reports maxRSS in kilobytes
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? await dirBytes(p) : (await stat(p)).size;
  }
  return total;
}

function configOf(job: WorkerJob): Config {
  return createConfig(
    { REPORTS_DIR: job.reportsDir, INDEX_DIR: job.indexDir, LEXICON_DIR: job.lexiconDir, STATE_DIR: job.stateDir, LOG_LEVEL: "silent" },
    job.root,
  );
}

/** Change one figure of a report so its content hash changes but its layout does not. */
export function bumpFirstFigure(text: string): string {
  return text.replace(/\d+/, (m) => String(Number(m) + 1));
}

async function buildPhase(job: WorkerJob): Promise<BuildResult> {
  const { reindex } = await import("../index/build.js");
  const config = configOf(job);
  let t = performance.now();
  const full = await reindex(config, { full: true });
  const fullMs = performance.now() - t;
  const changeFile = job.changeFile!;
  const file = path.join(job.reportsDir, changeFile);
  await writeFile(file, bumpFirstFigure(await readFile(file, "utf8")));
  t = performance.now();
  const inc = await reindex(config);
  const incrementalMs = performance.now() - t;
  return {
    reports: full.reports,
    articles: full.articles,
    passages: full.passages,
    facts: full.facts,
    fullMs: Math.round(fullMs),
    incrementalMs: Math.round(incrementalMs),
    incrementalChanged: changeFile,
    incrementalEmbedded: inc.embedded,
    indexBytes: await dirBytes(job.indexDir),
    maxRssMB: maxRssMB(),
  };
}

/** Top-k rows by exact cosine over a dimension-major matrix (the query is sparse: zero dimensions are skipped, every vector is still scored). */
function exactTopK(columns: Float32Array[], n: number, query: number[], k: number, scores: Float32Array): number[] {
  scores.fill(0);
  for (let j = 0; j < query.length; j++) {
    const q = query[j]!;
    if (q === 0) continue;
    const col = columns[j]!;
    for (let i = 0; i < n; i++) scores[i]! += q * col[i]!;
  }
  // partial selection of the k best
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (best.length < k) {
      best.push(i);
      if (best.length === k) best.sort((a, b) => scores[b]! - scores[a]!);
    } else if (s > scores[best[k - 1]!]!) {
      let at = k - 1;
      while (at > 0 && scores[best[at - 1]!]! < s) at--;
      best.splice(at, 0, i);
      best.pop();
    }
  }
  if (best.length < k) best.sort((a, b) => scores[b]! - scores[a]!);
  return best;
}

async function searchPhase(job: WorkerJob): Promise<SearchResult> {
  const t0 = performance.now();
  const [{ loadIndex }, { loadLexicon }, { createRetriever }] = await Promise.all([
    import("../index/load.js"),
    import("../search/lexicon.js"),
    import("../search/retrieve.js"),
  ]);
  const config = configOf(job);
  const index = await loadIndex(config);
  const retriever = createRetriever(index, await loadLexicon(config.lexiconDir));
  const loadMs = performance.now() - t0;
  const questions = job.questions ?? [];
  await retriever.search(questions[0] ?? "社区减负", 5);
  const coldStartMs = performance.now() - t0;
  for (const q of job.warmup ?? []) await retriever.search(q, 5);

  const searchMs: number[] = [];
  for (const q of questions) {
    const t = performance.now();
    await retriever.search(q, 5);
    searchMs.push(performance.now() - t);
  }
  const bm25Ms: number[] = [];
  for (const q of questions) {
    const t = performance.now();
    retriever.searchBm25(q, 5);
    bm25Ms.push(performance.now() - t);
  }

  // exact (brute-force) cosine over the very vectors the graph holds
  const vectors = index.vectors;
  const positions = index.passages.map((_, pos) => pos).filter((pos) => vectors.vectorOf(pos) !== null);
  const dims = vectors.dimensions;
  const n = positions.length;
  const columns = Array.from({ length: dims }, () => new Float32Array(n));
  positions.forEach((pos, i) => {
    const v = vectors.vectorOf(pos)!;
    for (let j = 0; j < dims; j++) columns[j]![i] = v[j]!;
  });
  const scores = new Float32Array(n);
  const byPosition = new Map(positions.map((pos, i) => [pos, i] as const));
  const k = Math.min(10, n);
  const exactMs: number[] = [];
  const hnswMs: number[] = [];
  let found = 0;
  let wanted = 0;
  for (const q of questions) {
    // the retriever's own vector search: its query vector (question + pseudo-relevance
    // feedback) and the neighbours it returns (HNSW, seeded with the feedback passages)
    const got = await retriever.vectorSearch(q, k);
    if (!got) continue;
    let norm = 0;
    for (const x of got.vector) norm += x * x;
    if (norm === 0) continue;
    const vec = got.vector.map((x) => x / Math.sqrt(norm));
    const t = performance.now();
    const exact = exactTopK(columns, n, vec, k, scores);
    exactMs.push(performance.now() - t);
    const kth = scores[exact[k - 1]!]!;
    hnswMs.push(got.ms);
    // tie-aware: a returned vector as close as the exact k-th counts as found
    for (const pos of got.positions) {
      const i = byPosition.get(pos);
      if (i !== undefined && scores[i]! >= kth - 1e-6) found++;
    }
    wanted += k;
  }

  const gold = new Set(job.goldFiles ?? []);
  const hitAt5: SearchResult["hitAt5"] = [];
  for (const s of job.evalSets ?? []) {
    let hybrid = 0;
    let bm25 = 0;
    for (const item of s.items) {
      const keys = item.evidence.map(compactKey);
      const isHit = (text: string, file: string) => (gold.size === 0 || gold.has(file)) && keys.some((e) => compactKey(text).includes(e));
      if ((await retriever.search(item.question, 5)).some((h) => isHit(h.passage.text, h.passage.reportFile))) hybrid++;
      if (retriever.searchBm25(item.question, 5).some((h) => isHit(h.passage.text, h.passage.reportFile))) bm25++;
    }
    const r = (x: number) => Math.round((x / Math.max(1, s.items.length)) * 1000) / 1000;
    hitAt5.push({ set: s.set, n: s.items.length, hybrid: r(hybrid), bm25: r(bm25) });
  }

  const search = latencyOf(searchMs);
  const bm25 = latencyOf(bm25Ms);
  const exact = latencyOf(exactMs);
  const hnswLat = latencyOf(hnswMs);
  return {
    coldStartMs: Math.round(coldStartMs),
    loadMs: Math.round(loadMs),
    search,
    bm25,
    bm25LatencyRatio: Math.round((bm25.p50 / Math.max(1e-6, search.p50)) * 1000) / 1000,
    hnsw: {
      ...index.manifest.hnsw,
      efSearch: vectors.params.efSearch,
      latency: hnswLat,
      recallAt10: wanted ? Math.round((found / wanted) * 10000) / 10000 : 1,
      deleted: vectors.deleted,
    },
    exact: { latency: exact },
    exactSpeedRatio: Math.round((exact.mean / Math.max(1e-6, hnswLat.mean)) * 100) / 100,
    hitAt5,
    maxRssMB: maxRssMB(),
  };
}

async function askPhase(job: WorkerJob): Promise<AskResult> {
  const { createAssistant } = await import("../assistant/assistant.js");
  const assistant = await createAssistant(configOf(job));
  const questions = job.questions ?? [];
  await assistant.ask(questions[0] ?? "社区减负", { chatId: "bench-cold" });
  // process start → first answer: module loading, index loading, first question
  const coldStartMs = performance.now(); // since the process started (performance.timeOrigin)
  for (const [i, q] of (job.warmup ?? []).entries()) await assistant.ask(q, { chatId: `bench-w${i}` });
  const askMs: number[] = [];
  let refused = 0;
  for (const [i, q] of questions.entries()) {
    const t = performance.now();
    const a = await assistant.ask(q, { chatId: `bench-${i}` });
    askMs.push(performance.now() - t);
    if (a.refused) refused++;
  }
  const concurrency = Math.max(1, job.concurrency ?? 4);
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < questions.length) {
        const i = next++;
        await assistant.ask(questions[i]!, { chatId: `bench-c${w}-${i}` });
      }
    }),
  );
  const wallMs = performance.now() - t;
  let duringReindex: AskResult["duringReindex"];
  if (job.duringReindex) {
    // one user keeps asking while an admin's full reindex runs: what the event loop leaves for answers
    const during: number[] = [];
    let done = false;
    const tr = performance.now();
    const running = assistant.reindex({ full: true }).finally(() => (done = true));
    for (let i = 0; !done; i++) {
      const q = questions[i % Math.max(1, questions.length)] ?? "社区减负";
      const ta = performance.now();
      await assistant.ask(q, { chatId: `bench-r${i}` });
      during.push(performance.now() - ta);
      await new Promise((r) => setTimeout(r, 5)); // a user's pace, not a busy loop
    }
    await running;
    duringReindex = { ask: latencyOf(during), answered: during.length, reindexMs: Math.round(performance.now() - tr) };
  }
  return {
    duringReindex,
    coldStartMs: Math.round(coldStartMs),
    ask: latencyOf(askMs),
    refused,
    throughput: {
      concurrency,
      questions: questions.length,
      qps: Math.round((questions.length / Math.max(1, wallMs)) * 1000 * 10) / 10,
      wallMs: Math.round(wallMs),
    },
    maxRssMB: maxRssMB(),
  };
}

/** Index each generated report alone in a fresh index, in this process: ingest time by size and shape. */
async function ingestPhase(job: WorkerJob): Promise<IngestResult[]> {
  const { reindex } = await import("../index/build.js");
  const { mkdir, rename, rm } = await import("node:fs/promises");
  const out: IngestResult[] = [];
  for (const [i, f] of (job.ingestFiles ?? []).entries()) {
    const reportsDir = path.join(path.dirname(job.reportsDir), `ingest-${i}`);
    await mkdir(reportsDir, { recursive: true });
    await rename(f.file, path.join(reportsDir, path.basename(f.file)));
    const config = { ...configOf(job), reportsDir, indexDir: path.join(path.dirname(job.indexDir), `ingest-index-${i}`) };
    const t = performance.now();
    const s = await reindex(config);
    out.push({ mb: f.mb, kind: f.kind, passages: s.passages, ms: Math.round(performance.now() - t) });
    await rm(reportsDir, { recursive: true, force: true });
    await rm(config.indexDir, { recursive: true, force: true });
  }
  return out;
}

async function main(): Promise<void> {
  const job = JSON.parse(await readFile(process.argv[2]!, "utf8")) as WorkerJob;
  const result =
    job.phase === "build"
      ? await buildPhase(job)
      : job.phase === "search"
        ? await searchPhase(job)
        : job.phase === "ingest"
          ? await ingestPhase(job)
          : await askPhase(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
