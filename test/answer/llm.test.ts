/**
 * The optional LLM path against a small OpenAI-compatible server on loopback:
 * good answers are used, a bad citation / invented number / timeout / API error
 * falls back to the extractive answer.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/assistant/assistant.js";
import type { Assistant } from "../../src/assistant/types.js";
import { parsePromptFile } from "../../src/answer/llm.js";
import { validateAnswer } from "../../src/answer/validate.js";
import { createTempProject } from "../helpers/temp-project.js";

type Script = { reply?: string; status?: number; delayMs?: number };
let next: Script = {};
const requests: { messages: { role: string; content: string }[]; model: string }[] = [];

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    const parsed = JSON.parse(body || "{}") as (typeof requests)[number];
    requests.push(parsed);
    const { reply = "", status = 200, delayMs = 0 } = next;
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      if (status !== 200) {
        res.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
        return;
      }
      res.end(
        JSON.stringify({
          id: "chatcmpl-test",
          object: "chat.completion",
          created: 0,
          model: parsed.model,
          choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    }, delayMs);
  });
});

let assistant: Assistant;
let cleanup: () => void;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const p = createTempProject({ LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_MODEL: "test-model", LLM_TIMEOUT_MS: "800" });
  cleanup = p.cleanup;
  assistant = await createAssistant(p.config);
});
afterAll(async () => {
  cleanup();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("LLM composer", () => {
  it("sends the prompt from prompts/answer.md with numbered passages and uses a valid reply", async () => {
    next = { reply: "碧江区城市社区共配备专兼职网格员2468人[1]。" };
    const a = await assistant.ask("碧江网格员有多少人");
    expect(a.mode).toBe("llm");
    expect(a.text).toContain("2468人[1]");
    expect(a.citations[0]!.quote).toContain("2468");
    const sent = requests.at(-1)!;
    expect(sent.model).toBe("test-model");
    expect(sent.messages[0]!.content).toContain("只能依据下面编号的资料作答");
    expect(sent.messages[1]!.content).toMatch(/\[1\] 《/);
  });

  it("falls back when the reply cites a passage that does not exist", async () => {
    next = { reply: "网格员有2468人[9]。" };
    const a = await assistant.ask("碧江网格员有多少人");
    expect(a.mode).not.toBe("llm");
    expect(a.text).toContain("2468");
  });

  it("falls back when the reply invents a number", async () => {
    next = { reply: "思南县共有网格员5000人[1]。" };
    const a = await assistant.ask("碧江网格员有多少人");
    expect(a.mode).not.toBe("llm");
    expect(a.text).not.toContain("5000");
  });

  it("falls back on a timeout and on an API error", async () => {
    next = { reply: "2468人[1]", delayMs: 3000 };
    const slow = await assistant.ask("碧江网格员有多少人");
    expect(slow.mode).not.toBe("llm");
    expect(slow.text).toContain("2468");
    next = { status: 500 };
    const broken = await assistant.ask("碧江网格员有多少人");
    expect(broken.mode).not.toBe("llm");
    expect(broken.refused).toBe(false);
  });

  it("is not consulted for refusals", async () => {
    const before = requests.length;
    const a = await assistant.ask("今天铜仁天气怎么样");
    expect(a.refused).toBe(true);
    expect(requests.length).toBe(before);
  });
});

describe("validation and prompt parsing", () => {
  it("checks citations and numbers", () => {
    const passages = new Map([[1, "共配备网格长591人、专兼职网格员2468人。"]]);
    expect(validateAnswer("网格员2468人[1]", passages)).toBeNull();
    expect(validateAnswer("网格员2468人", passages)).toMatch(/no citations/);
    expect(validateAnswer("网格员2468人[2]", passages)).toMatch(/\[2\]/);
    expect(validateAnswer("网格员2500人[1]", passages)).toMatch(/2500/);
    // a number inside a longer one is not the same number; full-width digits are digits
    expect(validateAnswer("网格员24人[1]", passages)).toMatch(/24/);
    expect(validateAnswer("网格员２４６８人[1]", passages)).toBeNull();
    expect(validateAnswer("网格员２５００人[1]", passages)).toMatch(/2500/);
    // a figure in Chinese numerals must be in the passage too
    expect(validateAnswer("网格员两千人[1]", passages)).toMatch(/两千/);
    // each sentence is checked against its own citation
    const two = new Map([
      [1, "网格长591人。"],
      [2, "平均报酬4116元/月。"],
    ]);
    expect(validateAnswer("网格长591人[1]。报酬4116元/月[2]。", two)).toBeNull();
    expect(validateAnswer("网格长4116人[1]。报酬591元/月[2]。", two)).toMatch(/4116/);
  });

  it("requires both sections and both variables", () => {
    expect(() => parsePromptFile("## system\nx\n## human\n{question}")).toThrow();
    expect(parsePromptFile("## system\nrules\n## human\n{context}\n{question}").system).toBe("rules");
  });
});
