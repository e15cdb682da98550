/** Hybrid retrieval on the real index of the shipped report. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reindex } from "../../src/index/build.js";
import { loadIndex } from "../../src/index/load.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { createRetriever, type Retriever } from "../../src/search/retrieve.js";
import { createTempProject } from "../helpers/temp-project.js";

let retriever: Retriever;
let cleanup: () => void;
beforeAll(async () => {
  const p = createTempProject();
  cleanup = p.cleanup;
  await reindex(p.config);
  retriever = createRetriever(await loadIndex(p.config), await loadLexicon(p.config.lexiconDir));
});
afterAll(() => cleanup());

describe("hybrid retrieval", () => {
  it("fuses BM25 and vector rankings: the top hit is found by both", async () => {
    const [top] = await retriever.search("专兼职网格员有多少人", 5);
    expect(top!.passage.id).toBe("bijiang:2.3");
    expect(top!.bm25Rank).not.toBeNull();
    expect(top!.vectorRank).not.toBeNull();
  });

  it("prefers the region a question names", async () => {
    const hits = await retriever.search("茅坪村党员怎么发挥作用", 5);
    expect(hits[0]!.passage.regionSlug).toBe("yuping");
    const sinan = await retriever.search("思南党员怎么发挥作用", 3);
    expect(sinan.every((h) => h.passage.regionSlug === "sinan")).toBe(true);
  });

  it("finds a passage through a synonym the passage does not use", async () => {
    const hits = await retriever.search("社工工资", 3);
    expect(hits.some((h) => h.passage.text.includes("平均报酬4116元/月"))).toBe(true);
  });

  it("finds a caption, which is a passage of its own", async () => {
    const hits = await retriever.search("新就业群体暖新驿站", 3);
    expect(hits.some((h) => h.passage.kind === "caption")).toBe(true);
  });

  it("returns nothing for a question with no words", async () => {
    expect(await retriever.search("？？？", 5)).toEqual([]);
    expect(await retriever.vectorSearch("！！", 5)).toBeNull();
  });

  it("the vector search reports the neighbours it used, near the query vector", async () => {
    const got = await retriever.vectorSearch("红色物业三方联动", 5);
    expect(got!.positions).toHaveLength(5);
    expect(got!.vector.length).toBe(512);
  });

  it("BM25 alone is there for the benchmark's baseline", () => {
    expect(retriever.searchBm25("网格员", 1)[0]!.passage.id).toBe("bijiang:2.3");
  });
});
