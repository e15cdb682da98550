/**
 * The bench is not a timed test: it runs at a tiny size to prove the plumbing
 * works and that its report has every field with sane values.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../src/bench/cli.js";
import { createReportGenerator, createRng, extractMaterial, parseRegions, varyNumbers } from "../../src/bench/generate.js";
import { formatMarkdown, formatTable, PROJECT_ROOT, renderSvg, runBench, writeBenchOutputs } from "../../src/bench/run.js";
import type { Latency } from "../../src/bench/types.js";
import { parseReport } from "../../src/corpus/parse.js";
import { loadGazetteer } from "../../src/corpus/regions.js";

const SHIPPED = path.join(PROJECT_ROOT, "data/reports/tongren-governance-digest.txt");
const REGIONS = path.join(PROJECT_ROOT, "data/lexicon/regions.txt");

async function material() {
  return extractMaterial(await readFile(SHIPPED, "utf8"), parseRegions(await readFile(REGIONS, "utf8")));
}

function expectLatency(l: Latency, n: number): void {
  expect(l.n).toBe(n);
  expect(l.p50).toBeGreaterThanOrEqual(0);
  expect(l.p95).toBeGreaterThanOrEqual(l.p50);
  expect(l.p99).toBeGreaterThanOrEqual(l.p95);
  expect(l.max).toBeGreaterThanOrEqual(l.p99);
}

describe("corpus generator", () => {
  it("is deterministic by seed and index", async () => {
    const m = await material();
    const a = createReportGenerator(m, 7);
    const b = createReportGenerator(m, 7);
    expect(a(3)).toEqual(b(3));
    expect(a(3).text).not.toBe(a(4).text);
    expect(createReportGenerator(m, 8)(3).text).not.toBe(a(3).text);
  });

  it("writes reports the parser reads as articles with bylines, sections and repaired layout faults", async () => {
    const m = await material();
    const gen = createReportGenerator(m);
    const gazetteer = await loadGazetteer(path.dirname(REGIONS));
    const totals = { articles: 0, captions: 0, joined: 0, repeats: 0, moved: 0, bylines: 0 };
    for (let i = 0; i < 20; i++) {
      const { file, text } = gen(i);
      expect(file).toMatch(/^gen-\d{5}\.txt$/);
      expect(text).toMatch(/^# /m);
      expect(text).toMatch(/^## /m);
      const parsed = parseReport(text, file, gazetteer);
      totals.articles += parsed.articles.length;
      totals.captions += parsed.repairs.captions;
      totals.joined += parsed.repairs.joinedPageBreaks;
      totals.repeats += parsed.repairs.collapsedRepeats;
      totals.moved += parsed.repairs.movedTrailingTitles;
      totals.bylines += parsed.repairs.bylines;
      for (const a of parsed.articles) {
        expect(a.region).not.toBeNull();
        expect(a.sections.length).toBeGreaterThan(1);
      }
    }
    expect(totals.articles).toBeGreaterThanOrEqual(60);
    expect(totals.bylines).toBe(totals.articles);
    for (const k of ["captions", "joined", "repeats", "moved"] as const) expect(totals[k]).toBeGreaterThan(0);
  });

  it("keeps units and plausible figures when it varies numbers", () => {
    const r = createRng(1);
    const out = varyNumbers("2025年共发展农村党员108人,其中35岁以下优秀青年占比71.3%,报酬4116元/月。", r);
    expect(out).toMatch(/^20(1[89]|2[0-5])年共发展农村党员\d+人,其中\d+岁以下优秀青年占比\d+\.\d%,报酬\d+元\/月。$/);
  });
});

describe("bench flags", () => {
  it("parses sizes, questions and outputs, and rejects nonsense", () => {
    expect(parseBenchArgs(["--sizes", "1,3", "--questions=20", "--json", "--out", "x"])).toMatchObject({ sizes: [1, 3], questions: 20, json: true, out: "x" });
    expect(() => parseBenchArgs(["--sizes", "0"])).toThrow();
    expect(() => parseBenchArgs(["--bogus"])).toThrow();
  });
});

describe("jiceng bench at a tiny size", () => {
  it("reports every field with sane values and writes Markdown + SVG", async () => {
    const report = await runBench({ sizes: [1, 3], questions: 12, concurrency: 2 });
    expect(report.sizes.map((s) => s.size)).toEqual([1, 3]);
    expect(report.machine.cpus).toBeGreaterThan(0);
    const [one, three] = report.sizes;
    expect(three!.build.passages).toBeGreaterThan(one!.build.passages);
    for (const s of report.sizes) {
      const { build, search, ask } = s;
      expect(build.reports).toBe(s.size);
      expect(build.passages).toBeGreaterThan(0);
      expect(build.facts).toBeGreaterThan(0);
      expect(build.fullMs).toBeGreaterThan(0);
      expect(build.incrementalMs).toBeGreaterThanOrEqual(0);
      expect(build.incrementalEmbedded).toBeGreaterThan(0);
      expect(build.incrementalEmbedded).toBeLessThanOrEqual(build.passages);
      expect(build.indexBytes).toBeGreaterThan(0);
      expect(build.maxRssMB).toBeGreaterThan(0);
      expect(search.coldStartMs).toBeGreaterThanOrEqual(search.loadMs);
      expectLatency(search.search, 12);
      expectLatency(search.bm25, 12);
      expectLatency(search.exact.latency, search.hnsw.latency.n);
      expect(search.hnsw.recallAt10).toBeGreaterThan(0.5);
      expect(search.hnsw.recallAt10).toBeLessThanOrEqual(1);
      expect(search.exactSpeedRatio).toBeGreaterThan(0);
      expect(search.bm25LatencyRatio).toBeGreaterThan(0);
      expect(search.hitAt5.length).toBeGreaterThan(0);
      for (const h of search.hitAt5) {
        expect(h.n).toBeGreaterThan(0);
        for (const v of [h.hybrid, h.bm25]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
      expect(ask).not.toBeNull();
      expectLatency(ask!.ask, 12);
      expect(ask!.coldStartMs).toBeGreaterThan(0);
      expect(ask!.throughput.qps).toBeGreaterThan(0);
      expect(s.peakRssMB).toBe(Math.max(build.maxRssMB, search.maxRssMB, ask!.maxRssMB));
    }
    expect(report.targets.map((t) => t.name)).toHaveLength(6);
    expect(report.targets[0]!.met).not.toBeNull(); // the shipped corpus was measured
    expect(formatTable(report)).toContain("HNSW recall@10");
    expect(formatMarkdown(report)).toContain("| metric |");
    const svg = renderSvg(report);
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    expect(svg.match(/<polyline/g)?.length).toBe(4);
    const out = await mkdtemp(path.join(os.tmpdir(), "jiceng-bench-out-"));
    try {
      const md = await writeBenchOutputs(report, out);
      expect(await readFile(md, "utf8")).toContain("bench.svg");
      expect(JSON.parse(await readFile(path.join(out, "bench.json"), "utf8")).sizes).toHaveLength(2);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});
