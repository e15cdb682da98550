/** Output type of the search stage. */
import type { Passage } from "../chunk/types.js";

/** A retrieved passage with its fused score. */
export interface Hit {
  passage: Passage;
  /** Fused score (higher is better); comparable only within one query. */
  score: number;
  /** Position in the BM25 ranking (1-based) or null when BM25 did not return it. */
  bm25Rank: number | null;
  /** Position in the vector ranking (1-based) or null. */
  vectorRank: number | null;
}

/** A parsed question: normalised text, expanded terms, named regions. */
export interface ParsedQuery {
  /** The question as typed. */
  raw: string;
  /** NFKC + simplified + trimmed. */
  normalized: string;
  /** Retrieval tokens with weights (synonyms weigh less than typed words). */
  terms: Map<string, number>;
  /** Content words of the question (no stop words), normalised. */
  keywords: string[];
  /** Region slugs the question names (碧江 → bijiang). */
  regions: string[];
  /**
   * Places containing regions with passages that the question names (贵州,
   * 铜仁, 全市) when it names no region itself: answered from `regions`.
   */
  within?: {
    /** Display names of the places named (贵州省). */
    places: string[];
    /** Their gazetteer slugs. */
    slugs: string[];
    /** Slugs of the regions with passages inside them. */
    regions: string[];
    /** True when the question asks for the place's total (全省…多少, 一共). */
    total: boolean;
  };
  /** Homophone typos read as corpus words (网个员 → 网格员); empty when none. */
  corrections?: { from: string; to: string }[];
}
