/**
 * Optional LLM answer writer: any OpenAI-compatible chat model (DeepSeek,
 * Qwen/DashScope, Ollama, vLLM …) through LangChain. The prompt lives in
 * prompts/answer.md. Output is validated; on a violation, timeout or API error
 * the caller keeps the extractive answer.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { ChatOpenAI } from "@langchain/openai";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Hit } from "../search/types.js";
import { citationOf } from "./citation.js";
import type { Answer, Citation } from "./types.js";
import { citationNumbers, validateAnswer } from "./validate.js";

/** Writes answers with a chat model, or returns null to fall back. */
export interface LlmComposer {
  compose(question: string, hits: Hit[]): Promise<Omit<Answer, "suggestions"> | null>;
}

/** Split a prompt file into its `## system` / `## human` sections. */
export function parsePromptFile(text: string): { system: string; human: string } {
  const part = (name: string) => new RegExp(`^##\\s*${name}\\s*$([\\s\\S]*?)(?=^##\\s|(?![\\s\\S]))`, "m").exec(text)?.[1]?.trim() ?? "";
  const system = part("system");
  const human = part("human");
  if (!system || !human || !human.includes("{context}") || !human.includes("{question}")) {
    throw new Error("prompts/answer.md needs '## system' and '## human' sections with {context} and {question}");
  }
  return { system, human };
}

/** Render hits as the numbered context block. */
export function renderContext(hits: Hit[]): string {
  return hits.map((h, i) => `[${i + 1}] 《${h.passage.title}》· ${h.passage.section}\n${h.passage.text}`).join("\n\n");
}

/** Create the LLM composer from config (loads the prompt once). */
export async function createLlmComposer(llm: NonNullable<Config["llm"]>, promptsDir: string, log: Logger): Promise<LlmComposer> {
  const { system, human } = parsePromptFile(await readFile(path.join(promptsDir, "answer.md"), "utf8"));
  // braces in the prompt text other than our variables must not be read as placeholders
  const prompt = ChatPromptTemplate.fromMessages([
    ["system", system.replace(/\{(?!context\}|question\})/g, "{{").replace(/(?<!\{context|\{question)\}/g, "}}")],
    ["human", human],
  ]);
  const model = new ChatOpenAI({
    model: llm.model,
    apiKey: llm.apiKey ?? "not-needed",
    configuration: { baseURL: llm.baseUrl },
    temperature: 0,
    maxRetries: 0,
    timeout: llm.timeoutMs,
  });
  const chain = prompt.pipe(model);
  return {
    async compose(question, hits) {
      if (hits.length === 0) return null;
      const started = Date.now();
      try {
        const message = await chain.invoke({ context: renderContext(hits), question }, { signal: AbortSignal.timeout(llm.timeoutMs) });
        const text = (typeof message.content === "string" ? message.content : message.content.map((c) => ("text" in c ? String(c.text) : "")).join("")).trim();
        const passages = new Map(hits.map((h, i) => [i + 1, h.passage.text]));
        const problem = validateAnswer(text, passages);
        if (problem) {
          log.warn({ problem, ms: Date.now() - started }, "LLM answer rejected, using the extractive answer");
          return null;
        }
        // renumber citations in order of first use
        const order = [...new Set(citationNumbers(text))];
        const renumbered = text.replace(/\[(\d+)\]/g, (_, n: string) => `[${order.indexOf(Number(n)) + 1}]`);
        const citations: Citation[] = order.map((n, i) => citationOf(hits[n - 1]!.passage, i + 1));
        return { text: renumbered, citations, refused: false, mode: "llm" };
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.message : String(error), ms: Date.now() - started }, "LLM call failed, using the extractive answer");
        return null;
      }
    },
  };
}
