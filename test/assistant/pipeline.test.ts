/**
 * Pipeline steps that need no index: the passages each named place gets.
 */
import { describe, expect, it } from "vitest";
import type { Passage } from "../../src/chunk/types.js";
import { placeHits } from "../../src/assistant/pipeline.js";
import { ANSWER_HITS } from "../../src/answer/policy.js";
import type { Hit } from "../../src/search/types.js";

const hitIn = (slug: string, n: number): Hit => ({
  passage: { id: `${slug}:1.${n}`, regionSlug: slug } as Passage,
  score: 1,
  bm25Rank: n,
  vectorRank: n,
});

describe("the passages of the places a question names", () => {
  it("with two places each gets its share, even when one place's passages all rank higher", () => {
    const pool = [...Array.from({ length: 12 }, (_, i) => hitIn("sinan", i + 1)), hitIn("bijiang", 1), hitIn("bijiang", 2), hitIn("wanshan", 1)];
    const hits = placeHits(pool, new Set(["sinan", "bijiang"]));
    expect(hits).toHaveLength(ANSWER_HITS);
    expect(hits.filter((h) => h.passage.regionSlug === "bijiang")).toHaveLength(2);
    expect(hits.some((h) => h.passage.regionSlug === "wanshan")).toBe(false);
    // rank order is kept
    expect(hits[0]!.passage.id).toBe("sinan:1.1");
  });

  it("with one place, its best passages in rank order", () => {
    const pool = [hitIn("sinan", 1), hitIn("bijiang", 1), hitIn("sinan", 2)];
    expect(placeHits(pool, new Set(["sinan"])).map((h) => h.passage.id)).toEqual(["sinan:1.1", "sinan:1.2"]);
  });
});
