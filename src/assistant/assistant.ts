/**
 * The composition root of the core: loads (or builds) the index, creates the
 * retriever and answer writers, and exposes the channel-free Assistant.
 */
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LlmComposer } from "../answer/llm.js";
import type { Answer } from "../answer/types.js";
import type { Config } from "../config.js";
import { parseReport } from "../corpus/parse.js";
import { decodeReport, hashBytes, isReportFile } from "../corpus/read.js";
import { ReindexBusyError, ReportReadError } from "../errors.js";
import { reindex as buildIndex, type ReindexProgress } from "../index/build.js";
import { ensureIndex, loadIndex } from "../index/load.js";
import { silentLogger, type Logger } from "../logger.js";
import { loadLexicon } from "../search/lexicon.js";
import { stripRegionNames } from "../search/query.js";
import { normalizeText } from "../text/normalize.js";
import { preloadGeneralIdf } from "../text/general-idf.js";
import { hasContent } from "../text/tokenize.js";
import { findExamples } from "./examples.js";
import { ConversationMemory, resolveFollowUp } from "./memory.js";
import { messages } from "./messages.js";
import { answerQuestion } from "./pipeline.js";
import { createSnapshot, type Snapshot } from "./snapshot.js";
import { lookupStats } from "./stats.js";
import type { AddReportResult, Assistant, AskContext, SourceInfo } from "./types.js";

/** Optional collaborators (tests inject a logger; the LLM composer is built from config). */
export interface AssistantDeps {
  logger?: Logger;
}

/** Build the assistant over `config` (builds the index first when missing). */
export async function createAssistant(config: Config, deps: AssistantDeps = {}): Promise<Assistant> {
  const log = deps.logger ?? silentLogger;
  void preloadGeneralIdf();
  const lexicon = await loadLexicon(config.lexiconDir);
  // requests keep the snapshot they started with; a reindex swaps in a new one
  let state: Snapshot = createSnapshot(await ensureIndex(config, log), lexicon);
  const memory = new ConversationMemory();
  // the LLM stack is loaded only when configured: the offline path never pays for it
  const llm: LlmComposer | null = config.llm
    ? await (await import("../answer/llm.js")).createLlmComposer(config.llm, config.promptsDir, log)
    : null;
  let reindexing: Promise<unknown> | null = null;

  function refusal(s: Snapshot, text: string): Answer {
    return { text, citations: [], refused: true, mode: "refusal", suggestions: s.suggestions([]) };
  }

  async function answer(question: string, context: AskContext): Promise<Answer> {
    const s = state;
    const r = s.retriever;
    const trimmed = question.trim();
    if (!trimmed) return refusal(s, messages.emptyQuestion);
    if (!hasContent(trimmed)) return refusal(s, messages.noContentQuestion);
    const chatId = context.chatId;
    const last = chatId ? memory.get(chatId) : undefined;
    const resolved = resolveFollowUp(
      trimmed,
      last,
      (t) => r.parse(t).regions.map((slug) => r.regions.display.get(slug) ?? slug),
      (t) => stripRegionNames(normalizeText(t), r.regions, { gap: "" }),
    );
    const result = await answerQuestion(resolved, s, llm);
    if (chatId && !result.refused) {
      memory.set(chatId, { question: resolved.question, regions: r.parse(resolved.question).regions, cited: result.citations.map((c) => c.id), at: Date.now() });
    }
    return result;
  }

  /** Rebuild and swap in the new index (callers hold the reindex slot). */
  async function rebuild(options: { full?: boolean; onProgress?: (p: ReindexProgress) => void } = {}) {
    const summary = await buildIndex(config, { full: options.full, logger: log, onProgress: options.onProgress });
    const freshLexicon = await loadLexicon(config.lexiconDir);
    state = createSnapshot(await loadIndex(config), freshLexicon);
    return summary;
  }

  /** Validate and save an uploaded report, then reindex; the folder is restored if indexing fails. */
  async function addReportNow(fileName: string, bytes: Uint8Array, onProgress?: (p: ReindexProgress) => void): Promise<AddReportResult> {
    const base = path.basename(String(fileName ?? "")).replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim();
    if (!base || base.startsWith(".") || !isReportFile(base)) {
      throw new ReportReadError(base || "?", "bad file name", messages.badFileName);
    }
    const decoded = await decodeReport(bytes, base); // a Chinese message for too large, empty, binary or undecodable
    const hash = hashBytes(bytes);
    const dup = state.retriever.index.reports.find((rep) => rep.hash === hash);
    if (dup) return { file: base, duplicateOf: dup.file, articles: [], places: [] };
    const parsed = parseReport(decoded.text, path.basename(base, path.extname(base)), state.retriever.index.gazetteer);
    if (parsed.articles.length === 0) throw new ReportReadError(base, "no articles", "文件里没有可索引的正文。");
    const target = path.join(config.reportsDir, base);
    const backup = existsSync(target) ? await readFile(target) : null;
    const tmp = `${target}.uploading`;
    await writeFile(tmp, bytes);
    await rename(tmp, target);
    try {
      const summary = await rebuild({ onProgress });
      const articles = parsed.articles.map((a) => ({ title: a.title, region: a.region?.name ?? null }));
      return { file: base, summary, articles, places: [...new Set(articles.flatMap((a) => (a.region ? [a.region] : [])))] };
    } catch (error) {
      // leave the reports folder as it was; the old index keeps serving
      if (backup) await writeFile(target, backup);
      else await rm(target, { force: true });
      throw error;
    }
  }

  /** Run a job that changes the reports or the index, one at a time; a second one is refused. */
  async function exclusive<T>(job: () => Promise<T>): Promise<T> {
    if (reindexing) throw new ReindexBusyError("a reindex or report upload is already running in this process");
    const running = job();
    reindexing = running;
    try {
      return await running;
    } finally {
      reindexing = null;
    }
  }

  const assistant: Assistant = {
    async ask(question, context = {}) {
      const started = performance.now();
      const a = await answer(String(question ?? ""), context);
      return { ...a, ms: Math.round((performance.now() - started) * 10) / 10 };
    },

    async search(query, k = 5) {
      const q = String(query ?? "").trim();
      if (!hasContent(q)) return [];
      return state.retriever.search(q, k);
    },

    stats: (query) => lookupStats(state, query),

    examples: (topic, limit = 5) => findExamples(state, topic, limit),

    sources(): SourceInfo[] {
      const idx = state.retriever.index;
      const perArticle = new Map<string, number>();
      for (const p of idx.passages) perArticle.set(p.articleId, (perArticle.get(p.articleId) ?? 0) + 1);
      const byId = new Map(idx.articles.map((a) => [a.id, a]));
      return idx.reports.map((rep) => ({
        file: rep.file,
        title: rep.title,
        encoding: rep.encoding,
        passages: rep.passages,
        facts: rep.facts,
        articles: rep.articleIds.map((id) => {
          const a = byId.get(id);
          return { id, title: a?.title ?? id, region: a?.region?.name ?? null, passages: perArticle.get(id) ?? 0 };
        }),
      }));
    },

    source(id) {
      return state.passage(String(id ?? "").trim().toLowerCase());
    },

    reindex: (options) => exclusive(() => rebuild(options)),

    addReport(fileName, bytes, onProgress) {
      // the whole upload holds the reindex slot: no other reindex may list a half-added file
      return exclusive(() => addReportNow(fileName, bytes, onProgress));
    },

    info() {
      const idx = state.retriever.index;
      return {
        reports: idx.reports.length,
        articles: idx.articles.length,
        passages: idx.passages.length,
        facts: idx.facts.length,
        regions: [...state.retriever.regions.display.values()],
        samples: state.samples(),
      };
    },
  };
  return assistant;
}
