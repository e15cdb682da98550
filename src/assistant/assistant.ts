/**
 * The composition root of the core: loads (or builds) the index, creates the
 * retriever and answer writers, and exposes the channel-free Assistant.
 */
import { existsSync } from "node:fs";
import { copyFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Passage } from "../chunk/types.js";
import type { Config } from "../config.js";
import { hashBytes, MAX_REPORT_BYTES } from "../corpus/read.js";
import { JicengError, ReindexBusyError, ReportReadError } from "../errors.js";
import { reindexInChild } from "../index/reindex-process.js";
import { cleanReportName, PendingReplacements, REPLACE_CONFIRM_TTL_MS } from "./report-upload.js";
import { chooseSamples, type Samples } from "./samples.js";
import { groupByRegion, parseFactQuery, rankFacts, regionKeyFacts } from "../search/facts.js";
import { reindex as buildIndex, type ReindexProgress } from "../index/build.js";
import { ensureIndex, loadIndex } from "../index/load.js";
import { silentLogger, type Logger } from "../logger.js";
import { loadLexicon, type Lexicon } from "../search/lexicon.js";
import { MAX_QUERY_CHARS, stripRegionNames } from "../search/query.js";
import { createRetriever, type Retriever } from "../search/retrieve.js";
import type { Hit } from "../search/types.js";
import { normalizeText } from "../text/normalize.js";
import { hasContent } from "../text/tokenize.js";
import { chooseExamples } from "../answer/extractive.js";
import { answerQuestion } from "./pipeline.js";
import { ANSWER_THRESHOLD, EXAMPLE_HITS, STATS_CANDIDATE_PASSAGES, STATS_KEEP_SHARE, STATS_MAX_FACTS } from "../answer/policy.js";
import type { LlmComposer } from "../answer/llm.js";
import { coverage, type KeywordWeight } from "../search/relevance.js";
import { createKeywordWeight } from "../search/weights.js";
import { preloadGeneralIdf } from "../text/general-idf.js";
import { citationOf } from "../answer/citation.js";
import type { Answer } from "../answer/types.js";
import { ConversationMemory, resolveFollowUp } from "./memory.js";
import { messages } from "./messages.js";
import type { AddReportResult, Assistant, AskContext, Example, SourceInfo } from "./types.js";

/** Optional collaborators (tests inject a logger; the LLM composer is built from config). */
export interface AssistantDeps {
  logger?: Logger;
  /**
   * Run reindexes in this process instead of a child process. Only for
   * callers with nothing else to answer meanwhile; the default keeps parsing,
   * embedding and graph building off the event loop that answers questions.
   */
  reindexInProcess?: boolean;
}

interface State {
  retriever: Retriever;
  lexicon: Lexicon;
}

/** Build the assistant over `config` (builds the index first when missing). */
export async function createAssistant(config: Config, deps: AssistantDeps = {}): Promise<Assistant> {
  const log = deps.logger ?? silentLogger;
  void preloadGeneralIdf();
  const lexicon = await loadLexicon(config.lexiconDir);
  let state: State = { retriever: createRetriever(await ensureIndex(config, log), lexicon), lexicon };
  const memory = new ConversationMemory();
  // the LLM stack is loaded only when configured: the offline path never pays for it
  const llm: LlmComposer | null = config.llm
    ? await (await import("../answer/llm.js")).createLlmComposer(config.llm, config.promptsDir, log)
    : null;
  let reindexing: Promise<unknown> | null = null;
  const pendingReplacements = new PendingReplacements();

  /** A passage by citation id, in the index a request started with (a reindex may swap `state` meanwhile). */
  const passageIn = (s: State) => (id: string): Passage | null => {
    const idx = s.retriever.index;
    const pos = idx.position.get(id.trim());
    return pos === undefined ? null : idx.passages[pos]!;
  };

  const weightCache = new WeakMap<State, KeywordWeight>();
  const weightOf = (s: State): KeywordWeight => {
    let w = weightCache.get(s);
    if (!w) {
      const idx = s.retriever.index;
      w = createKeywordWeight({
        df: (t) => idx.bm25.df(t),
        idf: (t) => idx.bm25.idf(t),
        passageCount: idx.passages.length,
        phraseDf: (ph) => idx.passages.reduce((n, p) => n + (p.text.includes(ph) ? 1 : 0), 0),
      });
      weightCache.set(s, w);
    }
    return w;
  };

  /** The examples to offer for an index (examples.txt, else chosen from the index), once per loaded state. */
  const samplesMemo = new WeakMap<State, Samples>();
  function samplesOf(s: State): Samples {
    let got = samplesMemo.get(s);
    if (!got) samplesMemo.set(s, (got = chooseSamples(s.lexicon.examples, s.retriever.index)));
    return got;
  }

  function suggestions(s: State, regionSlugs: string[]): string[] {
    const idx = s.retriever.index;
    const out: string[] = [];
    const articles = regionSlugs.length ? idx.articles.filter((a) => a.region && regionSlugs.includes(a.region.slug)) : idx.articles;
    const pool = articles.length ? articles : idx.articles;
    for (const a of pool.slice(0, 2)) {
      const heading = a.sections.find((sec) => sec.heading)?.heading;
      if (heading) out.push(`${a.region?.short ?? ""}${a.region ? "：" : ""}${heading.split(/\s+/)[0]}`);
    }
    const region = pool[0]?.region;
    const keyword = region ? region.short : samplesOf(s).stats[0];
    if (keyword) out.push(`/stats ${keyword}`);
    out.push("/sources");
    return out.slice(0, 4);
  }

  function refusal(s: State, text: string, regionSlugs: string[]): Answer {
    return { text, citations: [], refused: true, mode: "refusal", suggestions: suggestions(s, regionSlugs) };
  }

  async function answer(question: string, context: AskContext): Promise<Answer> {
    const s = state;
    const r = s.retriever;
    const trimmed = question.trim();
    if (!trimmed) return refusal(s, messages.emptyQuestion, []);
    if (!hasContent(trimmed)) return refusal(s, messages.noContentQuestion, []);
    const chatId = context.chatId;
    const last = chatId ? memory.get(chatId) : undefined;
    const resolved = resolveFollowUp(
      trimmed,
      last,
      (t) => r.parse(t).regions.map((slug) => r.regions.display.get(slug) ?? slug),
      (t) => stripRegionNames(normalizeText(t), r.regions, { gap: "" }),
    );
    const result = await answerQuestion(resolved, {
      retriever: r,
      lexicon: s.lexicon,
      weight: weightOf(s),
      passage: passageIn(s),
      factsOf: (id) => r.index.factsAt[r.index.position.get(id) ?? -1] ?? [],
      mentions: (phrase) => r.index.passages.some((p) => p.text.includes(phrase)),
      suggestions: (regions) => suggestions(s, regions),
      llm,
    });
    if (chatId && !result.refused) {
      memory.set(chatId, { question: resolved.question, regions: r.parse(resolved.question).regions, cited: result.citations.map((c) => c.id), at: Date.now() });
    }
    return result;
  }

  /** Rebuild and swap in the new index (callers hold the reindex slot). */
  async function rebuild(options: { full?: boolean; onProgress?: (p: ReindexProgress) => void } = {}) {
    // parsing, tokenising, embedding and the graph build run in a child process: this event loop keeps answering
    const summary = deps.reindexInProcess
      ? await buildIndex(config, { full: options.full, logger: log, onProgress: options.onProgress })
      : await reindexInChild(config, { full: options.full, onProgress: options.onProgress, logLevel: config.logLevel, secrets: config.secrets });
    const freshLexicon = await loadLexicon(config.lexiconDir);
    state = { retriever: createRetriever(await loadIndex(config), freshLexicon), lexicon: freshLexicon };
    return summary;
  }

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
    if (dup) return { file: base, duplicateOf: dup.file, articles: [] };
    if (existsSync(path.join(config.reportsDir, base))) {
      const pending = pendingReplacements.add(base, bytes);
      return { file: base, articles: [], needsConfirmation: { token: pending.token, existing: base, expiresInMinutes: REPLACE_CONFIRM_TTL_MS / 60_000 } };
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
      return { file: base, summary, articles, ...(backup ? { replaced: true } : {}) };
    } catch (error) {
      // leave the reports folder as it was; the old index keeps serving
      if (backup) await rename(backup, target);
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

    stats(query) {
      const s = state;
      const r = s.retriever;
      const idx = r.index;
      const q = String(query ?? "").trim().slice(0, MAX_QUERY_CHARS);
      if (q && !hasContent(q)) return { query: q, kind: "facts", facts: [], groups: [] };
      if (!q) {
        const regions = [...r.regions.display.values()];
        return {
          query: q,
          kind: "overview",
          facts: [],
          groups: [],
          overview: {
            reports: idx.reports.length,
            articles: idx.articles.length,
            regions,
            facts: idx.facts.length,
            examples: samplesOf(s).stats,
          },
        };
      }
      const fq = parseFactQuery(q, s.lexicon, r.regions);
      if (fq.keywords.length === 0 && fq.synonyms.length === 0 && fq.regions.length) {
        const facts = fq.regions.flatMap((slug) => regionKeyFacts(idx.facts, slug));
        return { query: q, kind: "region", facts, groups: groupByRegion(facts) };
      }
      // candidates: facts of the passages the query's words find (a large corpus has 100k+ facts)
      const terms = r.parse(q).terms;
      const wanted = new Set(fq.regions);
      const candidates = idx.bm25
        .score(terms)
        .top(STATS_CANDIDATE_PASSAGES, wanted.size ? (pos) => wanted.has(idx.passages[pos]?.regionSlug ?? "") : undefined)
        .flatMap((x) => idx.factsAt[x.doc] ?? []);
      const ranked = rankFacts(candidates, fq, s.lexicon, weightOf(s));
      // figures that only share a loose word with the query (网格 in 社区网格) stay out
      const best = ranked[0]?.score ?? 0;
      const facts = ranked
        .filter((x) => x.score >= best * STATS_KEEP_SHARE)
        .slice(0, STATS_MAX_FACTS)
        .map((x) => x.fact);
      return { query: q, kind: "facts", facts, groups: groupByRegion(facts) };
    },

    async examples(topic, limit = 5): Promise<Example[]> {
      const s = state;
      const r = s.retriever;
      const t = String(topic ?? "").trim();
      if (!hasContent(t)) return [];
      const query = r.parse(t);
      if (query.keywords.length === 0) return [];
      const weight = weightOf(s);
      // cases are paragraphs that really are about the topic; the sentence that tells each case comes
      // from the answer writer (a quotation brings its speaker, 该/同时 their neighbour)
      const hits: Hit[] = (await r.retrieve(query, EXAMPLE_HITS)).filter(
        (h) => h.passage.kind === "paragraph" && coverage(query.keywords, h.passage.text, s.lexicon, weight) >= ANSWER_THRESHOLD,
      );
      const picked = chooseExamples({ query, kind: "example", wantsNumber: false, hits, facts: [], lexicon: s.lexicon, weight, regionNames: r.regions.display, passage: passageIn(s) }, ANSWER_THRESHOLD);
      const ordered = picked.map((c) => ({ sentence: c.sentence, hit: { passage: c.passage } }));
      return ordered.slice(0, limit).map((p, i) => ({ summary: p.sentence, citation: citationOf(p.hit.passage, i + 1) }));
    },

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
      return passageIn(state)(String(id ?? "").trim().toLowerCase());
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

    info() {
      const idx = state.retriever.index;
      return {
        reports: idx.reports.length,
        articles: idx.articles.length,
        passages: idx.passages.length,
        facts: idx.facts.length,
        regions: [...state.retriever.regions.display.values()],
        samples: samplesOf(state),
      };
    },
  };
  return assistant;
}
