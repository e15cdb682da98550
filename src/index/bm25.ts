/** BM25 over the same tokens the embedder uses. Built in memory from stored tokens. */

/** A scored document position. */
export interface Scored {
  doc: number;
  score: number;
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

  /** Top `k` documents for weighted query terms. */
  search(terms: Map<string, number>, k: number, filter?: (doc: number) => boolean): Scored[] {
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    for (const [term, qw] of terms) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term) * qw;
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i]!;
        const tf = p.tfs[i]!;
        const s = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * this.docLen[d]!) / this.avgdl));
        if (scores[d] === 0) touched.push(d);
        scores[d]! += s;
      }
    }
    const out: Scored[] = [];
    for (const d of touched) if (!filter || filter(d)) out.push({ doc: d, score: scores[d]! });
    out.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return out.slice(0, k);
  }
}
