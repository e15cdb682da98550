/**
 * The composition root of the core: loads (or builds) the index, creates the
 * retriever and answer writers, and exposes the channel-free Assistant.
 */
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Passage } from "../chunk/types.js";
import type { Config } from "../config.js";
import { decodeReport, hashBytes, isReportFile } from "../corpus/read.js";
import { parseReport } from "../corpus/parse.js";
import { ReindexBusyError, ReportReadError } from "../errors.js";
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
import { createMemoryConversationStore, type ConversationStore } from "../fleet/conversation-store.js";
import type { ReindexCoordinator } from "../fleet/reindex-coordinator.js";
import { FOLLOW_UP_TTL_MS, resolveFollowUp, type Turn } from "./memory.js";
import { messages } from "./messages.js";
import type { AddReportResult, Assistant, AskContext, Example, SourceInfo } from "./types.js";

/** Optional collaborators (tests inject a logger; the LLM composer is built from config). */
export interface AssistantDeps {
  logger?: Logger;
  /** Where follow-up state lives (default: this process's memory; Redis in a fleet). */
  conversations?: ConversationStore;
  /** In a fleet: the reindex lock every instance shares and the "new index" signal. */
  reindex?: ReindexCoordinator;
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
  const memory = deps.conversations ?? createMemoryConversationStore();
  // the LLM stack is loaded only when configured: the offline path never pays for it
  const llm: LlmComposer | null = config.llm
    ? await (await import("../answer/llm.js")).createLlmComposer(config.llm, config.promptsDir, log)
    : null;
  let reindexing: Promise<unknown> | null = null;

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
    const last = chatId ? await memory.get<Turn>(chatId) : undefined;
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
      const turn: Turn = { question: resolved.question, regions: r.parse(resolved.question).regions, cited: result.citations.map((c) => c.id), at: Date.now() };
      await memory.set(chatId, turn, FOLLOW_UP_TTL_MS);
    }
    return result;
  }

  /** Rebuild and swap in the new index (callers hold the reindex slot). */
  async function rebuild(options: { full?: boolean; onProgress?: (p: ReindexProgress) => void } = {}) {
    const summary = await buildIndex(config, { full: options.full, logger: log, onProgress: options.onProgress });
    await reload();
    return summary;
  }

  /** Load the index on disk and swap it in atomically; requests in flight finish on the old one. */
  async function reload(): Promise<void> {
    const freshLexicon = await loadLexicon(config.lexiconDir);
    state = { retriever: createRetriever(await loadIndex(config), freshLexicon), lexicon: freshLexicon };
  }
  // another instance of the fleet built a new index: load it, answering from the old one meanwhile
  deps.reindex?.onNewIndex(reload);

  /** Validate and save an uploaded report, then reindex; the folder is restored if indexing fails. */
  async function addReportNow(fileName: string, bytes: Uint8Array, onProgress?: (p: ReindexProgress) => void): Promise<AddReportResult> {
    const base = path.basename(String(fileName ?? "")).replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim();
    if (!base || base.startsWith(".") || !isReportFile(base)) {
      throw new ReportReadError(base || "?", "bad file name", messages.badFileName);
    }
    const decoded = await decodeReport(bytes, base); // a Chinese message for too large, empty, binary or undecodable
    const hash = hashBytes(bytes);
    const dup = state.retriever.index.reports.find((rep) => rep.hash === hash);
    if (dup) return { file: base, duplicateOf: dup.file, articles: [] };
    const parsed = parseReport(decoded.text, path.basename(base, path.extname(base)), state.retriever.index.gazetteer);
    if (parsed.articles.length === 0) throw new ReportReadError(base, "no articles", "文件里没有可索引的正文。");
    const target = path.join(config.reportsDir, base);
    const backup = existsSync(target) ? await readFile(target) : null;
    const tmp = `${target}.uploading`;
    await writeFile(tmp, bytes);
    await rename(tmp, target);
    try {
      const summary = await rebuild({ onProgress });
      return { file: base, summary, articles: parsed.articles.map((a) => ({ title: a.title, region: a.region?.name ?? null })) };
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
