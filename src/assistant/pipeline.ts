/**
 * The question pipeline: guards (empty, outside the corpus, personal details,
 * questions about the assistant itself) → retrieval within the places the
 * question names → relevance → the answer's shape → the extractive writer
 * (or the optional LLM) → a refusal that helps when nothing answers.
 * Every threshold and rule it applies is the policy's (answer/policy.ts).
 */
import { asksForNumber, classifyQuestion, asksForList } from "../answer/classify.js";
import { CitationList, composeExtractive } from "../answer/extractive.js";
import type { LlmComposer } from "../answer/llm.js";
import { messages } from "../answer/messages.js";
import { withReadingNotes } from "../answer/notes.js";
import {
  ABOUT_THE_ASSISTANT,
  ANSWER_HITS,
  ASKS_ARTICLE_OUTLINE,
  ASKS_FROM_TO,
  ASKS_EACH,
  ASKS_OPENING,
  EACH_ITEM_MAX_CHARS,
  CHANGE_WORD,
  STATES_FROM_TO,
  ASKS_WHICH_MORE,
  ANSWER_THRESHOLD,
  NAMED_DOCUMENT,
  COMPARE_THRESHOLD_SHARE,
  JOINT_PASSAGES,
  MIN_MATCHED_WEIGHT,
  PERSONAL_INFO,
  REFUSAL_RELATED_LINES,
  REGION_POOL_HITS,
  RELATED_THRESHOLD,
  factRankBonus,
} from "../answer/policy.js";
import type { Answer } from "../answer/types.js";
import { parseFactQuery, rankFacts } from "../search/facts.js";
import { findOutsidePlaces, findRegions, keywordsOf, searchRegions } from "../search/query.js";
import { coverage } from "../search/relevance.js";
import type { Hit, ParsedQuery } from "../search/types.js";
import { splitSentences } from "../text/normalize.js";
import { hasContent } from "../text/tokenize.js";
import { articleOpening, articleOutline, maskedQuote, placeOverview } from "./article-answers.js";
import type { Snapshot } from "./snapshot.js";

/** A question after follow-up resolution. */
export interface PipelineQuestion {
  question: string;
  /** Passages already shown in this conversation (还有吗). */
  exclude: string[];
  /** Force a how-to answer. */
  howto: boolean;
  /** A question that names places and no topic gets those places' overview (false for a bare 那思南呢). */
  overview?: boolean;
  /** Sentences already shown in this conversation (还有吗): never shown again. */
  shown?: ReadonlySet<string>;
}

/** Text coverage of a passage for the refusal check: title and section heading count as its words. */
function passageCoverage(h: Hit, query: ParsedQuery, deps: Snapshot): number {
  const p = h.passage;
  const text = `${p.title}${p.kind === "paragraph" ? p.section : ""}${p.text}`;
  // 从啥到啥的转变: a passage that states a change (从“被动应对”到“主动服务”) covers the word for it
  const keywords = ASKS_FROM_TO.test(query.normalized) && STATES_FROM_TO.test(text) ? query.keywords.filter((k) => !CHANGE_WORD.test(k)) : query.keywords;
  return coverage(keywords, text, deps.lexicon, deps.weight);
}

function refusal(deps: Snapshot, text: string, regionSlugs: string[]): Answer {
  return { text, citations: [], refused: true, mode: "refusal", suggestions: deps.suggestions(regionSlugs) };
}

/**
 * A refusal that helps: it says plainly that the reports do not answer, and
 * offers the nearest content they do have (one or two cited sentences), so
 * the worker can ask again. `refused` stays true.
 */
function helpfulRefusal(deps: Snapshot, lead: string, query: ParsedQuery, hits: Hit[]): Answer {
  const near = hits
    .map((h) => ({ h, cov: passageCoverage(h, query, deps) }))
    .filter((x) => x.cov >= RELATED_THRESHOLD)
    .slice(0, REFUSAL_RELATED_LINES);
  if (near.length === 0) return refusal(deps, lead, query.regions);
  const cites = new CitationList();
  const lines = [lead, messages.relatedIntro];
  for (const { h } of near) {
    const sentences = splitSentences(h.passage.text);
    const best = sentences.map((s) => ({ s, c: coverage(query.keywords, s, deps.lexicon, deps.weight) })).sort((a, b) => b.c - a.c)[0];
    if (!best) continue;
    lines.push(`• 【${h.passage.region ?? h.passage.title}】${best.s}[${cites.cite(h.passage)}]`);
  }
  return { text: lines.join("\n"), citations: cites.list, refused: true, mode: "refusal", suggestions: deps.suggestions(query.regions) };
}

/**
 * Neighbouring paragraphs of one section that together answer a question none
 * answers alone: each covers part of it (at least RELATED_THRESHOLD), and
 * together (at most JOINT_PASSAGES of them) they reach the answer threshold.
 * Empty otherwise.
 */
function jointlyRelevant(hits: Hit[], query: ParsedQuery, deps: Snapshot, threshold: number, totalWeight: number): Hit[] {
  const parts = hits.filter((h) => passageCoverage(h, query, deps) >= RELATED_THRESHOLD);
  const first = parts[0]?.passage;
  if (!first) return [];
  // paragraphs of one section, next to each other (a list spread over its paragraphs), never passages of different topics
  const joint = parts
    .filter((h) => h.passage.articleId === first.articleId && h.passage.sectionNo === first.sectionNo && h.passage.kind === "paragraph")
    .slice(0, JOINT_PASSAGES)
    .sort((a, b) => a.passage.paragraphNo - b.passage.paragraphNo);
  if (joint.length < 2 || joint.some((h, i) => i > 0 && h.passage.paragraphNo !== joint[i - 1]!.passage.paragraphNo + 1)) return [];
  const text = joint.map((h) => `${h.passage.section}${h.passage.text}`).join("\n");
  const cov = coverage(query.keywords, text, deps.lexicon, deps.weight);
  return cov >= threshold && cov * totalWeight >= MIN_MATCHED_WEIGHT ? joint : [];
}

/**
 * The best passages of the places a question names. With several places each
 * gets its share of the ANSWER_HITS (a comparison of 碧江 and 思南 is not
 * answered from 思南's passages alone because they rank higher), then the rest
 * in rank order.
 */
export function placeHits(pool: Hit[], wanted: Set<string>): Hit[] {
  const mine = pool.filter((h) => h.passage.regionSlug && wanted.has(h.passage.regionSlug));
  if (wanted.size < 2) return mine.slice(0, ANSWER_HITS);
  const share = Math.max(1, Math.floor(ANSWER_HITS / wanted.size));
  const picked = new Set<Hit>();
  for (const slug of wanted) for (const h of mine.filter((x) => x.passage.regionSlug === slug).slice(0, share)) picked.add(h);
  for (const h of mine) if (picked.size < ANSWER_HITS) picked.add(h);
  return mine.filter((h) => picked.has(h));
}

/**
 * A question that names its items and asks about each (抓理论、抓组织、抓制度，各自…):
 * for every item, the first sentence of the question's passages (in rank order)
 * that names it, cited. Null unless every item is found.
 */
function eachItem(query: ParsedQuery, hits: Hit[]): Answer | null {
  if (!ASKS_EACH.test(query.normalized)) return null;
  const found = query.normalized.split(/[，,；;。？?！!]/u).find((c) => c.includes("、"));
  if (!found) return null;
  // the items end where the question asks about each (抓理论、抓制度分别是为了什么)
  const clause = found.split(ASKS_EACH)[0]!;
  const items = clause.split("、").map((x) => x.replace(/^[\p{Script=Han}]*?(?:说的|讲的)/u, "").trim());
  const han = (x: string) => /^\p{Script=Han}+$/u.test(x) && Array.from(x).length >= 2 && Array.from(x).length <= EACH_ITEM_MAX_CHARS;
  // the first item may carry the words before it (茅坪村抓理论): it takes the second item's length
  const len = Array.from(items[1] ?? "").length;
  if (items.length < 2) return null;
  items[0] = Array.from(items[0]!).slice(-len).join("");
  if (!items.every(han)) return null;
  const cites = new CitationList();
  const lines: string[] = [];
  for (const item of items) {
    let named: { p: Hit["passage"]; s: string } | null = null;
    for (const h of hits) {
      const s = splitSentences(h.passage.text).find((x) => x.includes(item));
      if (s) {
        named = { p: h.passage, s };
        break;
      }
    }
    if (!named) return null;
    lines.push(`• 【${named.p.region ?? named.p.title}】${named.s}[${cites.cite(named.p)}]`);
  }
  return { text: lines.join("\n"), citations: cites.list, refused: false, mode: "extractive", suggestions: [] };
}

/** One place's own part of a comparison: the words that ask about it. */
export interface PlacePart {
  text: string;
  keywords: string[];
}

/**
 * Each place's own part of a comparison that asks each place for something
 * (碧江社工培训班办了几期，茅坪村集中学习办了几场): the clause, or the side of
 * 和/跟/与, that names only that place, with its keywords. Empty when some place
 * has no part of its own (碧江和思南哪个党员多).
 */
export function partsByPlace(normalized: string, places: string[], deps: Pick<Snapshot, "retriever" | "lexicon">): Map<string, PlacePart> {
  const parts = new Map<string, PlacePart>();
  // the question is already read (typos, English): its clauses only need their places and keywords
  const r = deps.retriever;
  const placesIn = (text: string) => findRegions(text, r.regions).filter((slug) => !r.regions.contains.has(slug));
  for (const clause of normalized.split(/[，,；;。？?！!]/u)) {
    const pieces = placesIn(clause).length >= 2 ? clause.split(/和|跟|与|以及|及/u) : [clause];
    for (const piece of pieces) {
      const regions = placesIn(piece);
      if (regions.length !== 1 || parts.has(regions[0]!)) continue;
      const keywords = keywordsOf(piece, deps.lexicon, r.regions);
      if (keywords.length) parts.set(regions[0]!, { text: piece, keywords });
    }
  }
  return places.every((p) => parts.has(p)) ? parts : new Map();
}

/** Answer one (resolved) question. */
export async function answerQuestion(q: PipelineQuestion, deps: Snapshot, llm: LlmComposer | null): Promise<Answer> {
  const r = deps.retriever;
  const query = r.parse(q.question);
  if (!hasContent(query.normalized)) return refusal(deps, messages.refusal, []);
  const outside = findOutsidePlaces(query.normalized, deps.lexicon, r.regions);
  const covered = [...r.regions.display.values()];
  if (outside.length && query.regions.length === 0) return refusal(deps, messages.outsidePlaces(outside, covered), []);
  if (ABOUT_THE_ASSISTANT.test(query.normalized)) return refusal(deps, messages.aboutTheAssistant, []);
  const documents = [...query.normalized.matchAll(NAMED_DOCUMENT)].map((m) => m[1]!).filter((name) => !deps.mentions(name));
  if (documents.length) return refusal(deps, messages.namedDocument(documents), query.regions);
  if (PERSONAL_INFO.test(query.normalized)) return refusal(deps, messages.personalInfo, query.regions);
  // answers read from an article's layout say how the question was read, as every answer does
  const noted = (a: Answer | null) => (a ? withReadingNotes(a, query, r.regions, false) : null);
  // 那篇稿子分了哪几块: the article's own headings, whatever else the question says
  if (ASKS_ARTICLE_OUTLINE.test(query.normalized)) {
    const outline = noted(articleOutline(query, deps));
    if (outline) return outline;
  }
  // “权…责…、人…事…”完整是啥: the quoted phrase of the reports that fills the blanks
  const masked = noted(maskedQuote(query, deps));
  if (masked) return masked;
  // 文章一上来就点出来了: the lead paragraph of the article named
  if (ASKS_OPENING.test(query.normalized)) {
    const opening = noted(articleOpening(query, deps));
    if (opening) return opening;
  }
  // places and no topic (碧江有啥经验, 碧江和思南有啥不一样): each place's practices by section heading
  if (query.keywords.length === 0 && query.regions.length > 0 && q.overview !== false)
    return noted(placeOverview(query.regions, deps)) ?? refusal(deps, messages.refusal, query.regions);
  if (query.keywords.length === 0) return refusal(deps, messages.refusal, query.regions);

  // a question naming places is answered from those places only
  const wanted = new Set(searchRegions(query));
  let hits = wanted.size ? placeHits(await r.retrieve(query, REGION_POOL_HITS), wanted) : await r.retrieve(query, ANSWER_HITS);
  if (q.exclude.length) hits = hits.filter((h) => !q.exclude.includes(h.passage.id));
  const kind = q.howto ? "howto" : classifyQuestion(query.normalized, query.regions.length);
  // one side of a comparison covers only its part of the question
  const threshold = kind === "compare" && query.regions.length >= 2 ? ANSWER_THRESHOLD * COMPARE_THRESHOLD_SHARE : ANSWER_THRESHOLD;
  const totalWeight = query.keywords.reduce((n, k) => n + deps.weight(k), 0);
  // a comparison that asks each place something of its own: each side is judged by its own part too
  const parts = kind === "compare" && query.regions.length >= 2 ? partsByPlace(query.normalized, query.regions, deps) : new Map<string, PlacePart>();
  const ownPart = (h: Hit) => {
    const part = parts.get(h.passage.regionSlug ?? "");
    return !!part && passageCoverage(h, { ...query, keywords: part.keywords }, deps) >= ANSWER_THRESHOLD;
  };
  let relevant = hits.filter((h) => {
    const cov = passageCoverage(h, query, deps);
    return (cov >= threshold && cov * totalWeight >= MIN_MATCHED_WEIGHT) || ownPart(h);
  });
  // a question whose parts sit in neighbouring passages (铸魂、强身、提效, one paragraph each)
  if (relevant.length === 0) relevant = jointlyRelevant(hits, query, deps, threshold, totalWeight);
  if (relevant.length === 0) {
    const lead = query.regions.length ? `${messages.regionNotCovered(query.regions.map((x) => r.regions.display.get(x) ?? x))}` : messages.refusal;
    return helpfulRefusal(deps, lead, query, hits);
  }
  // 抓理论、抓组织、抓制度，各自是为了啥: each item by the sentence that names it
  if (query.regions.length < 2) {
    const each = eachItem(query, hits);
    if (each) return withReadingNotes(each, query, r.regions, false);
  }
  const wantsNumber = kind === "number" || (kind === "compare" && (asksForNumber(query.normalized) || ASKS_WHICH_MORE.test(query.normalized)));
  if (wantsNumber && query.within?.total) return helpfulRefusal(deps, messages.noTotal(query.within.places), query, relevant);
  const shown = q.shown ?? new Set<string>();
  const facts = wantsNumber ? rankedFacts(query, relevant, threshold, q.exclude, deps).filter((f) => !shown.has(f.fact.sentence)) : [];
  const composed = composeExtractive({
    query,
    kind,
    wantsNumber,
    wantsList: asksForList(query.normalized),
    shown,
    hits: relevant,
    facts,
    lexicon: deps.lexicon,
    weight: deps.weight,
    regionNames: r.regions.display,
    passage: deps.passage,
    ...(wantsNumber && parts.size ? { placeParts: parts } : {}),
  });
  if (!composed) return helpfulRefusal(deps, messages.refusal, query, hits);
  if (composed.refused) return { ...composed, suggestions: deps.suggestions(query.regions) };
  if (llm) {
    const written = await llm.compose(query.normalized, relevant.slice(0, 6));
    if (written) return withReadingNotes({ ...written, suggestions: [] }, query, r.regions, wantsNumber);
  }
  return withReadingNotes({ ...composed, suggestions: [] }, query, r.regions, wantsNumber);
}

/** Facts of the relevant passages that cover the question, figures of the first-ranked passages first. */
function rankedFacts(query: ParsedQuery, relevant: Hit[], threshold: number, exclude: string[], deps: Snapshot) {
  const r = deps.retriever;
  const fq = parseFactQuery(query.normalized, deps.lexicon, r.regions);
  const facts = rankFacts(
    relevant.flatMap((h) => deps.factsOf(h.passage.id)),
    { keywords: query.keywords, synonyms: fq.synonyms, regions: query.regions },
    deps.lexicon,
    deps.weight,
  ).filter(
    (f) => coverage(query.keywords, `${f.fact.label}${f.fact.sentence}`, deps.lexicon, deps.weight) >= threshold && !exclude.includes(f.fact.citation.id),
  );
  const hitRank = new Map(relevant.map((h, i) => [h.passage.id, i]));
  return facts.sort((a, b) => b.score + factRankBonus(hitRank.get(b.fact.citation.id)) - (a.score + factRankBonus(hitRank.get(a.fact.citation.id))));
}
