/** EMBEDDINGS_BASE_URL selects an OpenAI-compatible /v1/embeddings server (here one on loopback). */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/assistant/assistant.js";
import { reindex } from "../../src/index/build.js";
import { loadIndex } from "../../src/index/load.js";
import { createTempProject } from "../helpers/temp-project.js";

const DIMS = 64;
let calls = 0;
let texts = 0;

/** A small deterministic "model": character-bigram counts hashed into 64 dims. */
function embed(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  const cs = Array.from(text);
  for (let i = 0; i + 1 < cs.length; i++) {
    let h = 7;
    for (const ch of cs[i]! + cs[i + 1]!) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
    v[h % DIMS]! += 1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    if (req.url !== "/v1/embeddings") {
      res.writeHead(404).end();
      return;
    }
    calls++;
    const { input, model } = JSON.parse(body) as { input: string[] | string; model: string };
    const inputs = Array.isArray(input) ? input : [input];
    texts += inputs.length;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        object: "list",
        model,
        data: inputs.map((t, index) => ({ object: "embedding", index, embedding: embed(t) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      }),
    );
  });
});

let project: ReturnType<typeof createTempProject>;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  project = createTempProject({ EMBEDDINGS_BASE_URL: `http://127.0.0.1:${port}/v1`, EMBEDDINGS_MODEL: "bge-test" });
});
afterAll(async () => {
  project.cleanup();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("OpenAI-compatible embeddings", () => {
  it("embeds passages through the server, stores them in HNSWLib and reuses them when nothing changed", async () => {
    const first = await reindex(project.config);
    expect(first.embedded).toBe(first.passages);
    expect(texts).toBeGreaterThanOrEqual(first.passages);
    const index = await loadIndex(project.config);
    expect(index.manifest.embedder).toMatchObject({ kind: "openai", key: "openai-bge-test", dimensions: DIMS });
    const before = calls;
    const second = await reindex(project.config);
    expect(second.embedded).toBe(0);
    expect(calls).toBe(before);
  });

  it("answers questions with the remote embedder in the hybrid search", async () => {
    const assistant = await createAssistant(project.config);
    const hits = await assistant.search("蓝色港湾小区安防怎么升级", 5);
    expect(hits.some((h) => h.passage.text.includes("高清监控"))).toBe(true);
    expect((await assistant.ask("网格员有多少人")).text).toContain("2468");
  });
});
