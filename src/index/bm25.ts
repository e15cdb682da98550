/** BM25 over the same tokens the embedder uses. Built in memory from stored tokens. */

/** A scored document position. */
export interface Scored {
  doc: number;
  score: number;
}

/** Keep the k best of a stream in a binary min-heap (k is small: tens). */
function topK(docs: Iterable<number>, score: (doc: number) => number, k: number, filter?: (doc: number) => boolean): Scored[] {
  const heap: Scored[] = [];
  const worse = (a: Scored, b: Scored) => a.score < b.score || (a.score === b.score && a.doc > b.doc);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const doc of docs) {
    if (filter && !filter(doc)) continue;
    const item = { doc, score: score(doc) };
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!worse(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (k > 0 && worse(heap[0]!, item)) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/** Scores of one query, ready for several top-k selections (overall, within a region…). */
export interface Bm25Scores {
  top(k: number, filter?: (doc: number) => boolean): Scored[];
}

/** Okapi BM25 (k1 = 1.2, b = 0.75) with an inverted index. */
export class Bm25Index {
  private readonly postings = new Map<string, { docs: Int32Array; tfs: Float32Array }>();
  private readonly docLen: Float32Array;
  private readonly avgdl: number;
  readonly size: number;

  constructor(tokenLists: string[][], private readonly k1 = 1.2, private readonly b = 0.75) {
    this.size = tokenLists.length;
    this.docLen = new Float32Array(tokenLists.length);
    const tmp = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    tokenLists.forEach((tokens, doc) => {
      this.docLen[doc] = tokens.length;
      total += tokens.length;
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let p = tmp.get(t);
        if (!p) tmp.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(doc);
        p.tfs.push(n);
      }
    });
    for (const [t, p] of tmp) this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Float32Array.from(p.tfs) });
    this.avgdl = total / Math.max(1, tokenLists.length);
  }

  /** Inverse document frequency of a term (BM25+ style, never negative). */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Number of documents containing the term. */
  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /**
   * Score every document matching weighted query terms (one pass over the
   * postings). The scores live with the result, so concurrent queries never share them.
   */
  score(terms: Map<string, number>): Bm25Scores {
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    for (const [term, qw] of terms) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term) * qw;
      const { docs, tfs } = p;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i]!;
        const tf = tfs[i]!;
        if (scores[d] === 0) touched.push(d);
        scores[d]! += (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * this.docLen[d]!) / this.avgdl));
      }
    }
    return { top: (k, filter) => topK(touched, (d) => scores[d]!, k, filter) };
  }

  /** Top `k` documents for weighted query terms. */
  search(terms: Map<string, number>, k: number, filter?: (doc: number) => boolean): Scored[] {
    return this.score(terms).top(k, filter);
  }
}
