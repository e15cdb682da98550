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
      for (let i = heap.length - 1; i > 0;) {
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

/** Collects documents' tokens into postings; `finish` freezes them into typed arrays. */
export class Bm25Builder {
  /** term → [doc, tf, doc, tf, …]; `last` is the last document that used the term. */
  private readonly tmp = new Map<string, { last: number; pairs: number[] }>();
  private readonly lengths: number[] = [];
  private total = 0;

  /** Add the next document (its position is the number added before it). */
  add(tokens: readonly string[]): void {
    const doc = this.lengths.length;
    this.lengths.push(tokens.length);
    this.total += tokens.length;
    for (const t of tokens) {
      let p = this.tmp.get(t);
      if (!p) this.tmp.set(t, (p = { last: -1, pairs: [] }));
      if (p.last === doc) p.pairs[p.pairs.length - 1]!++;
      else {
        p.last = doc;
        p.pairs.push(doc, 1);
      }
    }
  }

  finish(): { size: number; docLen: Float32Array; postings: Map<string, { docs: Int32Array; tfs: Float32Array }>; avgdl: number } {
    const postings = new Map<string, { docs: Int32Array; tfs: Float32Array }>();
    for (const [t, { pairs }] of this.tmp) {
      const docs = new Int32Array(pairs.length / 2);
      const tfs = new Float32Array(pairs.length / 2);
      for (let i = 0; i < docs.length; i++) {
        docs[i] = pairs[2 * i]!;
        tfs[i] = pairs[2 * i + 1]!;
      }
      postings.set(t, { docs, tfs });
    }
    this.tmp.clear();
    const size = this.lengths.length;
    return { size, docLen: Float32Array.from(this.lengths), postings, avgdl: this.total / Math.max(1, size) };
  }
}

/** Okapi BM25 (k1 = 1.2, b = 0.75) with an inverted index. */
export class Bm25Index {
  private readonly postings: Map<string, { docs: Int32Array; tfs: Float32Array }>;
  private readonly docLen: Float32Array;
  private readonly avgdl: number;
  private readonly k1: number;
  private readonly b: number;
  readonly size: number;

  private constructor(built: ReturnType<Bm25Builder["finish"]>, k1: number, b: number) {
    this.k1 = k1;
    this.b = b;
    this.size = built.size;
    this.docLen = built.docLen;
    this.postings = built.postings;
    this.avgdl = built.avgdl;
  }

  /** Build from documents fed one at a time (token lists can be dropped as they go). */
  static fromBuilder(builder: Bm25Builder, k1 = 1.2, b = 0.75): Bm25Index {
    return new Bm25Index(builder.finish(), k1, b);
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

  /** Every indexed term with its document frequency (e.g. to build a vocabulary of the corpus's words). */
  *terms(): IterableIterator<[string, number]> {
    for (const [term, posting] of this.postings) yield [term, posting.docs.length];
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
