/** Every branch of the reindex plan, on plain objects (no index is built). */
import { describe, expect, it } from "vitest";
import { canUpdateInPlace, decideGraph, decideIdf, decideReport, graphNodesAfter, IDF_DRIFT, MAX_DELETED_SHARE } from "../../src/index/plan.js";
import type { Manifest, ManifestReport } from "../../src/index/types.js";

const PIPELINE = 8;
const PARAMS = { M: 16, efConstruction: 100 };

function report(file: string, passages: number, articleIds: string[], hash = `h-${file}`): ManifestReport {
  return { file, reportId: file, hash, title: file, encoding: "utf-8", firstIndexedAt: "2026-01-01T00:00:00.000Z", articleIds, passages, facts: 0 };
}

const A = report("a.txt", 40, ["bijiang", "sinan"]);
const B = report("b.txt", 10, ["yuping"]);
const C = report("c.txt", 50, ["wanshan"]);

function manifest(reports: ManifestReport[], over: Partial<Manifest> = {}): Manifest {
  const passages = reports.reduce((n, r) => n + r.passages, 0);
  return {
    formatVersion: 1,
    pipelineVersion: PIPELINE,
    builtAt: "2026-01-01T00:00:00.000Z",
    embedder: { kind: "hashing", key: "hash512-v1", dimensions: 512 },
    idf: { docs: passages, version: "v1" },
    hnsw: { ...PARAMS, efSearch: 800 },
    reports,
    totals: { reports: reports.length, articles: reports.reduce((n, r) => n + r.articleIds.length, 0), passages, facts: 0 },
    ...over,
  };
}

describe("canUpdateInPlace", () => {
  const base = { previous: manifest([A]), pipelineVersion: PIPELINE, graphSaved: true, params: PARAMS };
  it("yes with a previous index of this pipeline, with a saved graph of the same parameters", () => {
    expect(canUpdateInPlace(base)).toBe(true);
  });
  it("no without a previous index (first build or --full)", () => {
    expect(canUpdateInPlace({ ...base, previous: null })).toBe(false);
  });
  it("no when the pipeline changed", () => {
    expect(canUpdateInPlace({ ...base, pipelineVersion: PIPELINE + 1 })).toBe(false);
  });
  it("no when M or efConstruction changed", () => {
    expect(canUpdateInPlace({ ...base, params: { ...PARAMS, M: 32 } })).toBe(false);
    expect(canUpdateInPlace({ ...base, params: { ...PARAMS, efConstruction: 200 } })).toBe(false);
  });
  it("no when the graph file is missing", () => {
    expect(canUpdateInPlace({ ...base, graphSaved: false })).toBe(false);
  });
});

describe("decideReport", () => {
  const base = { prev: A, hash: A.hash, reuse: true, inPlace: true, cacheOnDisk: true, takenIds: new Set<string>() };
  it("an unchanged report is carried over unread when updating in place", () => {
    expect(decideReport(base)).toBe("carry");
  });
  it("an unchanged report is read from its cached parse when not updating in place", () => {
    expect(decideReport({ ...base, inPlace: false })).toBe("cached");
  });
  it("an unchanged report whose cache files are missing is read through the cache path (which falls back to parsing)", () => {
    expect(decideReport({ ...base, cacheOnDisk: false })).toBe("cached");
  });
  it("a new report is parsed", () => {
    expect(decideReport({ ...base, prev: null })).toBe("parse");
  });
  it("a changed report is parsed", () => {
    expect(decideReport({ ...base, hash: "other" })).toBe("parse");
  });
  it("nothing is reused without a reusable previous index (--full, another pipeline)", () => {
    expect(decideReport({ ...base, reuse: false })).toBe("parse");
  });
  it("an unchanged report whose ids an earlier report took is parsed again (it gets new ids)", () => {
    expect(decideReport({ ...base, takenIds: new Set(["sinan"]) })).toBe("parse");
  });
});

describe("decideIdf", () => {
  const previous = manifest([A, B]);
  it("a remote embedder uses no IDF", () => {
    expect(decideIdf({ embedder: "openai", previous, passages: 50 })).toBe("none");
  });
  it("keeps the previous IDF while the corpus drifted at most IDF_DRIFT", () => {
    expect(decideIdf({ embedder: "hashing", previous, passages: 50 })).toBe("keep");
    expect(decideIdf({ embedder: "hashing", previous, passages: 50 * (1 + IDF_DRIFT) })).toBe("keep");
    expect(decideIdf({ embedder: "hashing", previous, passages: 50 * (1 - IDF_DRIFT) })).toBe("keep");
  });
  it("refits when the corpus drifted more", () => {
    expect(decideIdf({ embedder: "hashing", previous, passages: 50 * (1 + IDF_DRIFT) + 1 })).toBe("refit");
    expect(decideIdf({ embedder: "hashing", previous, passages: 50 * (1 - IDF_DRIFT) - 1 })).toBe("refit");
  });
  it("refits without a previous index (first build or --full)", () => {
    expect(decideIdf({ embedder: "hashing", previous: null, passages: 50 })).toBe("refit");
  });
  it("refits when the previous index had no IDF or another embedder", () => {
    expect(decideIdf({ embedder: "hashing", previous: manifest([A], { idf: null }), passages: 40 })).toBe("refit");
    expect(decideIdf({ embedder: "hashing", previous: manifest([A], { embedder: { kind: "openai", key: "openai-x", dimensions: 64 } }), passages: 40 })).toBe(
      "refit",
    );
  });
});

describe("decideGraph", () => {
  const previous = manifest([A, B, C]);
  const base = { inPlace: true, previous, carried: [A, B, C], newPassages: 0, idf: "keep" as const, embedderKey: "hash512-v1", carriedVectorsPresent: true };

  it("unchanged when every report is carried and nothing is new", () => {
    expect(decideGraph(base)).toEqual({ mode: "unchanged" });
  });
  it("in place when a report changed: its articles' points go stale", () => {
    expect(decideGraph({ ...base, carried: [A, C], newPassages: 11 })).toEqual({ mode: "in-place", staleArticles: ["yuping"] });
  });
  it("in place when a report is only added", () => {
    expect(decideGraph({ ...base, newPassages: 5 })).toEqual({ mode: "in-place", staleArticles: [] });
  });
  it("in place when a report is only removed", () => {
    expect(decideGraph({ ...base, carried: [A, C] })).toEqual({ mode: "in-place", staleArticles: ["yuping"] });
  });
  it("an IDF refit while reports are carried rebuilds everything", () => {
    expect(decideGraph({ ...base, carried: [A, C], newPassages: 11, idf: "refit" })).toEqual({ mode: "idf-refit" });
  });
  it("an IDF refit with nothing carried is an ordinary rebuild when the embedder key changed", () => {
    expect(decideGraph({ ...base, carried: [], newPassages: 100, idf: "refit", embedderKey: "hash512-v2" })).toEqual({
      mode: "full",
      reason: "vectors-missing",
    });
  });
  it("full without a usable previous graph", () => {
    expect(decideGraph({ ...base, inPlace: false, carried: [], newPassages: 100 })).toEqual({ mode: "full", reason: "no-previous-graph" });
    expect(decideGraph({ ...base, previous: null, carried: [], newPassages: 100 })).toEqual({ mode: "full", reason: "no-previous-graph" });
  });
  it("full when a carried report's vectors are missing", () => {
    expect(decideGraph({ ...base, carriedVectorsPresent: false })).toEqual({ mode: "full", reason: "vectors-missing" });
  });
  it("full when the embedder changed (its vectors do not mix with the graph's)", () => {
    expect(decideGraph({ ...base, embedderKey: "openai-bge" })).toEqual({ mode: "full", reason: "vectors-missing" });
  });
  it("full when deleted points would exceed MAX_DELETED_SHARE", () => {
    // 100 nodes; dropping C (50 passages) and adding 10 leaves 50 of 110 deleted
    expect(decideGraph({ ...base, carried: [A, B], newPassages: 10 })).toEqual({ mode: "full", reason: "too-many-deleted" });
  });
  it("counts points already deleted by earlier in-place updates (graphNodes)", () => {
    // changing B: 10 stale of 100 + 10 is fine alone, not on top of 20 already deleted
    const changeB = { ...base, carried: [A, C], newPassages: 10 };
    expect(decideGraph(changeB).mode).toBe("in-place");
    const withDeleted = manifest([A, B, C], { graphNodes: 120 });
    expect(decideGraph({ ...changeB, previous: withDeleted })).toEqual({ mode: "full", reason: "too-many-deleted" });
  });
  it("the deleted share limit is inclusive", () => {
    // exactly MAX_DELETED_SHARE of the points deleted is still in place
    const small = manifest([report("x.txt", 20, ["x"]), report("y.txt", 80, ["y"])]);
    const deleted = 20;
    const added = deleted / MAX_DELETED_SHARE - 100;
    expect(decideGraph({ ...base, previous: small, carried: [small.reports[1]!], newPassages: added }).mode).toBe("in-place");
  });
});

describe("graphNodesAfter", () => {
  const previous = manifest([A, B], { graphNodes: 60 });
  it("an update keeps the old points (deleted ones too) and adds the new", () => {
    expect(graphNodesAfter({ mode: "in-place", staleArticles: ["yuping"] }, previous, 12, 52)).toBe(72);
    expect(graphNodesAfter({ mode: "unchanged" }, previous, 0, 50)).toBe(60);
  });
  it("an index without the count is taken to have no deleted points", () => {
    expect(graphNodesAfter({ mode: "in-place", staleArticles: [] }, manifest([A, B]), 5, 55)).toBe(55);
  });
  it("a rebuild holds exactly the passages", () => {
    expect(graphNodesAfter({ mode: "full", reason: "too-many-deleted" }, previous, 52, 52)).toBe(52);
    expect(graphNodesAfter({ mode: "idf-refit" }, previous, 52, 52)).toBe(52);
  });
});
