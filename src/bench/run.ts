/**
 * `jiceng bench`: measure build, memory, latency and quality against corpus size.
 *
 * For each size a corpus is assembled in a temporary folder (the shipped reports
 * plus generated ones up to N files), and three phases run, each in its own
 * process so that peak memory and cold start belong to that phase alone:
 * build (full and incremental reindex), search (hybrid vs BM25 alone, HNSW vs
 * exact search, hit@5) and ask (answer latency, throughput). The temporary
 * folder is removed afterwards.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isReportFile, MAX_REPORT_BYTES } from "../corpus/read.js";
import { evalSetDir, loadEvalSet } from "../eval/sets.js";
import { createReportGenerator, createRng, loadMaterial, type Material } from "./generate.js";
import type { AskResult, BenchReport, BuildResult, IngestResult, SearchResult, SizeResult, TargetCheck } from "./types.js";
import type { WorkerJob } from "./worker.js";

/** The project root (src/bench/run.ts → ../..). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** From this many reports on, the ask phase also measures answers during a full reindex (the 100-report corpus and up). */
export const REINDEX_LOAD_FROM_SIZE = 100;

/** Default sizes: the shipped corpus, 100 reports, 1000 reports (≈ 43,000 passages). */
export const DEFAULT_SIZES = [1, 100, 1000];

/** Options of a bench run. */
export interface BenchOptions {
  sizes?: number[];
  /** Questions per size for latency (dev eval questions first, then generated ones). */
  questions?: number;
  /** Concurrent questions for the throughput figure. */
  concurrency?: number;
  seed?: number;
  reportsDir?: string;
  lexiconDir?: string;
  /** Folders with qa.jsonl for hit@5 (missing ones are skipped). */
  evalDirs?: { name: string; dir: string }[];
  /** Sizes in MB of the generated single reports whose ingest is timed (ordinary and repetitive); none by default. */
  ingestMb?: number[];
  /** Skip the ask phase (tests that only check the plumbing). */
  skipAsk?: boolean;
  /** Progress lines (stderr in the CLI). */
  onLog?: (line: string) => void;
}

/** Run one worker phase in a fresh Node process and parse its JSON result. */
async function runWorker<T>(job: WorkerJob, tmp: string): Promise<T> {
  const jobFile = path.join(tmp, `job-${job.phase}.json`);
  await writeFile(jobFile, JSON.stringify(job));
  const worker = path.join(PROJECT_ROOT, "src/bench/worker.ts");
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker, jobFile], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !(last.startsWith("{") || last.startsWith("["))) {
        reject(new Error(`bench ${job.phase} phase failed (exit ${code}): ${err.trim().slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(last) as T);
    });
  });
}

/** Questions for latency: the eval questions, then generated ones about the corpus's places and topics. */
export function benchQuestions(evalQuestions: string[], material: Material, count: number, seed: number): string[] {
  const r = createRng(seed ^ 0x5eed);
  const out = evalQuestions.slice(0, count);
  const topics = material.headings.flatMap((h) => h.split(/[\s:：]+/)).filter((h) => h.length >= 3 && h.length <= 10);
  const asks = ["怎么做", "有哪些做法", "有多少", "是怎么搞的", "效果怎么样", "", "有什么经验"];
  const figures = ["网格员有多少人", "社区工作者平均报酬多少", "建了多少个党群服务站", "发展了多少党员", "培训了多少人次", "化解矛盾纠纷多少起"];
  while (out.length < count) {
    const region = r.pick(material.regions);
    const where = r.chance(0.6) ? r.pick([region.short, region.name]) : "";
    out.push(r.chance(0.35) ? `${where}${r.pick(figures)}` : `${where}${r.pick(topics)}${r.pick(asks)}`);
  }
  return out;
}

/** The questions (and their evidence) of an eval set folder; none when it has no qa.jsonl. */
export async function qaItems(dir: string): Promise<{ question: string; evidence: string[] }[]> {
  if (!existsSync(path.join(dir, "qa.jsonl"))) return [];
  const set = await loadEvalSet(path.basename(dir), dir);
  return set.qa.map((q) => ({ question: q.question, evidence: q.evidence }));
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Check the issue-6 targets against a finished run. */
export function checkTargets(sizes: SizeResult[]): TargetCheck[] {
  const shipped = sizes.find((s) => s.size === 1);
  const big = [...sizes].sort((a, b) => b.build.passages - a.build.passages)[0];
  const checks: TargetCheck[] = [];
  const add = (name: string, target: string, s: SizeResult | undefined, value: number | null | undefined, ok: (v: number) => boolean) =>
    checks.push({ name, target, size: s?.size ?? 0, value: value ?? null, met: value === null || value === undefined ? null : ok(value) });
  add("ask p95 at the shipped corpus", "≤ 20 ms", shipped, shipped?.ask?.ask.p95, (v) => v <= 20);
  // the large-corpus targets apply at about 40,000 passages
  const large = big && big.build.passages >= 30_000 ? big : undefined;
  add("full build at ~40k passages", "≤ 60 s", large, large ? round1(large.build.fullMs / 1000) : null, (v) => v <= 60);
  add("incremental reindex (one report) at ~40k", "≤ 5 s", large, large ? round1(large.build.incrementalMs / 1000) : null, (v) => v <= 5);
  add("search p95 at ~40k", "≤ 30 ms", large, large?.search.search.p95, (v) => v <= 30);
  add("HNSW recall@10 vs exact at ~40k", "≥ 0.98", large, large?.search.hnsw.recallAt10, (v) => v >= 0.98);
  add("peak memory at ~40k", "≤ 1024 MB", large, large?.peakRssMB, (v) => v <= 1024);
  return checks;
}

/** Run the bench. */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const log = options.onLog ?? (() => {});
  const sizes = [...new Set(options.sizes ?? DEFAULT_SIZES)].filter((n) => Number.isInteger(n) && n >= 1).sort((a, b) => a - b);
  const seed = options.seed ?? 20250701;
  const questionCount = options.questions ?? 300;
  const concurrency = options.concurrency ?? 4;
  const reportsDir = options.reportsDir ?? path.join(PROJECT_ROOT, "data/reports");
  const lexiconDir = options.lexiconDir ?? path.join(PROJECT_ROOT, "data/lexicon");
  const shippedFiles = (await readdir(reportsDir)).filter(isReportFile).sort();
  const source = shippedFiles.find((f) => f.endsWith(".txt"));
  if (!source) throw new Error(`No .txt report in ${reportsDir} to generate from`);
  const material = await loadMaterial(path.join(reportsDir, source), path.join(lexiconDir, "regions.txt"));
  const generate = createReportGenerator(material, seed);

  // the shared dev set is used when it is beside the project; a missing folder gives no questions
  const evalDirs = options.evalDirs ?? [
    { name: "dev", dir: evalSetDir("dev", PROJECT_ROOT) },
    { name: "project", dir: evalSetDir("own", PROJECT_ROOT) },
  ];
  const evalSets: NonNullable<WorkerJob["evalSets"]> = [];
  for (const e of evalDirs) {
    const items = await qaItems(e.dir);
    if (items.length) evalSets.push({ set: e.name, items });
  }
  const questions = benchQuestions([...new Set(evalSets.flatMap((s) => s.items.map((i) => i.question)))], material, questionCount, seed);
  const warmup = benchQuestions([], material, 30, seed + 1);

  const tmp = await mkdtemp(path.join(os.tmpdir(), "jiceng-bench-"));
  const results: SizeResult[] = [];
  let ingest: IngestResult[] | undefined;
  /** The folders of one worker job under `dir` (reports, index, state), with the shared lexicon. */
  const jobIn = (dir: string) => ({
    root: PROJECT_ROOT,
    reportsDir: path.join(dir, "reports"),
    indexDir: path.join(dir, "index"),
    lexiconDir,
    stateDir: path.join(dir, "state"),
  });
  try {
    for (const size of sizes) {
      const dir = path.join(tmp, `n${size}`);
      const job = jobIn(dir);
      await mkdir(job.reportsDir, { recursive: true });
      for (const f of shippedFiles) await copyFile(path.join(reportsDir, f), path.join(job.reportsDir, f));
      const generated: string[] = [];
      for (let i = 0; i < size - shippedFiles.length; i++) {
        const { file, text } = generate(i);
        await writeFile(path.join(job.reportsDir, file), text);
        generated.push(file);
      }
      const changeFile = generated[Math.floor(generated.length / 2)] ?? source;
      log(`bench: ${size} report file(s): building…`);
      const build = await runWorker<BuildResult>({ phase: "build", ...job, changeFile }, dir);
      log(`bench: ${size}: ${build.passages} passages, full ${round1(build.fullMs / 1000)} s, incremental ${round1(build.incrementalMs / 1000)} s; searching…`);
      const search = await runWorker<SearchResult>({ phase: "search", ...job, questions, warmup, evalSets, goldFiles: shippedFiles }, dir);
      let ask: AskResult | null = null;
      if (!options.skipAsk) {
        log(`bench: ${size}: search p95 ${search.search.p95} ms, recall@10 ${search.hnsw.recallAt10}; asking…`);
        ask = await runWorker<AskResult>({ phase: "ask", ...job, questions, warmup, concurrency, duringReindex: size >= REINDEX_LOAD_FROM_SIZE }, dir);
      }
      results.push({ size, build, search, ask, peakRssMB: Math.max(build.maxRssMB, search.maxRssMB, ask?.maxRssMB ?? 0) });
      await rm(dir, { recursive: true, force: true });
    }
    if (options.ingestMb?.length) {
      const dir = path.join(tmp, "ingest");
      const job = jobIn(dir);
      await mkdir(dir, { recursive: true });
      const ingestFiles: NonNullable<WorkerJob["ingestFiles"]> = [];
      for (const mbSize of options.ingestMb) {
        // just under the upload limit at 20 MB (a file over it is refused before any work)
        const bytes = Math.min(mbSize * 2 ** 20, MAX_REPORT_BYTES - 64 * 1024);
        // ordinary: generated reports one after another; repetitive: one sentence on consecutive lines
        const parts: string[] = [];
        let n = 0;
        for (let i = 0; ; i++) {
          const { text } = generate(100_000 + i);
          const size = Buffer.byteLength(text) + 2;
          if (n + size > bytes) break;
          parts.push(text);
          n += size;
        }
        const line = "碧江区社区网格员共有2468人，负责走访群众和收集民情。\n";
        for (const [kind, text] of [
          ["ordinary", parts.join("\n\n")],
          ["repetitive", line.repeat(Math.floor(bytes / Buffer.byteLength(line)))],
        ] as const) {
          const file = path.join(dir, `${kind}-${mbSize}mb.txt`);
          await writeFile(file, text);
          ingestFiles.push({ mb: mbSize, kind, file });
        }
      }
      log(`bench: ingest of generated reports (${options.ingestMb.join(", ")} MB)…`);
      ingest = await runWorker<IngestResult[]>({ phase: "ingest", ...job, ingestFiles }, dir);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const cpus = os.cpus();
  return {
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? "unknown",
      totalMemMB: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    settings: { sizes, questions: questions.length, concurrency, seed },
    sizes: results,
    targets: checkTargets(results),
    ...(ingest ? { ingest } : {}),
    totalMs: Math.round(performance.now() - t0),
  };
}

// ---------------------------------------------------------------- rendering

const fmt = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? "–" : x.toFixed(digits));
const mb = (bytes: number) => bytes / 2 ** 20;

/** Rows of the summary table: one metric a row, one corpus size a column. */
export function tableRows(report: BenchReport): string[][] {
  const s = report.sizes;
  const row = (label: string, f: (r: SizeResult) => string) => [label, ...s.map(f)];
  return [
    row("report files", (r) => String(r.size)),
    row("articles / passages", (r) => `${r.build.articles} / ${r.build.passages}`),
    row("facts", (r) => String(r.build.facts)),
    row("full build (s)", (r) => fmt(r.build.fullMs / 1000, 2)),
    row("incremental, 1 report changed (s)", (r) => fmt(r.build.incrementalMs / 1000, 2)),
    row("index on disk (MB)", (r) => fmt(mb(r.build.indexBytes))),
    row("peak RSS build / search / ask (MB)", (r) => `${r.build.maxRssMB} / ${r.search.maxRssMB} / ${r.ask?.maxRssMB ?? "–"}`),
    row("cold start: load + 1st search (ms)", (r) => String(r.search.coldStartMs)),
    row("cold start: process → 1st answer (ms)", (r) => (r.ask ? String(r.ask.coldStartMs) : "–")),
    row("search p50 / p95 / p99 (ms)", (r) => `${fmt(r.search.search.p50, 2)} / ${fmt(r.search.search.p95, 2)} / ${fmt(r.search.search.p99, 2)}`),
    row("ask p50 / p95 / p99 (ms)", (r) => (r.ask ? `${fmt(r.ask.ask.p50, 2)} / ${fmt(r.ask.ask.p95, 2)} / ${fmt(r.ask.ask.p99, 2)}` : "–")),
    row("ask p50 / p95 during a full reindex (ms)", (r) =>
      r.ask?.duringReindex
        ? `${fmt(r.ask.duringReindex.ask.p50, 2)} / ${fmt(r.ask.duringReindex.ask.p95, 2)} (${r.ask.duringReindex.answered} answers, reindex ${fmt(r.ask.duringReindex.reindexMs / 1000)} s)`
        : "–",
    ),
    row("throughput (answers/s, concurrency)", (r) => (r.ask ? `${fmt(r.ask.throughput.qps)} (×${r.ask.throughput.concurrency})` : "–")),
    row("BM25 alone p50 (ms) · ratio to hybrid", (r) => `${fmt(r.search.bm25.p50, 2)} · ${fmt(r.search.bm25LatencyRatio, 2)}`),
    row("HNSW top-10 mean (ms) · efSearch", (r) => `${fmt(r.search.hnsw.latency.mean, 3)} · ${r.search.hnsw.efSearch}`),
    row("exact top-10 mean (ms) · exact/HNSW", (r) => `${fmt(r.search.exact.latency.mean, 3)} · ${fmt(r.search.exactSpeedRatio, 1)}×`),
    row("HNSW recall@10 vs exact", (r) => fmt(r.search.hnsw.recallAt10, 4)),
    ...[...new Set(s.flatMap((r) => r.search.hitAt5.map((h) => h.set)))].map((set) =>
      row(`hit@5 ${set}: hybrid / BM25`, (r) => {
        const h = r.search.hitAt5.find((x) => x.set === set);
        return h ? `${fmt(h.hybrid, 3)} / ${fmt(h.bm25, 3)}` : "–";
      }),
    ),
  ];
}

function padEnd(s: string, width: number): string {
  // CJK and full-width characters take two columns in a terminal
  const w = Array.from(s).reduce(
    (n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1),
    0,
  );
  return s + " ".repeat(Math.max(0, width - w));
}

/** The plain-text table the CLI prints. */
/** Lines of the ingest table (MB × ordinary/repetitive → seconds, passages), empty without an ingest run. */
export function formatIngest(report: BenchReport): string[] {
  if (!report.ingest?.length) return [];
  const sizes = [...new Set(report.ingest.map((r) => r.mb))];
  const cell = (mbSize: number, kind: string) => {
    const r = report.ingest!.find((x) => x.mb === mbSize && x.kind === kind);
    return r ? `${fmt(r.ms / 1000)} s (${r.passages} passages)` : "–";
  };
  return [
    "ingest of one generated report (MB: ordinary · repetitive):",
    ...sizes.map((s) => `  ${s} MB: ${cell(s, "ordinary")} · ${cell(s, "repetitive")}`),
    "",
  ];
}

export function formatTable(report: BenchReport): string {
  const rows = tableRows(report);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => padEnd(cell, widths[c]!))
      .join("  ")
      .trimEnd(),
  );
  const targets = report.targets.map((t) => `${t.met === null ? "  n/a " : t.met ? "  met " : "  MISS"}  ${t.name}: ${t.value ?? "–"} (target ${t.target})`);
  const m = report.machine;
  return [
    `jiceng bench — ${m.cpus} × ${m.cpuModel}, ${m.totalMemMB} MB, Node ${m.node}; ${report.settings.questions} questions, seed ${report.settings.seed}`,
    "",
    ...lines,
    "",
    "targets (issue 6):",
    ...targets,
    "",
    ...formatIngest(report),
    `total ${fmt(report.totalMs / 1000)} s`,
  ].join("\n");
}

/** A Markdown report: the table, the targets and the chart. */
export function formatMarkdown(report: BenchReport, chartFile = "bench.svg"): string {
  const rows = tableRows(report);
  const [head, ...body] = rows;
  const md = (r: string[]) => `| ${r.join(" | ")} |`;
  return [
    "# jiceng bench",
    "",
    `${report.startedAt} · ${report.machine.cpus} × ${report.machine.cpuModel} · ${report.machine.totalMemMB} MB · Node ${report.machine.node} · ${report.settings.questions} questions per size · seed ${report.settings.seed}`,
    "",
    md(head!.map((h, i) => (i === 0 ? "metric" : `${h} files`))),
    md(head!.map(() => "---")),
    ...body.map(md),
    "",
    "## Targets (issue 6)",
    "",
    "| target | value | goal | |",
    "| --- | --- | --- | --- |",
    ...report.targets.map((t) => `| ${t.name} | ${t.value ?? "–"} | ${t.target} | ${t.met === null ? "n/a" : t.met ? "met" : "**missed**"} |`),
    "",
    `![latency and build time against corpus size](${chartFile})`,
    "",
    "Notes: each phase runs in its own process; peak memory is that process's maxRSS. hit@5 counts a hit only in the shipped",
    "reports' passages (generated reports reuse their sentences with other figures, so a copy is not the answer).",
    "Exact search scores every vector (dimension-major, zero query dimensions skipped).",
    "",
  ].join("\n");
}

/** A hand-written SVG: search/ask p95 (ms, left axis) and full/incremental build (s, right axis) against passages (log scale). */
export function renderSvg(report: BenchReport): string {
  const W = 720;
  const H = 400;
  const L = 70;
  const R = 70;
  const T = 40;
  const B = 60;
  const pts = report.sizes.map((s) => ({
    x: s.build.passages,
    search: s.search.search.p95,
    ask: s.ask?.ask.p95 ?? null,
    full: s.build.fullMs / 1000,
    inc: s.build.incrementalMs / 1000,
  }));
  const xs = pts.map((p) => Math.log10(Math.max(1, p.x)));
  const xMin = Math.min(...xs, 1);
  const xMax = Math.max(...xs, xMin + 1);
  const msMax = niceMax(Math.max(1, ...pts.flatMap((p) => [p.search, p.ask ?? 0])));
  const sMax = niceMax(Math.max(1, ...pts.flatMap((p) => [p.full, p.inc])));
  const px = (x: number) => L + ((Math.log10(Math.max(1, x)) - xMin) / (xMax - xMin)) * (W - L - R);
  const pyMs = (v: number) => H - B - (v / msMax) * (H - T - B);
  const pyS = (v: number) => H - B - (v / sMax) * (H - T - B);
  const series: { name: string; color: string; dash: string; y: (p: (typeof pts)[number]) => number | null; scale: (v: number) => number }[] = [
    { name: "search p95 (ms)", color: "#1f77b4", dash: "", y: (p) => p.search, scale: pyMs },
    { name: "ask p95 (ms)", color: "#2ca02c", dash: "", y: (p) => p.ask, scale: pyMs },
    { name: "full build (s)", color: "#d62728", dash: "6 4", y: (p) => p.full, scale: pyS },
    { name: "incremental (s)", color: "#ff7f0e", dash: "6 4", y: (p) => p.inc, scale: pyS },
  ];
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">jiceng bench: latency and build time against corpus size</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`,
    `<line x1="${W - R}" y1="${T}" x2="${W - R}" y2="${H - B}" stroke="#333"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const y = H - B - (i / 4) * (H - T - B);
    out.push(`<line x1="${L}" y1="${y}" x2="${W - R}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${L - 6}" y="${y + 4}" text-anchor="end">${fmtTick((msMax * i) / 4)}</text>`);
    out.push(`<text x="${W - R + 6}" y="${y + 4}">${fmtTick((sMax * i) / 4)}</text>`);
  }
  for (let e = Math.ceil(xMin); e <= Math.floor(xMax); e++) {
    const x = px(10 ** e);
    out.push(`<line x1="${x}" y1="${H - B}" x2="${x}" y2="${H - B + 5}" stroke="#333"/>`);
    out.push(`<text x="${x}" y="${H - B + 18}" text-anchor="middle">${fmtTick(10 ** e)}</text>`);
  }
  for (const p of pts) out.push(`<text x="${px(p.x)}" y="${H - B - 6}" text-anchor="middle" fill="#888" font-size="10">${p.x}</text>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 22}" text-anchor="middle">passages (log scale)</text>`);
  out.push(`<text transform="translate(18 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">latency p95 (ms, solid)</text>`);
  out.push(`<text transform="translate(${W - 14} ${(T + H - B) / 2}) rotate(90)" text-anchor="middle">build time (s, dashed)</text>`);
  series.forEach((s, i) => {
    const points = pts.map((p) => ({ x: p.x, v: s.y(p) })).filter((p): p is { x: number; v: number } => p.v !== null);
    if (points.length > 0) {
      out.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}" points="${points.map((p) => `${px(p.x).toFixed(1)},${s.scale(p.v).toFixed(1)}`).join(" ")}"/>`,
      );
      for (const p of points) out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${s.scale(p.v).toFixed(1)}" r="3" fill="${s.color}"/>`);
    }
    const lx = L + 10 + i * 150;
    out.push(`<line x1="${lx}" y1="${T + 8}" x2="${lx + 24}" y2="${T + 8}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>`);
    out.push(`<text x="${lx + 28}" y="${T + 12}">${esc(s.name)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function niceMax(v: number): number {
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= v) return m * e;
  return 10 * e;
}

function fmtTick(v: number): string {
  if (v >= 1000) return `${v / 1000}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** Write `bench.md`, `bench.svg` and `bench.json` into `dir`. Returns the Markdown file path. */
export async function writeBenchOutputs(report: BenchReport, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const md = path.join(dir, "bench.md");
  await writeFile(path.join(dir, "bench.svg"), renderSvg(report));
  await writeFile(path.join(dir, "bench.json"), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(md, formatMarkdown(report, "bench.svg"));
  return md;
}
