/**
 * The one adapter between Jiceng and its vector library: hnswlib-node's HNSW
 * graph, saved and loaded through LangChain's HNSWLib store (folder `hnsw/`:
 * hnswlib.index, docstore.json, args.json). Every use of hnswlib and of
 * HNSWLib's internals (its docstore map, graph labels, efSearch) lives here,
 * with the graph parameters. The rest of the code sees a `VectorIndex`
 * (retrieval, bench) or a `GraphUpdate` (the build's in-place update).
 *
 * Labels: HNSWLib keys its docstore by graph label; each document carries
 * only its passage's citation id (`metadata.id`), the passage itself lives in
 * reports/*.json. Loading maps labels to passage positions once.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import type { Embeddings } from "@langchain/core/embeddings";
import type { VectorStore } from "@langchain/core/vectorstores";
import hnswlib from "hnswlib-node";
import { carryFile } from "./cache-files.js";
import type { NearestOptions, VectorHit, VectorIndex } from "./vector-index.js";

/**
 * HNSW graph parameters (tuned with `jiceng bench`): M 16 and efConstruction 100
 * build 43k passages in 16 s; efSearch 800 gives recall@10 ≈ 0.99 there for
 * queries moved towards their BM25 feedback passages.
 */
export const HNSW_PARAMS = { M: 16, efConstruction: 100, efSearch: 800 };

/**
 * efSearch of a masked search inside a wide region (synchronous, restored right
 * after): the region list only adds candidates to the fused ranking, so a
 * narrower beam is enough and keeps a masked search (which has to walk past
 * every node outside the region) fast.
 */
export const REGION_EF_SEARCH = 160;

/** Seed of the graph's level generator: the same vectors give the same graph (reproducible bench and tests). */
const HNSW_RANDOM_SEED = 42;

/** Files HNSWLib writes into a store folder. */
const STORE_FILES = ["hnswlib.index", "docstore.json", "args.json"] as const;

/** Documents keyed by graph label, as HNSWLib's in-memory docstore keeps them. */
type DocsByLabel = Map<string, Document>;

/** HNSWLib's docstore map (a public field of its docstore, not part of the VectorStore interface). */
function docsOf(store: HNSWLib): DocsByLabel {
  return store.docstore._docs;
}

function documentOf(id: string): Document {
  return new Document({ pageContent: id, metadata: { id } });
}

/** True when `dir` holds a saved graph. */
export function hasSavedGraph(dir: string): boolean {
  return existsSync(path.join(dir, "hnswlib.index"));
}

/** Hard-link (or copy) a saved graph unchanged into another index folder. */
export async function carryGraph(fromDir: string, toDir: string): Promise<void> {
  for (const f of STORE_FILES) await carryFile(path.join(fromDir, f), path.join(toDir, f));
}

/**
 * Build a graph over `vectors` (the i-th belongs to passage `ids[i]`) and save it
 * into `dir`. Points go in directly: HNSWLib.addVectors would re-initialise an
 * empty index with its own defaults (M 16, efConstruction 200), silently
 * dropping HNSW_PARAMS and tripling the build time.
 */
export async function buildGraph(vectors: number[][], ids: string[], embeddings: Embeddings, dims: number, dir: string): Promise<void> {
  const index = new hnswlib.HierarchicalNSW("cosine", dims);
  index.initIndex(Math.max(1, vectors.length), HNSW_PARAMS.M, HNSW_PARAMS.efConstruction, HNSW_RANDOM_SEED);
  const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: dims, index });
  const docs: Record<number, Document> = {};
  vectors.forEach((v, label) => {
    index.addPoint(v, label);
    docs[label] = documentOf(ids[label]!);
  });
  store.docstore.add(docs);
  await store.save(dir);
}

/** A saved graph opened for an in-place update (build only). */
export interface GraphUpdate {
  /** Points in the graph, deleted ones included. */
  readonly nodes: number;
  /** Points not deleted. */
  readonly live: number;
  /** Mark deleted every point whose passage id matches; returns how many. */
  markDeleted(isStale: (passageId: string) => boolean): number;
  /** Add new points (the i-th vector belongs to passage `ids[i]`). */
  add(vectors: number[][], ids: string[]): Promise<void>;
  /** Save the updated graph into `dir` (never over the folder it was opened from). */
  save(dir: string): Promise<void>;
}

/** Open the graph saved in `dir` for an in-place update. */
export async function openGraphForUpdate(dir: string, embeddings: Embeddings): Promise<GraphUpdate> {
  const store = await HNSWLib.load(dir, embeddings);
  const docs = docsOf(store);
  return {
    get nodes() {
      return store.index.getCurrentCount();
    },
    get live() {
      return docs.size;
    },
    markDeleted(isStale) {
      let n = 0;
      for (const [label, doc] of docs) {
        if (!isStale(String(doc.metadata.id))) continue;
        store.index.markDelete(Number(label));
        docs.delete(label);
        n++;
      }
      return n;
    },
    async add(vectors, ids) {
      if (vectors.length > 0) await store.addVectors(vectors, ids.map(documentOf));
    },
    save: (to) => store.save(to),
  };
}

/** A loaded graph: our search interface, and the same store as a LangChain VectorStore. */
export interface LoadedGraph {
  vectors: VectorIndex;
  /** Text in, Documents (`metadata.id` = passage id) out: for LangChain tooling, not used by retrieval. */
  store: VectorStore;
}

/**
 * Load the graph saved in `dir` for searching. `position` maps passage ids to
 * positions; `passages` is how many there are. efSearch is a query-time
 * setting: the current code's value applies, whatever the build used.
 */
export async function loadGraph(dir: string, embeddings: Embeddings, position: ReadonlyMap<string, number>, passages: number): Promise<LoadedGraph> {
  const store = await HNSWLib.load(dir, embeddings);
  const hnsw = store.index;
  hnsw.setEf(HNSW_PARAMS.efSearch);
  const labelAt = new Int32Array(passages).fill(-1);
  const positionAt = new Int32Array(hnsw.getMaxElements()).fill(-1);
  let size = 0;
  for (const [label, doc] of docsOf(store)) {
    const pos = position.get(String(doc.metadata.id));
    if (pos === undefined) continue;
    labelAt[pos] = Number(label);
    positionAt[Number(label)] = pos;
    size++;
  }
  const live = docsOf(store).size;
  const dimensions = hnsw.getNumDimensions();

  function hitsOf(result: { neighbors: number[]; distances: number[] }): VectorHit[] {
    const out: VectorHit[] = [];
    result.neighbors.forEach((label, i) => {
      const pos = positionAt[label] ?? -1;
      if (pos >= 0) out.push({ position: pos, similarity: 1 - result.distances[i]! });
    });
    return out;
  }

  const vectors: VectorIndex = {
    dimensions,
    size,
    deleted: hnsw.getCurrentCount() - live,
    params: HNSW_PARAMS,
    async nearest(vector: number[], k: number, options: NearestOptions = {}): Promise<VectorHit[]> {
      const n = Math.min(k, hnsw.getCurrentCount());
      if (n <= 0) return [];
      const allowed = options.allowed;
      const filter = allowed
        ? (label: number) => {
            const pos = positionAt[label] ?? -1;
            return pos >= 0 && allowed[pos] === 1;
          }
        : undefined;
      if (options.beam !== "narrow") return hitsOf(hnsw.searchKnn(vector, n, filter));
      hnsw.setEf(REGION_EF_SEARCH);
      try {
        return hitsOf(hnsw.searchKnn(vector, n, filter));
      } finally {
        hnsw.setEf(HNSW_PARAMS.efSearch);
      }
    },
    vectorOf(pos: number): number[] | null {
      const label = labelAt[pos] ?? -1;
      return label >= 0 ? hnsw.getPoint(label) : null;
    },
  };
  return { vectors, store };
}
