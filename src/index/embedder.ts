/**
 * Choose the embedder: the offline hashing embedder by default, an
 * OpenAI-compatible `/v1/embeddings` server when EMBEDDINGS_BASE_URL is set.
 */
import type { Embeddings } from "@langchain/core/embeddings";
import type { Config } from "../config.js";
import { HashingEmbeddings, type IdfTable } from "./hashing-embeddings.js";

/** Dimensions of the hashing embedder. */
export const HASHING_DIMENSIONS = 512;

/** The embedder plus what identifies its vectors (a cache key). */
export interface EmbedderChoice {
  kind: "hashing" | "openai";
  embeddings: Embeddings;
  /** Vectors computed under the same key are interchangeable. */
  key: string;
}

/**
 * Build the configured embedder. The hashing one needs the corpus IDF table.
 * @langchain/openai is loaded only when a remote embedder is configured (it costs ~1 s at start-up).
 */
export async function createEmbedder(config: Pick<Config, "embeddings">, idf: IdfTable, idfVersion: string): Promise<EmbedderChoice> {
  if (config.embeddings) {
    const e = config.embeddings;
    const { OpenAIEmbeddings } = await import("@langchain/openai");
    return {
      kind: "openai",
      key: `openai-${e.model.replace(/[^\w.-]+/g, "_")}`,
      embeddings: new OpenAIEmbeddings({
        model: e.model,
        apiKey: e.apiKey ?? "not-needed",
        configuration: { baseURL: e.baseUrl },
        maxRetries: 1,
        batchSize: 64,
        // Ask for plain floats: without it the openai SDK (6) asks for base64 and decodes the reply
        // as base64 even when a server ignores the parameter and sends numbers (several do).
        encodingFormat: "float",
      }),
    };
  }
  return {
    kind: "hashing",
    key: `hash${HASHING_DIMENSIONS}-${idfVersion}`,
    embeddings: new HashingEmbeddings({ dimensions: HASHING_DIMENSIONS, idf }),
  };
}
