/**
 * The vector index as retrieval, the bench and the build see it: nearest
 * passages to a vector, and the stored vector of a passage, addressed by passage
 * position (the index into `LoadedIndex.passages`). Which library holds the
 * graph (today hnswlib-node under LangChain's HNSWLib, see hnsw-store.ts) and
 * how it labels its points stays behind this interface, so a shared store can
 * replace it without touching retrieval.
 */

/** One neighbour: a passage position and its cosine similarity to the query. */
export interface VectorHit {
  position: number;
  similarity: number;
}

/** How to search. */
export interface NearestOptions {
  /**
   * Only positions with a 1 here are returned (a region's passages). One byte a
   * position, so the test per visited node is one array read.
   */
  allowed?: Uint8Array;
  /**
   * "narrow" trades recall for speed: for candidate lists that only add to a
   * fused ranking (a region's own list). Default "full".
   */
  beam?: "full" | "narrow";
}

/** Read-only vector search over the loaded passages. */
export interface VectorIndex {
  /** Length of every stored vector. */
  readonly dimensions: number;
  /** Passages that have a vector. */
  readonly size: number;
  /** Points left deleted by in-place updates (they cost search effort until the next rebuild). */
  readonly deleted: number;
  /** Graph parameters the index runs with (build-time M/efConstruction, query-time efSearch). */
  readonly params: { M: number; efConstruction: number; efSearch: number };
  /** Up to k passages nearest to `vector` (approximate), most similar first. */
  nearest(vector: number[], k: number, options?: NearestOptions): Promise<VectorHit[]>;
  /** The exact stored vector of a passage, or null when it has none. */
  vectorOf(position: number): number[] | null;
}
