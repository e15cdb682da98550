/**
 * The offline default embedder: TF-IDF-weighted word and character-bigram
 * features hashed into a fixed-size dense vector (signed feature hashing),
 * L2-normalised so cosine distance works. IDF weights are learned at index time.
 */
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { tokenize } from "../text/tokenize.js";

/** Document frequencies learned from the corpus. */
export interface IdfTable {
  /** Number of passages the table was fitted on. */
  docs: number;
  /** token → number of passages containing it. */
  df: Record<string, number>;
}

/** Counts document frequencies report by report, so token lists need not stay in memory. */
export function createIdfAccumulator(): { add(tokenLists: string[][]): void; readonly docs: number; table(): IdfTable } {
  const df: Record<string, number> = Object.create(null);
  let docs = 0;
  return {
    add(tokenLists) {
      for (const tokens of tokenLists) for (const t of new Set(tokens)) df[t] = (df[t] ?? 0) + 1;
      docs += tokenLists.length;
    },
    get docs() {
      return docs;
    },
    table: () => ({ docs, df }),
  };
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Options of the hashing embedder. */
export interface HashingEmbeddingsParams extends EmbeddingsParams {
  dimensions?: number;
  idf: IdfTable;
}

/** LangChain `Embeddings` that needs no model, no network and no GPU. */
export class HashingEmbeddings extends Embeddings {
  readonly dimensions: number;
  private readonly idf: IdfTable;
  private readonly idfCache = new Map<string, number>();

  constructor(params: HashingEmbeddingsParams) {
    super(params);
    this.dimensions = params.dimensions ?? 512;
    this.idf = params.idf;
  }

  /** Smoothed IDF; unseen tokens get the highest weight. Words weigh more than bigrams. */
  weight(token: string): number {
    let w = this.idfCache.get(token);
    if (w === undefined) {
      const df = this.idf.df[token] ?? 0;
      w = Math.log(1 + (this.idf.docs + 1) / (df + 1)) * (token.startsWith("w:") ? 1.0 : 0.6);
      if (this.idfCache.size > 200_000) this.idfCache.clear(); // queries bring endless new tokens
      this.idfCache.set(token, w);
    }
    return w;
  }

  /** Embed already-tokenized text (the index reuses the tokens it stores). */
  embedTokens(tokens: string[]): number[] {
    const v = new Float64Array(this.dimensions);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      const h = fnv1a(t);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dimensions]! += sign * (1 + Math.log(n)) * this.weight(t);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedTokens(tokenize(t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedTokens(tokenize(text));
  }
}
