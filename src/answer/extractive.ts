/**
 * The default, offline answer writer: choose the sentences that answer the
 * question, keep them verbatim, shape them to the question (figure first, a
 * list of items, a list of practices, cases from different places, places
 * side by side) and cite each with [n]. Every number in the text comes from a
 * cited passage. What counts as a good sentence or figure is the policy's
 * (policy.ts); this module only assembles.
 */
import type { Passage } from "../chunk/types.js";
import type { ScoredFact } from "../search/facts.js";
import type { Lexicon } from "../search/lexicon.js";
import type { Hit, ParsedQuery } from "../search/types.js";
import { splitSentences } from "../text/normalize.js";
import { coverage, type KeywordWeight } from "../search/relevance.js";
import { citationOf } from "./citation.js";
import { asksForNumber, type QuestionKind } from "./classify.js";
import { chooseFigures, questionYear, unitsAsked, type FigureChoice } from "./figures.js";
import { countAsked, findList } from "./lists.js";
import { messages } from "./messages.js";
import {
  ASKS_WHEN,
  STATES_WHEN,
  AVERAGE_OR_RATE,
  NOT_A_TOTAL_UNITS,
  ASKS_HOW_PART,
  ASKS_WHAT_PART,
  ASKS_WHAT_THING,
  ASKS_FREQUENCY,
  FREQUENCY_SCORE_SHARE,
  STATES_FREQUENCY,
  ASKS_FROM_TO,
  STATES_FROM_TO,
  ASKS_WHICH_MORE,
  HOW_PART_SENTENCES,
  ASKS_QUOTE,
  QUOTE_BONUS,
  COMPARE_FACTS_LOOKED_AT,
  COMPARE_FIGURES_PER_PLACE,
  COMPARE_MAX_PLACES,
  COMPARE_SENTENCE_BUDGET,
  CONCRETE_BONUS,
  CONCRETE_SENTENCE,
  FIRST_SENTENCE_BONUS,
  HEADING_WEIGHT_HOWTO,
  HEADING_WEIGHT_OTHER,
  KEEP_SHARE,
  LEANS_BACK,
  LONG_EXAMPLE_CHARS,
  LONG_EXAMPLE_PENALTY,
  MAX_ANSWER_CHARS,
  MAX_NEIGHBOUR_CHARS,
  MAX_PER_PASSAGE,
  MAX_SENTENCES,
  MENTION_CAP,
  MENTION_WEIGHT,
  NUMBER_BONUS,
  ONLY_QUOTE,
  RANK_WEIGHT,
  RUN_IN_HEADING_MAX_CHARS,
  SUMMARY_PENALTY,
  SUMMARY_SENTENCE,
  TOPIC_HEADING_COVERAGE,
  TOPIC_SECTION_LOOKUP,
  TOPIC_SECTION_MAX_PARAGRAPHS,
} from "./policy.js";
import type { Answer, Citation } from "./types.js";

/** What the composer needs. */
export interface ComposeInput {
  query: ParsedQuery;
  kind: QuestionKind;
  hits: Hit[];
  facts: ScoredFact[];
  lexicon: Lexicon;
  weight: KeywordWeight;
  /** Region slug → display name. */
  regionNames: Map<string, string>;
  /** The question asks for figures (number questions, numeric comparisons). */
  wantsNumber: boolean;
  /** The question asks for the items of a list. */
  wantsList?: boolean;
  /** Sentences already shown in this conversation: they are not candidates again. */
  shown?: ReadonlySet<string>;
  /** Passage lookup for facts' citations. */
  passage: (id: string) => Passage | null;
  /**
   * A comparison asking each place for its own figure (碧江办了几期，茅坪村办了几场):
   * region slug → that place's part of the question and its keywords.
   */
  placeParts?: ReadonlyMap<string, { text: string; keywords: string[] }>;
}

/** A composed answer (suggestions are the assistant's). */
export type Composed = Omit<Answer, "suggestions">;

interface Candidate {
  passage: Passage;
  rank: number;
  sentence: string;
  index: number;
  /** First and last sentence index shown (a sentence may bring its neighbour). */
  span: [number, number];
  /** The sentence itself, without the neighbour it brings. */
  own: string;
  score: number;
}

/** Build numbered citations as passages are first used. */
export class CitationList {
  readonly list: Citation[] = [];
  private readonly byId = new Map<string, number>();
  /** The number of passage `p`, citing it now if it is new. */
  cite(p: Passage): number {
    const have = this.byId.get(p.id);
    if (have) return have;
    const n = this.list.length + 1;
    this.byId.set(p.id, n);
    this.list.push(citationOf(p, n));
    return n;
  }
}

/** True when the sentence is a short run-in heading (丰富发挥作用载体。) that opens its paragraph. */
function isRunIn(sentences: string[], i: number): boolean {
  return i === 0 && sentences.length > 1 && Array.from(sentences[0]!.replace(/[。！？!?]+$/u, "")).length <= RUN_IN_HEADING_MAX_CHARS;
}

/**
 * The sentences to show, as a span of sentence indexes: with the neighbour
 * when a sentence cannot stand alone (a quotation brings its speaker, 该/同时
 * the sentence before, a run-in heading the sentence it introduces).
 */
function contextSpan(sentences: string[], i: number): [number, number] {
  const s = sentences[i]!;
  if ((ONLY_QUOTE.test(s) || isRunIn(sentences, i)) && sentences[i + 1]) return [i, i + 1];
  if (LEANS_BACK.test(s) && i > 0 && sentences[i - 1]!.length < MAX_NEIGHBOUR_CHARS) return [i - 1, i];
  return [i, i];
}

function candidates(input: ComposeInput, hits: Hit[]): Candidate[] {
  const { query, lexicon, weight, kind } = input;
  const out: Candidate[] = [];
  const practice = kind === "howto" || kind === "example";
  const wantsQuote = ASKS_QUOTE.test(query.normalized);
  hits.forEach((hit, rank) => {
    const p = hit.passage;
    const sentences = splitSentences(p.text);
    const headingCov = p.kind === "paragraph" ? coverage(query.keywords, p.section, lexicon, weight) : 0;
    sentences.forEach((s, index) => {
      if (input.shown?.has(s)) return;
      const span = contextSpan(sentences, index);
      const shown = sentences.slice(span[0], span[1] + 1).join("");
      let score =
        coverage(query.keywords, shown, lexicon, weight) +
        (kind === "howto" ? HEADING_WEIGHT_HOWTO : HEADING_WEIGHT_OTHER) * headingCov +
        RANK_WEIGHT / (1 + rank);
      const mentions = query.keywords.reduce((n, k) => n + Math.max(0, shown.split(k).length - 1), 0);
      score += MENTION_WEIGHT * Math.min(MENTION_CAP, mentions);
      if (input.wantsNumber && /\d/.test(s)) score += NUMBER_BONUS;
      if (index === 0 && kind === "howto") score += FIRST_SENTENCE_BONUS;
      if (kind === "example" && shown.length > LONG_EXAMPLE_CHARS) score -= LONG_EXAMPLE_PENALTY;
      if (wantsQuote && shown.startsWith("“")) score += QUOTE_BONUS;
      if (practice && !wantsQuote) {
        // openings and an article's lead are summaries (a quotation there is a voice from the field, a fine example)
        const lead = p.sectionNo === 0 && p.kind === "paragraph" && !(kind === "example" && s.startsWith("“"));
        if (lead || SUMMARY_SENTENCE.test(shown)) score -= SUMMARY_PENALTY;
        if (CONCRETE_SENTENCE.test(shown)) score += CONCRETE_BONUS;
      }
      out.push({ passage: p, rank, sentence: shown, index, span, own: s, score });
    });
  });
  return out.sort((a, b) => b.score - a.score || a.rank - b.rank || a.index - b.index);
}

/** Best sentence of each passage, in score order, at most one per passage. */
function bestPerPassage(cands: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const c of cands) {
    if (seen.has(c.passage.id)) continue;
    seen.add(c.passage.id);
    out.push(c);
  }
  return out;
}

/**
 * The section of a top passage whose heading covers the question, as hits for
 * all of its paragraphs; null when none does or the section has one paragraph.
 */
function topicSection(input: ComposeInput, hits: Hit[]): Hit[] | null {
  const { query, lexicon, weight } = input;
  const top = hits
    .slice(0, TOPIC_SECTION_LOOKUP)
    .find(
      (h) =>
        h.passage.kind === "paragraph" && h.passage.sectionNo > 0 && coverage(query.keywords, h.passage.section, lexicon, weight) >= TOPIC_HEADING_COVERAGE,
    );
  if (!top) return null;
  const { articleId, sectionNo } = top.passage;
  const out: Hit[] = [];
  for (let n = 1; n <= TOPIC_SECTION_MAX_PARAGRAPHS; n++) {
    const p = input.passage(`${articleId}:${sectionNo}.${n}`);
    if (!p) break;
    out.push({ passage: p, score: 0, bm25Rank: null, vectorRank: null });
  }
  return out.length >= 2 ? out : null;
}

/** Keep at most `n` sentences of any one passage (score order preserved). */
function atMostPerPassage(cands: Candidate[], n: number): Candidate[] {
  const count = new Map<string, number>();
  return cands.filter((c) => {
    const k = count.get(c.passage.id) ?? 0;
    if (k >= n) return false;
    count.set(c.passage.id, k + 1);
    return true;
  });
}

/**
 * Group picks by passage (best passage first) and order each passage's
 * sentences as written; picks whose spans overlap (a sentence shown with its
 * neighbour, and the neighbour picked too) are merged, so nothing shows twice.
 */
function readingOrder(chosen: Candidate[]): Candidate[] {
  const passages = [...new Set(chosen.map((c) => c.passage.id))];
  return passages.flatMap((id) => {
    const mine = chosen.filter((c) => c.passage.id === id).sort((a, b) => a.span[0] - b.span[0]);
    const merged: Candidate[] = [];
    for (const c of mine) {
      const last = merged.at(-1);
      if (last && c.span[0] <= last.span[1]) {
        if (c.span[1] > last.span[1]) {
          const sentences = splitSentences(c.passage.text);
          const span: [number, number] = [last.span[0], c.span[1]];
          merged[merged.length - 1] = { ...last, span, sentence: sentences.slice(span[0], span[1] + 1).join("") };
        }
      } else merged.push(c);
    }
    return merged;
  });
}

function regionLabel(p: Passage): string {
  return p.region ?? p.title;
}

/** Take items while the answer stays within the length budget (always at least one). */
function budget<T extends { sentence: string }>(items: T[], max: number, limit = MAX_ANSWER_CHARS): T[] {
  const out: T[] = [];
  let used = 0;
  for (const it of items) {
    if (out.length >= max) break;
    if (out.length > 0 && used + it.sentence.length > limit) continue;
    out.push(it);
    used += it.sentence.length;
  }
  return out;
}

function dedupeSentences(cands: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return cands.filter((c) => {
    if (seen.has(c.sentence)) return false;
    seen.add(c.sentence);
    return true;
  });
}

/** The first candidate of each article, then the rest, each group in the given order. */
function articlesFirst(cands: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const first: Candidate[] = [];
  for (const c of cands) {
    if (seen.has(c.passage.articleId)) continue;
    seen.add(c.passage.articleId);
    first.push(c);
  }
  return [...first, ...cands.filter((c) => !first.includes(c))];
}

/**
 * Cases for trainers: the best sentence of each passage (with its context),
 * one per article first so the cases come from as many places as possible;
 * only sentences covering `minCoverage` of the topic count.
 */
export function chooseExamples(input: ComposeInput, minCoverage: number): { sentence: string; passage: Passage }[] {
  // a case is about the topic: only sentences that cover it compete for their passage
  const about = candidates(input, input.hits).filter((c) => coverage(input.query.keywords, c.sentence, input.lexicon, input.weight) >= minCoverage);
  return articlesFirst(bestPerPassage(dedupeSentences(about))).map((c) => ({ sentence: c.sentence, passage: c.passage }));
}

/** A figure line: label, figure, place, citation. */
function figureLine(f: ScoredFact, n: number, prefix = ""): string {
  const place = f.fact.region ? `（${f.fact.region}）` : "";
  return `${prefix}${f.fact.label ? `${f.fact.label}：` : ""}${f.fact.raw}${place}[${n}]`;
}

/** A refusal that names related figures the reports do state (refused: the question's figure is not there). */
function figureRefusal(lead: string, related: ScoredFact[], input: ComposeInput): Composed {
  const cites = new CitationList();
  const lines = [lead];
  for (const f of related) {
    const p = input.passage(f.fact.citation.id);
    if (p) lines.push(`• ${figureLine(f, cites.cite(p))}`);
  }
  return { text: lines.join("\n"), citations: cites.list, refused: true, mode: "refusal" };
}

/** True when one part of the question asks for a figure and another asks how or what (叫啥、平均多少). */
function asksHowToo(q: string): boolean {
  const parts = q.split(/[？?，,；;。、]/u).filter(Boolean);
  return parts.length >= 2 && parts.some((p) => asksForNumber(p)) && parts.some((p) => !asksForNumber(p) && (ASKS_HOW_PART.test(p) || ASKS_WHAT_PART.test(p)));
}

/** The parts of a question that each ask for a figure (做了多少次？刷掉了几个人), or one part. */
function numberParts(q: string): string[] {
  const parts = q.split(/[？?，,；;。]/u).filter((p) => asksForNumber(p));
  return parts.length >= 2 ? parts : [q];
}

/** The lead figures of a number question: one choice per part that asks for a figure. */
function leadFigures(input: ComposeInput, cands: Candidate[]): FigureChoice {
  // a figure's own sentence is compared with other sentences on their own (not with the neighbours they bring)
  const bestCovOf = (keywords: string[]) => Math.max(...cands.slice(0, 5).map((c) => coverage(keywords, c.own, input.lexicon, input.weight)));
  const parts = numberParts(input.query.normalized);
  if (parts.length === 1) return chooseFigures(input.query, input.facts, bestCovOf(input.query.keywords), input.lexicon, input.weight);
  const leads: ScoredFact[] = [];
  let first: FigureChoice | null = null;
  parts.forEach((part, i) => {
    // a later part leans on the first for its subject (政治审查…？刷掉了几个人)
    const own = input.query.keywords.filter((k) => part.includes(k) || (i > 0 && parts[0]!.includes(k)));
    const keywords = own.length ? own : input.query.keywords;
    const rest = input.facts.filter((f) => !leads.includes(f));
    const choice = chooseFigures({ normalized: part, keywords }, rest, bestCovOf(keywords), input.lexicon, input.weight);
    first ??= choice;
    if (choice.kind === "answer") leads.push(choice.facts[0]!);
    else if (i > 0 && leads[0]) {
      // the second figure of the same event is usually stated in the same sentence
      const units = unitsAsked(part);
      const same = rest.find((f) => f.fact.sentence === leads[0]!.fact.sentence && (!units || units.has(f.fact.unit)));
      if (same) leads.push(same);
    }
  });
  if (leads.length) return { kind: "answer", facts: leads, yearUnstated: false };
  return first ?? { kind: "none" };
}

/** A number answer into `lines`; a refusal when the figure asked for is not stated; "sentences" when no figure leads. */
function composeNumber(input: ComposeInput, cands: Candidate[], cites: CitationList, lines: string[]): Composed | "facts" | "sentences" {
  const choice = leadFigures(input, cands);
  if (choice.kind === "wrong-year") {
    const years = [...new Set(choice.related.map((f) => f.fact.year))].join("、");
    return figureRefusal(messages.wrongYear(choice.askedYear, years), choice.related, input);
  }
  if (choice.kind === "answer") {
    const shown = new Set<string>();
    choice.facts.forEach((f, i) => {
      const p = input.passage(f.fact.citation.id);
      if (!p) return;
      const n = cites.cite(p);
      lines.push(figureLine(f, n, i === 0 ? "" : "另："));
      if (!shown.has(f.fact.sentence)) lines.push(`原文：${f.fact.sentence}[${n}]`);
      shown.add(f.fact.sentence);
    });
    if (choice.yearUnstated && lines.length) lines.push(messages.yearUnstated);
    if (lines.length) return "facts";
  }
  // no figure answers it directly. When the question says what figure it wants (a unit, a total),
  // the reports do not state it: refused, naming the related figures, never offering one as the answer.
  // Otherwise (多少 alone) the best sentences, verbatim.
  // …unless the question asks first of all what something is (搭了个啥平台让几家一块儿管): then its sentences answer
  if (choice.kind === "unstated" && !ASKS_WHAT_THING.test(input.query.normalized)) return figureRefusal(messages.figureUnstated, choice.related, input);
  // a year asked (2023年发展了多少) that no sentence states: the sentences would answer another year
  const year = questionYear(input.query.normalized);
  if (year !== null && !cands.some((c) => c.own.includes(`${year}年`)))
    return refusalWithSentence(messages.wrongYearText(year), cands.find((c) => /(?:19|20)\d{2}年/u.test(c.own)) ?? cands[0], cites);
  const top = cands[0]!.score;
  const picks = readingOrder(
    budget(
      atMostPerPassage(
        cands.filter((c) => c.score >= top * KEEP_SHARE.number),
        1,
      ),
      MAX_SENTENCES.number,
    ),
  );
  for (const c of picks) lines.push(`【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`);
  return "sentences";
}

/**
 * A question for a time or a date (哪个月开的, 几点开门): only a sentence that
 * states one answers it, and a year in the question must be the year stated;
 * otherwise refused, naming what the reports do say.
 */
function composeWhen(input: ComposeInput, cands: Candidate[]): Composed {
  const dated = cands.filter((c) => STATES_WHEN.test(c.own));
  const year = questionYear(input.query.normalized);
  const cites = new CitationList();
  if (dated.length === 0) return refusalWithSentence(messages.whenUnstated, cands[0], cites);
  if (year !== null && !dated.some((c) => c.own.includes(`${year}年`))) {
    const stated = dated.find((c) => /(?:19|20)\d{2}年/u.test(c.own));
    if (stated) return refusalWithSentence(messages.wrongYearText(year), stated, cites);
  }
  const best = year !== null ? (dated.find((c) => c.own.includes(`${year}年`)) ?? dated[0]!) : dated[0]!;
  return {
    text: `【${regionLabel(best.passage)}】${best.sentence}[${cites.cite(best.passage)}]`,
    citations: cites.list,
    refused: false,
    mode: "extractive",
  };
}

/**
 * A question for how often (多长时间开一回): only a sentence that states a
 * frequency (每月, 每半年) answers it; otherwise refused, citing the nearest.
 */
function composeFrequency(cands: Candidate[]): Composed {
  const cites = new CitationList();
  // the frequency must be said of what the question is about: a sentence that answers it about as well as the best
  const top = cands[0]!.score;
  const stated = cands.find((c) => STATES_FREQUENCY.test(c.own) && c.score >= top * FREQUENCY_SCORE_SHARE);
  if (!stated) return refusalWithSentence(messages.frequencyUnstated, cands[0], cites);
  return {
    text: `【${regionLabel(stated.passage)}】${stated.sentence}[${cites.cite(stated.passage)}]`,
    citations: cites.list,
    refused: false,
    mode: "extractive",
  };
}

/** A refusal that names what the reports do say: the lead line, then one cited sentence (when there is one). */
function refusalWithSentence(lead: string, c: Candidate | undefined, cites = new CitationList()): Composed {
  return {
    text: [lead, ...(c ? [messages.relatedIntro, `• 【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`] : [])].join("\n"),
    citations: cites.list,
    refused: true,
    mode: "refusal",
  };
}

/** A list question naming how many items (哪四个步骤) whose items the reports never print: refused, citing where the name occurs. */
function listRefusal(cands: Candidate[]): Composed {
  return refusalWithSentence(messages.listUnstated, cands[0]);
}

function composeList(input: ComposeInput, cites: CitationList, lines: string[]): boolean {
  const found = findList({
    normalized: input.query.normalized,
    keywords: input.query.keywords,
    hits: input.hits,
    lexicon: input.lexicon,
    weight: input.weight,
    passage: input.passage,
  });
  if (!found) return false;
  const where = found.items[0]!.passage;
  // no count of our own: every number in an answer is one the cited passages print
  if (found.source === "sections") lines.push(`《${where.title}》的各部分：`);
  else if (found.source === "run-in") lines.push(`【${regionLabel(where)}】${found.heading}：`);
  else lines.push(`【${regionLabel(where)}】`);
  for (const it of found.items) lines.push(`• ${it.text}[${cites.cite(it.passage)}]`);
  if (found.sentence) lines.push(`原文：${found.sentence}[${cites.cite(where)}]`);
  return true;
}

function composePractices(input: ComposeInput, hits: Hit[], cands: Candidate[], cites: CitationList, lines: string[]): void {
  const { kind } = input;
  const section = kind === "howto" ? topicSection(input, hits) : null;
  let ordered: Candidate[];
  // a section whose heading is the question (强化减负松绑 for 如何减负): its paragraphs are
  // the practices, in the report's order, each by its best sentence (not yet shown)
  const inSection = section ? bestPerPassage(candidates(input, section)).sort((a, b) => a.passage.paragraphNo - b.passage.paragraphNo) : [];
  if (inSection.length) {
    ordered = readingOrder(budget(inSection, MAX_SENTENCES.howto));
  } else {
    // no such section, or all of it shown already (还有吗): the best sentences of the other passages
    const top = cands[0]!.score;
    const shape = kind === "howto" ? "howto" : "general";
    const picks = budget(
      atMostPerPassage(
        cands.filter((c) => c.score >= top * KEEP_SHARE[shape]),
        MAX_PER_PASSAGE,
      ),
      MAX_SENTENCES[shape],
    );
    ordered = readingOrder(picks);
  }
  const regions = [...new Set(ordered.map((c) => regionLabel(c.passage)))];
  const prefix = ordered.length > 1 ? "• " : "";
  for (const r of regions) {
    lines.push(`【${r}】`);
    for (const c of ordered.filter((x) => regionLabel(x.passage) === r)) lines.push(`${prefix}${c.sentence}[${cites.cite(c.passage)}]`);
  }
}

function composeCompare(input: ComposeInput, cands: Candidate[], cites: CitationList, lines: string[]): void {
  const per = bestPerPassage(cands);
  const top = cands[0]!.score;
  let regions = input.query.regions;
  if (regions.length === 0) {
    // the places of the first figures; a comparison wants two, so it reads on until it has them
    let fromFacts = [...new Set(input.facts.slice(0, COMPARE_FACTS_LOOKED_AT).map((f) => f.fact.regionSlug ?? ""))];
    if (fromFacts.length < 2) fromFacts = [...new Set(input.facts.map((f) => f.fact.regionSlug ?? "").filter(Boolean))];
    const fromText = [...new Set(per.filter((c) => c.score >= top * KEEP_SHARE.compare).map((c) => c.passage.regionSlug ?? ""))];
    regions = (fromFacts.length >= 2 ? fromFacts : fromText).slice(0, COMPARE_MAX_PLACES);
  }
  for (const r of regions) {
    let facts = input.facts.filter((f) => (f.fact.regionSlug ?? "") === r);
    if (ASKS_WHICH_MORE.test(input.query.normalized)) {
      // 哪个党员多: each place's figure whose label is the subject, lined up (not any figure of the place);
      // "more" compares amounts, so a share or an average answers only when the question asks for one (占比高)
      const amounts = AVERAGE_OR_RATE.test(input.query.normalized) ? facts : facts.filter((f) => !NOT_A_TOTAL_UNITS.has(f.fact.unit));
      const choice = chooseFigures(input.query, amounts, 0, input.lexicon, input.weight);
      facts = choice.kind === "answer" ? choice.facts.slice(0, 1) : [];
    } else if (input.wantsNumber && input.placeParts?.get(r)) {
      // 碧江办了几期，茅坪村办了几场: each place's own figure, by its own part of the question
      const part = input.placeParts.get(r)!;
      const choice = chooseFigures({ normalized: part.text, keywords: part.keywords }, facts, 0, input.lexicon, input.weight);
      if (choice.kind === "answer") facts = [...choice.facts.slice(0, 1), ...facts.filter((f) => f !== choice.facts[0])];
    }
    const shownSentences = new Set<string>();
    let factLines = 0;
    for (const f of facts) {
      if (factLines >= COMPARE_FIGURES_PER_PLACE || shownSentences.has(f.fact.sentence)) continue;
      const p = input.passage(f.fact.citation.id);
      if (!p) continue;
      const n = cites.cite(p);
      lines.push(`• 【${f.fact.region ?? regionLabel(p)}】${f.fact.label ? `${f.fact.label}：` : ""}${f.fact.raw}[${n}]`);
      lines.push(`  原文：${f.fact.sentence}[${n}]`);
      shownSentences.add(f.fact.sentence);
      factLines++;
    }
    const mine = per.filter((c) => (c.passage.regionSlug ?? "") === r && ![...shownSentences].some((u) => u.includes(c.sentence)));
    for (const c of budget(mine, factLines ? 1 : 2, COMPARE_SENTENCE_BUDGET))
      lines.push(`• 【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`);
  }
}

/** Compose the answer, or null when nothing found answers the question. */
export function composeExtractive(input: ComposeInput): Composed | null {
  const { kind, hits } = input;
  if (hits.length === 0) return null;
  const cites = new CitationList();
  const cands = dedupeSentences(candidates(input, hits));
  if (cands.length === 0) return null;
  const lines: string[] = [];
  let mode: Answer["mode"] = "extractive";

  // a list question (分别是哪三抓) is a list unless it compares two named places
  const listAsked = input.wantsList && !(kind === "compare" && input.query.regions.length >= 2);
  if (ASKS_FREQUENCY.test(input.query.normalized) && kind !== "compare") return composeFrequency(cands);
  if (ASKS_WHEN.test(input.query.normalized) && kind !== "compare") return composeWhen(input, cands);
  // a year the question names that the best passage contradicts (2024年7月开的会 when it says 2025年7月): refused, naming it
  const askedYear = questionYear(input.query.normalized);
  if (askedYear !== null && kind !== "compare" && kind !== "number" && !cands.some((c) => c.own.includes(`${askedYear}年`))) {
    const best = cands[0]!;
    if (/(?:19|20)\d{2}年/u.test(best.own)) return refusalWithSentence(messages.wrongYearText(askedYear), best, cites);
  }
  // 从啥到啥的转变: the sentence that says what changed from what (从“被动应对”到“主动服务”)
  if (ASKS_FROM_TO.test(input.query.normalized)) {
    const change = cands.find((c) => STATES_FROM_TO.test(c.own));
    if (change)
      return { text: `【${regionLabel(change.passage)}】${change.sentence}[${cites.cite(change.passage)}]`, citations: cites.list, refused: false, mode };
  }
  if (listAsked && composeList(input, cites, lines)) {
    // the items, each cited
  } else if (listAsked && countAsked(input.query.normalized) !== null && kind !== "number") {
    return listRefusal(cands);
  } else if (kind === "number") {
    const result = composeNumber(input, cands, cites, lines);
    if (typeof result === "object") return result;
    if (result === "facts") {
      mode = "facts";
      // a second part that asks how (…多少人，是怎么做的): the practice too, each cited
      if (asksHowToo(input.query.normalized)) {
        const shown = new Set(
          lines
            .join("\n")
            .match(/原文：[^[]+/gu)
            ?.map((x) => x.slice(3)) ?? [],
        );
        const rest = cands.filter((c) => !shown.has(c.own) && !shown.has(c.sentence));
        const picks = readingOrder(budget(atMostPerPassage(rest, 1), HOW_PART_SENTENCES));
        for (const c of picks) lines.push(`• 【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`);
      }
    }
  } else if (kind === "howto" || kind === "general") {
    composePractices(input, hits, cands, cites, lines);
  } else if (kind === "example") {
    const top = cands[0]!.score;
    for (const c of budget(articlesFirst(bestPerPassage(cands).filter((c) => c.score >= top * KEEP_SHARE.example)), MAX_SENTENCES.example)) {
      lines.push(`• 【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`);
    }
  } else {
    composeCompare(input, cands, cites, lines);
  }
  if (lines.length === 0) return null;
  return { text: lines.join("\n"), citations: cites.list, refused: false, mode };
}
