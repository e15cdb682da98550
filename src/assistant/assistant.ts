/**
 * The composition root of the core: loads (or builds) the index, creates the
 * retriever and answer writers, and exposes the channel-free Assistant.
 */
import { existsSync } from "node:fs";
import { copyFile, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LlmComposer } from "../answer/llm.js";
import type { Answer } from "../answer/types.js";
import type { Config } from "../config.js";
import { hashBytes, MAX_REPORT_BYTES } from "../corpus/read.js";
import { JicengError, ReindexBusyError, ReportReadError } from "../errors.js";
import { reindexInChild } from "../index/reindex-process.js";
import { cleanReportName, PendingReplacements, REPLACE_CONFIRM_TTL_MS } from "./report-upload.js";
import { reindex as buildIndex, type ReindexProgress } from "../index/build.js";
import { ensureIndex, loadIndex } from "../index/load.js";
import { silentLogger, type Logger } from "../logger.js";
import { loadLexicon } from "../search/lexicon.js";
import { preloadGeneralIdf } from "../text/general-idf.js";
import { hasContent } from "../text/tokenize.js";
import { createMemoryConversationStore, type ConversationStore } from "../fleet/conversation-store.js";
import type { ReindexCoordinator } from "../fleet/reindex-coordinator.js";
import { findExamples } from "./examples.js";
import { FOLLOW_UP_TTL_MS, type Turn } from "./memory.js";
import { answerTurn } from "./turns.js";
import { messages } from "./messages.js";
import { createSnapshot, type Snapshot } from "./snapshot.js";
import { lookupStats } from "./stats.js";
import type { AddReportResult, Assistant, AskContext, RemoveReportResult, SourceInfo } from "./types.js";

/** Optional collaborators (tests inject a logger; the LLM composer is built from config). */
export interface AssistantDeps {
  logger?: Logger;
  /**
   * Run reindexes in this process instead of a child process. Only for
   * callers with nothing else to answer meanwhile; the default keeps parsing,
   * embedding and graph building off the event loop that answers questions.
   */
  reindexInProcess?: boolean;
  /** Where follow-up state lives (default: this process's memory; Redis in a fleet). */
  conversations?: ConversationStore;
  /** In a fleet: the reindex lock every instance shares and the "new index" signal. */
  reindex?: ReindexCoordinator;
}

/** Build the assistant over `config` (builds the index first when missing). */
export async function createAssistant(config: Config, deps: AssistantDeps = {}): Promise<Assistant> {
  const log = deps.logger ?? silentLogger;
  void preloadGeneralIdf();
  const lexicon = await loadLexicon(config.lexiconDir);
  // requests keep the snapshot they started with; a reindex swaps in a new one
  let state: Snapshot = createSnapshot(await ensureIndex(config, log), lexicon);
  const memory = deps.conversations ?? createMemoryConversationStore();
  // the LLM stack is loaded only when configured: the offline path never pays for it
  const llm: LlmComposer | null = config.llm ? await (await import("../answer/llm.js")).createLlmComposer(config.llm, config.promptsDir, log) : null;
  let reindexing: Promise<unknown> | null = null;
  const pendingReplacements = new PendingReplacements();

  function refusal(s: Snapshot, text: string): Answer {
    return { text, citations: [], refused: true, mode: "refusal", suggestions: s.suggestions([]) };
  }

  async function answer(question: string, context: AskContext): Promise<Answer & { resolvedQuestion?: string }> {
    const s = state;
    const trimmed = question.trim();
    if (!trimmed) return refusal(s, messages.emptyQuestion);
    if (!hasContent(trimmed)) return refusal(s, messages.noContentQuestion);
    const chatId = context.chatId;
    const last = chatId ? await memory.get<Turn>(chatId) : undefined;
    const { answer: result, next, resolvedQuestion } = await answerTurn(trimmed, last ?? undefined, s, llm);
    if (chatId && next) await memory.set(chatId, next, FOLLOW_UP_TTL_MS);
    // the channels record what a follow-up was read as (/feedback: 那思南呢（理解为：…）)
    return resolvedQuestion ? { ...result, resolvedQuestion } : result;
  }

  /** Rebuild and swap in the new index (callers hold the reindex slot). */
  async function rebuild(options: { full?: boolean; onProgress?: (p: ReindexProgress) => void } = {}) {
    // parsing, tokenising, embedding and the graph build run in a child process: this event loop keeps answering
    const summary = deps.reindexInProcess
      ? await buildIndex(config, { full: options.full, logger: log, onProgress: options.onProgress })
      : await reindexInChild(config, { full: options.full, onProgress: options.onProgress, logLevel: config.logLevel, secrets: config.secrets });
    await reload();
    return summary;
  }

  /** Load the index on disk and swap it in atomically; requests in flight finish on the old one. */
  async function reload(): Promise<void> {
    const freshLexicon = await loadLexicon(config.lexiconDir);
    state = createSnapshot(await loadIndex(config), freshLexicon);
  }
  // another instance of the fleet built a new index: load it, answering from the old one meanwhile
  deps.reindex?.onNewIndex(reload);

  /**
   * Check an upload (name, size, duplicate) without touching anything. A report
   * whose name is taken waits for confirmReplace: without it nothing changes.
   */
  async function addReportNow(fileName: string, bytes: Uint8Array, onProgress?: (p: ReindexProgress) => void): Promise<AddReportResult> {
    const base = cleanReportName(fileName);
    if (bytes.byteLength === 0) throw new ReportReadError(base, "empty file", "文件是空的。");
    if (bytes.byteLength > MAX_REPORT_BYTES) throw new ReportReadError(base, "too large", `文件超过 ${MAX_REPORT_BYTES / 1024 / 1024} MB 上限。`);
    const hash = hashBytes(bytes);
    const dup = state.retriever.index.reports.find((rep) => rep.hash === hash);
    if (dup) return { file: base, duplicateOf: dup.file, articles: [], places: [] };
    if (existsSync(path.join(config.reportsDir, base))) {
      const pending = pendingReplacements.add(base, bytes);
      return {
        file: base,
        articles: [],
        places: [],
        needsConfirmation: { token: pending.token, existing: base, expiresInMinutes: REPLACE_CONFIRM_TTL_MS / 60_000 },
      };
    }
    return saveAndIndex(base, bytes, onProgress);
  }

  /**
   * Save a report (the file it replaces kept as `<name>.bak-<ms>` until the new
   * index is live), reindex, and swap in. On failure the reports folder is put
   * back as it was and the old index keeps serving: a bad upload changes nothing.
   */
  async function saveAndIndex(base: string, bytes: Uint8Array, onProgress?: (p: ReindexProgress) => void): Promise<AddReportResult> {
    const target = path.join(config.reportsDir, base);
    const backup = existsSync(target) ? `${target}.bak-${Date.now()}` : null;
    if (backup) await copyFile(target, backup);
    const tmp = `${target}.uploading`;
    await writeFile(tmp, bytes);
    await rename(tmp, target);
    try {
      const summary = await rebuild({ onProgress });
      if (backup) await rm(backup, { force: true });
      const idx = state.retriever.index;
      const ids = new Set(idx.reports.find((r) => r.file === base)?.articleIds ?? []);
      const articles = idx.articles.filter((a) => ids.has(a.id)).map((a) => ({ title: a.title, region: a.region?.name ?? null }));
      const places = [...new Set(articles.flatMap((a) => (a.region ? [a.region] : [])))];
      return { file: base, summary, articles, places, ...(backup ? { replaced: true } : {}) };
    } catch (error) {
      // leave the reports folder as it was; the old index keeps serving
      if (backup) await rename(backup, target);
      else await rm(target, { force: true });
      throw error;
    }
  }

  /** Step one of /remove (no token): what would go; step two (the token from step one): delete and reindex. */
  async function removeReportNow(fileName: string, token: string | undefined, onProgress?: (p: ReindexProgress) => void): Promise<RemoveReportResult> {
    const base = path.basename(String(fileName ?? "").trim());
    const idx = state.retriever.index;
    const report = idx.reports.find((rep) => rep.file === base);
    if (!report) return { status: "unknown", file: base, known: idx.reports.map((rep) => rep.file) };
    if (token === undefined) {
      const byId = new Map(idx.articles.map((a) => [a.id, a]));
      const articles = report.articleIds.map((id) => ({ title: byId.get(id)?.title ?? id, region: byId.get(id)?.region?.name ?? null }));
      return { status: "confirm", file: base, token: report.hash, articles };
    }
    if (token !== report.hash) return { status: "stale", file: base };
    const target = path.join(config.reportsDir, base);
    const backup = await readFile(target);
    await rm(target, { force: true });
    try {
      return { status: "removed", file: base, summary: await rebuild({ onProgress }) };
    } catch (error) {
      await writeFile(target, backup);
      throw error;
    }
  }

  /** Run a job that changes the reports or the index, one at a time; a second one is refused. */
  async function exclusive<T>(job: () => Promise<T>): Promise<T> {
    if (reindexing) throw new ReindexBusyError("a reindex or report upload is already running in this process");
    const fleet = deps.reindex;
    const running = (async () => {
      // in a fleet, one reindex across every instance; the build also takes the index folder's file lock
      const release = fleet ? await fleet.acquire() : null;
      if (fleet && !release) throw new ReindexBusyError("another instance of the fleet holds the reindex lock");
      try {
        const result = await job();
        await fleet?.announce();
        return result;
      } finally {
        await release?.();
      }
    })();
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
      return state.passage(
        String(id ?? "")
          .trim()
          .toLowerCase(),
      );
    },

    reindex: (options) => exclusive(() => rebuild(options)),

    addReport(fileName, bytes, onProgress) {
      // the whole upload holds the reindex slot: no other reindex may list a half-added file
      return exclusive(() => addReportNow(fileName, bytes, onProgress));
    },

    confirmReplace(token, onProgress) {
      return exclusive(async () => {
        const pending = pendingReplacements.take(token);
        if (!pending) throw new JicengError("unknown or expired replacement token", messages.replaceExpired);
        return saveAndIndex(pending.file, pending.bytes, onProgress);
      });
    },

    cancelReplace(token) {
      return pendingReplacements.take(token) !== null;
    },

    async removeReport(fileName, confirmToken, onProgress) {
      // step one only reads; step two holds the reindex slot like an upload
      if (confirmToken === undefined) return removeReportNow(fileName, undefined);
      return exclusive(() => removeReportNow(fileName, confirmToken, onProgress));
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
