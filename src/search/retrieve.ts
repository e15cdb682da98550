/**
 * Hybrid retrieval: BM25 and HNSW vector rankings fused with reciprocal rank
 * fusion; passages of a region the question names are preferred.
 */
import type { LoadedIndex } from "../index/load.js";
import { HashingEmbeddings } from "../index/hashing-embeddings.js";
import { createRegionMatcher, parseQuery, type RegionMatcher } from "./query.js";
import type { Lexicon } from "./lexicon.js";
import type { Hit, ParsedQuery } from "./types.js";

/** RRF constant (Cormack et al.): damps the head of each ranking. */
export const RRF_K = 60;
/** Weights of the two rankings in the fusion: BM25 is the sharper signal for short Chinese questions. */
export const BM25_WEIGHT = 1;
export const VECTOR_WEIGHT = 0.6;
/** How many candidates each ranking contributes before fusion. */
export const CANDIDATES = 40;
/** Multiplier for passages in a region the question names. */
export const REGION_BOOST = 1.8;

/** Captions are one short line: useful when they match, but never ahead of the paragraph they illustrate. */
export const CAPTION_WEIGHT = 1;

/** Retrieval over one loaded index. */
export interface Retriever {
  readonly index: LoadedIndex;
  readonly lexicon: Lexicon;
  readonly regions: RegionMatcher;
  parse(question: string): ParsedQuery;
  /** Top-k hits for a parsed query. */
  retrieve(query: ParsedQuery, k?: number): Promise<Hit[]>;
  /** Parse and retrieve. */
  search(question: string, k?: number): Promise<Hit[]>;
  /** BM25 alone (the bench's baseline). */
  searchBm25(question: string, k?: number): Hit[];
}

/** Create a retriever over a loaded index. */
export function createRetriever(index: LoadedIndex, lexicon: Lexicon): Retriever {
  const regions = createRegionMatcher(index.articles, index.gazetteer);
  const hashing = index.embeddings instanceof HashingEmbeddings ? index.embeddings : null;

  async function vectorRanking(query: ParsedQuery, n: number): Promise<number[]> {
    if (index.passages.length === 0 || query.terms.size === 0) return [];
    let vector: number[];
    if (hashing) {
      // the same weighted tokens BM25 sees, repeated by weight, so synonyms count less
      const tokens: string[] = [];
      for (const [t, w] of query.terms) {
        tokens.push(t);
        if (w >= 1) tokens.push(t);
      }
      vector = hashing.embedTokens(tokens);
    } else {
      vector = await index.embeddings.embedQuery(query.normalized);
    }
    const k = Math.min(n, index.passages.length);
    const result = await index.vectorStore.similaritySearchVectorWithScore(vector, k);
    const out: number[] = [];
    for (const [doc] of result) {
      const pos = index.position.get(String(doc.metadata.id));
      if (pos !== undefined) out.push(pos);
    }
    return out;
  }

  async function retrieve(query: ParsedQuery, k = 5): Promise<Hit[]> {
    if (query.terms.size === 0) return [];
    const bm25 = index.bm25.search(query.terms, CANDIDATES);
    const vec = await vectorRanking(query, CANDIDATES);
    const fused = new Map<number, { score: number; bm25Rank: number | null; vectorRank: number | null; bm25Score: number }>();
    const entry = (doc: number) => {
      let e = fused.get(doc);
      if (!e) fused.set(doc, (e = { score: 0, bm25Rank: null, vectorRank: null, bm25Score: 0 }));
      return e;
    };
    bm25.forEach((s, i) => {
      const e = entry(s.doc);
      e.score += BM25_WEIGHT / (RRF_K + i + 1);
      e.bm25Rank = i + 1;
      e.bm25Score = s.score;
    });
    vec.forEach((doc, i) => {
      // a vector-only candidate with no shared term is noise for a lexical question
      const e = entry(doc);
      e.score += VECTOR_WEIGHT / (RRF_K + i + 1);
      e.vectorRank = i + 1;
    });
    const wanted = new Set(query.regions);
    const hits: Hit[] = [];
    for (const [doc, e] of fused) {
      const passage = index.passages[doc]!;
      let score = e.score;
      if (wanted.size && passage.regionSlug && wanted.has(passage.regionSlug)) score *= REGION_BOOST;
      if (passage.kind === "caption") score *= CAPTION_WEIGHT;
      hits.push({ passage, score, bm25Rank: e.bm25Rank, vectorRank: e.vectorRank, bm25Score: e.bm25Score });
    }
    hits.sort((a, b) => b.score - a.score || a.passage.id.localeCompare(b.passage.id));
    return hits.slice(0, k);
  }

  return {
    index,
    lexicon,
    regions,
    parse: (q) => parseQuery(q, lexicon, regions),
    retrieve,
    search: (q, k) => retrieve(parseQuery(q, lexicon, regions), k),
    searchBm25(question, k = 5) {
      const q = parseQuery(question, lexicon, regions);
      return index.bm25.search(q.terms, k).map((s, i) => ({ passage: index.passages[s.doc]!, score: s.score, bm25Rank: i + 1, vectorRank: null, bm25Score: s.score }));
    },
  };
}
