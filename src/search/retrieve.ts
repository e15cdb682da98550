/**
 * Hybrid retrieval: BM25 and HNSW vector rankings fused with reciprocal rank
 * fusion; passages of a region the question names are preferred.
 */
import type { LoadedIndex } from "../index/load.js";
import { HashingEmbeddings } from "../index/hashing-embeddings.js";
import { createRegionMatcher, parseQuery, searchRegions, type RegionMatcher } from "./query.js";
import type { Lexicon } from "./lexicon.js";
import { buildTypoVocabulary, type TypoVocabulary } from "./typos.js";
import { tokenizerDomainWords } from "../text/tokenize.js";
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

/** A named region with at most this many passages is ranked exactly instead of by a filtered graph search. */
export const EXACT_SUBSET_MAX = 2000;
/** How many regions' vectors stay cached for exact ranking (at most 2,000 × 512 floats each). */
export const REGION_VECTOR_CACHE = 12;

/** Pseudo-relevance feedback: how many top BM25 passages, and how much they pull the query vector. */
export const PRF_DOCS = 3;
export const PRF_WEIGHT = 0.75;

function unit(v: ArrayLike<number>): number[] {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  const d = Math.sqrt(n) || 1;
  return Array.from(v, (x) => x / d);
}

/**
 * What a retriever shows of its index: passages, articles, facts, BM25 and the
 * manifest. The vector index and the embedder stay inside retrieval.
 */
export type CorpusView = Omit<LoadedIndex, "vectors" | "vectorStore" | "embeddings">;

/** Retrieval over one loaded index. */
export interface Retriever {
  readonly index: CorpusView;
  readonly lexicon: Lexicon;
  readonly regions: RegionMatcher;
  parse(question: string): ParsedQuery;
  /** Top-k hits for a parsed query. */
  retrieve(query: ParsedQuery, k?: number): Promise<Hit[]>;
  /** Parse and retrieve. */
  search(question: string, k?: number): Promise<Hit[]>;
  /**
   * The vector search alone, for a question: the query vector it ran with,
   * the passage positions it returned and how long the neighbour search took
   * (the bench measures recall and speed against exact search).
   */
  vectorSearch(question: string, k?: number): Promise<{ vector: number[]; positions: number[]; ms: number } | null>;
  /** BM25 alone (the bench's baseline). */
  searchBm25(question: string, k?: number): Hit[];
}

/** BM25 terms that are jieba words (the others are character bigrams). */
const WORD_TERM = "w:";

/** Create a retriever over a loaded index. */
export function createRetriever(index: LoadedIndex, lexicon: Lexicon): Retriever {
  const regions = createRegionMatcher(index.articles, index.gazetteer);
  const placeNames = [...regions.names.map(([n]) => n), ...regions.scopeNames, ...regions.containers.map(([n]) => n), ...lexicon.outsidePlaces];
  let typoVocabulary: TypoVocabulary | null = null;
  /** The corpus words typos are read as: built on the first question, once per loaded index. */
  const typos = (): TypoVocabulary =>
    (typoVocabulary ??= buildTypoVocabulary({
      corpusWords: (function* () {
        for (const [term, df] of index.bm25.terms()) if (term.startsWith(WORD_TERM)) yield [term.slice(WORD_TERM.length), df] as [string, number];
      })(),
      domainWords: [...tokenizerDomainWords(), ...lexicon.synonyms.flat()],
      isStop: (w) => lexicon.stopwords.has(w),
      placeNames,
    }));
  const parse = (q: string) => parseQuery(q, lexicon, regions, typos());
  const hashing = index.embeddings instanceof HashingEmbeddings ? index.embeddings : null;
  const vectors = index.vectors;

  /**
   * The vector the HNSW search runs with: the question's own embedding moved
   * towards the passages BM25 ranks first (pseudo-relevance feedback). A short
   * question alone is far from every passage, which both blurs the ranking and
   * makes graph search miss true neighbours; the feedback fixes both.
   */
  async function queryVector(query: ParsedQuery, bm25Top: number[]): Promise<number[]> {
    let own: number[];
    if (hashing) {
      // the same weighted tokens BM25 sees, repeated by weight, so synonyms count less
      const tokens: string[] = [];
      for (const [t, w] of query.terms) {
        tokens.push(t);
        if (w >= 1) tokens.push(t);
      }
      own = hashing.embedTokens(tokens);
    } else {
      own = await index.embeddings.embedQuery(query.normalized);
    }
    const v = unit(own);
    const feedback = bm25Top
      .slice(0, PRF_DOCS)
      .map((pos) => vectors.vectorOf(pos))
      .filter((stored): stored is number[] => stored !== null);
    if (feedback.length === 0) return v;
    for (const stored of feedback) {
      const p = unit(stored);
      for (let j = 0; j < v.length; j++) v[j]! += (PRF_WEIGHT * p[j]!) / feedback.length;
    }
    return unit(v);
  }

  /** Passage positions of each set of regions, built on first use. */
  const regionPositions = new Map<string, number[]>();
  const positionsIn = (slugs: Set<string>): number[] => {
    const key = [...slugs].sort().join(",");
    let out = regionPositions.get(key);
    if (!out) {
      out = [];
      for (let pos = 0; pos < index.passages.length; pos++) if (slugs.has(regionOf(pos) ?? "")) out.push(pos);
      if (regionPositions.size > 64) regionPositions.clear();
      regionPositions.set(key, out);
    }
    return out;
  };

  /**
   * Exact cosine ranking inside a filtered subset (a named region). A graph
   * search with a narrow filter has to walk most of the graph to find k matches;
   * scoring the subset's own vectors is both exact and faster.
   */
  const positionMasks = new Map<number[], Uint8Array>();
  /** 1 for the given passage positions (cached per region set). */
  function positionMaskOf(positions: number[]): Uint8Array {
    let mask = positionMasks.get(positions);
    if (!mask) {
      mask = new Uint8Array(index.passages.length);
      for (const pos of positions) mask[pos] = 1;
      if (positionMasks.size >= REGION_VECTOR_CACHE) positionMasks.delete(positionMasks.keys().next().value!);
      positionMasks.set(positions, mask);
    }
    return mask;
  }

  /** Unit vectors of a region's passages, row-major, cached for the regions asked about most recently. */
  const regionVectors = new Map<number[], Float32Array>();
  function vectorsOf(positions: number[]): Float32Array {
    let m = regionVectors.get(positions);
    if (m) return m;
    const dims = index.manifest.embedder.dimensions;
    m = new Float32Array(positions.length * dims);
    positions.forEach((pos, i) => {
      const stored = vectors.vectorOf(pos);
      if (stored) m!.set(unit(stored), i * dims);
    });
    if (regionVectors.size >= REGION_VECTOR_CACHE) regionVectors.delete(regionVectors.keys().next().value!);
    regionVectors.set(positions, m);
    return m;
  }

  function exactRanking(vector: number[], positions: number[], k: number): { pos: number; sim: number }[] {
    const m = vectorsOf(positions);
    const dims = vector.length;
    const out = positions.map((pos, i) => {
      let dot = 0;
      for (let j = 0, o = i * dims; j < dims; j++) dot += m[o + j]! * vector[j]!;
      return { pos, sim: dot };
    });
    return out.sort((a, b) => b.sim - a.sim || a.pos - b.pos).slice(0, k);
  }

  /** Cosine similarity of a stored passage vector to a (unit) query vector. */
  function similarity(pos: number, vector: number[]): number {
    const stored = vectors.vectorOf(pos);
    if (!stored) return -Infinity;
    const v = unit(stored);
    let dot = 0;
    for (let j = 0; j < v.length; j++) dot += v[j]! * vector[j]!;
    return dot;
  }

  /**
   * Nearest passages to a query vector: the HNSW graph's answer, seeded with
   * the feedback passages scored exactly. Passages unlike the rest of a large
   * corpus sit far from the graph's entry point, and a query pulled towards
   * them would otherwise need a huge efSearch to reach them.
   */
  async function nearest(vector: number[], seeds: number[], k: number, regions?: Set<string>): Promise<{ pos: number; sim: number }[]> {
    const found = new Map<number, number>();
    if (regions) {
      const positions = positionsIn(regions);
      if (positions.length <= EXACT_SUBSET_MAX) return exactRanking(vector, positions, k);
      // a wide region: the graph search with a position mask; the region list only
      // adds candidates to the fused ranking, so a narrower beam is enough
      for (const h of await vectors.nearest(vector, k, { allowed: positionMaskOf(positions), beam: "narrow" })) found.set(h.position, h.similarity);
    } else {
      for (const h of await vectors.nearest(vector, k)) found.set(h.position, h.similarity);
    }
    for (const pos of seeds) if (!found.has(pos) && (!regions || regions.has(regionOf(pos) ?? ""))) found.set(pos, similarity(pos, vector));
    return [...found.entries()]
      .map(([pos, sim]) => ({ pos, sim }))
      .sort((a, b) => b.sim - a.sim || a.pos - b.pos)
      .slice(0, k);
  }

  async function vectorRanking(query: ParsedQuery, bm25Top: number[], n: number, regions?: Set<string>): Promise<number[]> {
    if (index.passages.length === 0 || query.terms.size === 0) return [];
    const vector = await queryVector(query, bm25Top);
    const k = Math.min(n, index.passages.length);
    return (await nearest(vector, bm25Top.slice(0, PRF_DOCS), k, regions)).map((x) => x.pos);
  }

  const regionOf = (pos: number) => index.passages[pos]?.regionSlug ?? null;

  async function retrieve(query: ParsedQuery, k = 5): Promise<Hit[]> {
    if (query.terms.size === 0) return [];
    const wanted = new Set(searchRegions(query));
    const inRegion = wanted.size ? (pos: number) => wanted.has(regionOf(pos) ?? "") : undefined;
    const scores = index.bm25.score(query.terms);
    const bm25 = scores.top(CANDIDATES);
    // a region the question names gets its own candidates, so a large corpus cannot crowd it out
    const bm25Region = inRegion ? scores.top(CANDIDATES, inRegion) : [];
    const feedback = (bm25Region.length ? bm25Region : bm25).map((x) => x.doc);
    const vec = await vectorRanking(query, feedback, CANDIDATES);
    const vecRegion = inRegion ? await vectorRanking(query, feedback, CANDIDATES, wanted) : [];
    const fused = new Map<number, { score: number; bm25Rank: number | null; vectorRank: number | null }>();
    const entry = (doc: number) => {
      let e = fused.get(doc);
      if (!e) fused.set(doc, (e = { score: 0, bm25Rank: null, vectorRank: null }));
      return e;
    };
    const addBm25 = (list: { doc: number; score: number }[]) =>
      list.forEach((s, i) => {
        const e = entry(s.doc);
        if (e.bm25Rank !== null) return; // counted once, at its best rank
        e.score += BM25_WEIGHT / (RRF_K + i + 1);
        e.bm25Rank = i + 1;
      });
    const addVec = (list: number[]) =>
      list.forEach((doc, i) => {
        const e = entry(doc);
        if (e.vectorRank !== null) return;
        e.score += VECTOR_WEIGHT / (RRF_K + i + 1);
        e.vectorRank = i + 1;
      });
    // region lists first: within the named region, rank there is what counts
    addBm25(bm25Region);
    addBm25(bm25);
    addVec(vecRegion);
    addVec(vec);
    const hits: Hit[] = [];
    for (const [doc, e] of fused) {
      const passage = index.passages[doc]!;
      let score = e.score;
      if (wanted.size && passage.regionSlug && wanted.has(passage.regionSlug)) score *= REGION_BOOST;
      hits.push({ passage, score, bm25Rank: e.bm25Rank, vectorRank: e.vectorRank });
    }
    hits.sort((a, b) => b.score - a.score || a.passage.id.localeCompare(b.passage.id));
    return hits.slice(0, k);
  }

  const { vectors: _vectors, vectorStore: _store, embeddings: _embeddings, ...corpus } = index;
  return {
    index: corpus,
    lexicon,
    regions,
    parse,
    retrieve,
    search: (q, k) => retrieve(parse(q), k),
    async vectorSearch(question, k = 10) {
      const q = parse(question);
      if (q.terms.size === 0 || index.passages.length === 0) return null;
      const feedback = index.bm25
        .score(q.terms)
        .top(CANDIDATES)
        .map((x) => x.doc);
      const vector = await queryVector(q, feedback);
      const started = performance.now();
      const hits = await nearest(vector, feedback.slice(0, PRF_DOCS), Math.min(k, index.passages.length));
      return { vector, positions: hits.map((h) => h.pos), ms: performance.now() - started };
    },
    searchBm25(question, k = 5) {
      const q = parse(question);
      return index.bm25.search(q.terms, k).map((s, i) => ({ passage: index.passages[s.doc]!, score: s.score, bm25Rank: i + 1, vectorRank: null }));
    },
  };
}
