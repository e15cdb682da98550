/**
 * The default, offline answer writer: choose the sentences that answer the
 * question, keep them verbatim, shape them to the question (figure first, a
 * list of practices, cases from different places, a side-by-side comparison)
 * and cite each with [n]. Every number in the text comes from a cited passage.
 */
import type { Passage } from "../chunk/types.js";
import type { ScoredFact } from "../search/facts.js";
import type { Lexicon } from "../search/lexicon.js";
import type { Hit, ParsedQuery } from "../search/types.js";
import { splitSentences } from "../text/normalize.js";
import { words } from "../text/tokenize.js";
import { expectedUnits, type QuestionKind } from "./classify.js";
import { coverage, keywordMatch, type KeywordWeight } from "../search/relevance.js";
import { citationOf } from "./citation.js";
import type { Answer, Citation } from "./types.js";

/** Longest answer body we aim for (a phone screen). */
export const MAX_ANSWER_CHARS = 420;

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
  /** Passage lookup for facts' citations. */
  passage: (id: string) => Passage | null;
}

interface Candidate {
  passage: Passage;
  rank: number;
  sentence: string;
  index: number;
  score: number;
}

/** Sentences that lean on the previous one (该/此/同时…). */
const LEANS_BACK = /^(该|此|同时|其中|这|此外|对此|为此|因此|另外)/u;
/** A sentence that is only a quotation (its speaker comes next). */
const ONLY_QUOTE = /^“[^“”]*”$/u;

/** Build numbered citations as passages are first used. */
class CitationList {
  readonly list: Citation[] = [];
  private readonly byId = new Map<string, number>();
  cite(p: Passage): number {
    const have = this.byId.get(p.id);
    if (have) return have;
    const n = this.list.length + 1;
    this.byId.set(p.id, n);
    this.list.push(citationOf(p, n));
    return n;
  }
}

/** The sentence to show: with its neighbour when it cannot stand alone. */
function withContext(sentences: string[], i: number): string {
  const s = sentences[i]!;
  if (ONLY_QUOTE.test(s) && sentences[i + 1]) return s + sentences[i + 1]!;
  if (LEANS_BACK.test(s) && i > 0) {
    const prev = sentences[i - 1]!;
    if (prev.length < 160) return prev + s;
  }
  return s;
}

function candidates(input: ComposeInput, hits: Hit[]): Candidate[] {
  const { query, lexicon, weight, kind } = input;
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const p = hit.passage;
    const sentences = splitSentences(p.text);
    const headingCov = p.kind === "paragraph" ? coverage(query.keywords, p.section, lexicon, weight) : 0;
    sentences.forEach((s, index) => {
      const shown = withContext(sentences, index);
      // under a heading that names the topic (强化减负松绑), every paragraph is a practice of it
      let score = coverage(query.keywords, shown, lexicon, weight) + (kind === "howto" ? 0.5 : 0.25) * headingCov + 0.12 / (1 + rank);
      // a sentence that keeps coming back to the topic is about it
      const mentions = query.keywords.reduce((n, k) => n + Math.max(0, shown.split(k).length - 1), 0);
      score += 0.03 * Math.min(5, mentions);
      if (input.wantsNumber && /\d/.test(s)) score += 0.15;
      if (index === 0 && kind === "howto") score += 0.05; // topic sentences lead paragraphs
      if (kind === "example" && shown.length > 150) score -= 0.25; // a case to retell is short
      // an article's lead paragraph is a general summary, rarely the practice itself
      // (a quotation there is a voice from the field, and a fine example)
      if (p.sectionNo === 0 && p.kind === "paragraph" && (kind === "howto" || (kind === "example" && !s.startsWith("“")))) score -= 0.15;
      out.push({ passage: p, rank, sentence: shown, index, score });
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
 * The section of the best-ranked passage whose heading covers the question
 * (≥ 0.7 of its keywords), as hits for all of its paragraphs; null when none does
 * or the section has a single paragraph.
 */
function topicSection(input: ComposeInput, hits: Hit[]): Hit[] | null {
  const { query, lexicon, weight } = input;
  const top = hits.slice(0, 5).find((h) => h.passage.kind === "paragraph" && h.passage.sectionNo > 0 && coverage(query.keywords, h.passage.section, lexicon, weight) >= 0.7);
  if (!top) return null;
  const { articleId, sectionNo } = top.passage;
  const out: Hit[] = [];
  for (let n = 1; n <= 12; n++) {
    const p = input.passage(`${articleId}:${sectionNo}.${n}`);
    if (!p) break;
    out.push({ passage: p, score: 0, bm25Rank: null, vectorRank: null });
  }
  return out.length >= 2 ? out : null;
}

/** True when the sentence states a figure in one of `units` with a question word just before or after it. */
function figuresNearKeywords(sentence: string, units: Set<string>, keywords: string[]): boolean {
  for (const m of sentence.matchAll(/\d+(?:\.\d+)?(?:万|亿)?(?:余|多)?(元\/月|元\/年|万元|亿元|人次|公里|[\p{Script=Han}%])/gu)) {
    const unit = m[1] === "万元" || m[1] === "亿元" ? "元" : m[1]!;
    if (!units.has(unit)) continue;
    const at = m.index ?? 0;
    const near = sentence.slice(Math.max(0, at - 20), at + m[0].length + 8);
    if (keywords.some((k) => near.includes(k))) return true;
  }
  return false;
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

/** Group picks by passage (best passage first) and order each passage's sentences as written. */
function readingOrder(chosen: Candidate[]): Candidate[] {
  // a sentence shown with its neighbour already contains that neighbour: show it once
  const picks = chosen.filter((c) => !chosen.some((o) => o !== c && o.passage.id === c.passage.id && o.sentence.length > c.sentence.length && o.sentence.includes(c.sentence)));
  const passages = [...new Set(picks.map((c) => c.passage.id))];
  return passages.flatMap((id) => picks.filter((c) => c.passage.id === id).sort((a, b) => a.index - b.index));
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

/**
 * Cases for trainers: the best sentence of each passage (with its context),
 * one per article first so the cases come from as many places as possible.
 */
export function chooseExamples(input: ComposeInput): { sentence: string; passage: Passage }[] {
  return articlesFirst(bestPerPassage(dedupeSentences(candidates(input, input.hits)))).map((c) => ({ sentence: c.sentence, passage: c.passage }));
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

/** Compose the answer, or null when nothing found answers the question. */
export function composeExtractive(input: ComposeInput): Omit<Answer, "suggestions"> | null {
  const { kind, hits } = input;
  if (hits.length === 0) return null;
  const cites = new CitationList();
  const cands = dedupeSentences(candidates(input, hits));
  if (cands.length === 0) return null;
  const top = cands[0]!.score;
  const good = (c: Candidate, share: number) => c.score >= top * share;
  const lines: string[] = [];
  let ledWithFact = false;

  if (kind === "number") {
    // figures only when their sentence answers about as well as the best sentence found
    const factCov = (f: ScoredFact) => coverage(input.query.keywords, `${f.fact.label}${f.fact.sentence}`, input.lexicon, input.weight);
    const bestCov = Math.max(...cands.slice(0, 5).map((c) => coverage(input.query.keywords, c.sentence, input.lexicon, input.weight)));
    // …and whose label names what was asked (宣讲 11场 is no answer to 培训班多久办一回)
    // (the counted thing ends the label: 社区老年食堂和托育中心 counts 中心, not 社区)
    const labelled = (f: ScoredFact) => {
      const tail = words(f.fact.label).slice(-3).join("");
      return input.query.keywords.some((k) => keywordMatch(k, tail, input.lexicon) >= 0.7);
    };
    // …and whose unit is the one asked for (几岁 wants 岁, not 10期)
    const units = expectedUnits(input.query.normalized);
    const facts = input.facts.filter((f) => factCov(f) >= bestCov * 0.9 && labelled(f) && (!units || units.has(f.fact.unit)));
    const lead = facts[0];
    if (lead) {
      ledWithFact = true;
      const shown = new Set<string>();
      for (const f of facts.slice(0, 3)) {
        if (f !== lead && (f.score < lead.score * 0.7 || shown.has(f.fact.sentence) || f.fact.regionSlug !== lead.fact.regionSlug)) continue;
        const p = input.passage(f.fact.citation.id);
        if (!p) continue;
        const n = cites.cite(p);
        const place = f.fact.region ? `（${f.fact.region}）` : "";
        lines.push(`${f === lead ? "" : "另："}${f.fact.label ? `${f.fact.label}：` : ""}${f.fact.raw}${place}[${n}]`);
        if (!shown.has(f.fact.sentence)) lines.push(`原文：${f.fact.sentence}[${n}]`);
        shown.add(f.fact.sentence);
      }
    } else {
      // no figure answers it directly: the best sentences, verbatim. When the question names the
      // unit it wants (多少钱), only a sentence stating such a figure next to the question's words
      // will do; with none, the reports do not give that number and the answer is a refusal.
      const states = (c: Candidate) => !units || figuresNearKeywords(c.sentence, units, input.query.keywords);
      const picks = readingOrder(budget(atMostPerPassage(cands.filter((c) => good(c, 0.8) && states(c)), 1), 2));
      if (picks.length === 0) return null;
      for (const c of picks) lines.push(`【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`);
    }
  } else if (kind === "howto" || kind === "general") {
    const section = kind === "howto" ? topicSection(input, hits) : null;
    let ordered: Candidate[];
    if (section) {
      // a section whose heading is the question (强化减负松绑 for 如何减负): its paragraphs are
      // the practices, in the report's order, each by its best sentence
      const inSection = bestPerPassage(candidates(input, section)).sort((a, b) => a.passage.paragraphNo - b.passage.paragraphNo);
      ordered = readingOrder(budget(inSection, 4));
    } else {
      // the best sentences overall, at most two from one passage, shown in reading order within it
      const picks = budget(
        atMostPerPassage(cands.filter((c) => good(c, kind === "howto" ? 0.6 : 0.8)), 2),
        kind === "howto" ? 4 : 2,
      );
      ordered = readingOrder(picks);
    }
    const regions = [...new Set(ordered.map((c) => regionLabel(c.passage)))];
    const prefix = ordered.length > 1 ? "• " : "";
    for (const r of regions) {
      lines.push(`【${r}】`);
      for (const c of ordered.filter((x) => regionLabel(x.passage) === r)) lines.push(`${prefix}${c.sentence}[${cites.cite(c.passage)}]`);
    }
  } else if (kind === "example") {
    // cases from as many different articles as possible
    for (const c of budget(articlesFirst(bestPerPassage(cands).filter((c) => good(c, 0.55))), 4)) {
      lines.push(`• 【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`);
    }
  } else {
    // compare: each named region (or the regions the figures / best passages come from) side by side
    const per = bestPerPassage(cands);
    let regions = input.query.regions;
    if (regions.length === 0) {
      const fromFacts = [...new Set(input.facts.slice(0, 6).map((f) => f.fact.regionSlug ?? ""))];
      const fromText = [...new Set(per.filter((c) => good(c, 0.6)).map((c) => c.passage.regionSlug ?? ""))];
      regions = (fromFacts.length >= 2 ? fromFacts : fromText).slice(0, 3);
    }
    for (const r of regions) {
      const facts = input.facts.filter((f) => (f.fact.regionSlug ?? "") === r);
      const shownSentences = new Set<string>();
      let factLines = 0;
      for (const f of facts) {
        if (factLines >= 2 || shownSentences.has(f.fact.sentence)) continue;
        const p = input.passage(f.fact.citation.id);
        if (!p) continue;
        const n = cites.cite(p);
        lines.push(`• 【${f.fact.region ?? regionLabel(p)}】${f.fact.label ? `${f.fact.label}：` : ""}${f.fact.raw}[${n}]`);
        lines.push(`  原文：${f.fact.sentence}[${n}]`);
        shownSentences.add(f.fact.sentence);
        factLines++;
      }
      const mine = per.filter((c) => (c.passage.regionSlug ?? "") === r && ![...shownSentences].some((u) => u.includes(c.sentence)));
      for (const c of budget(mine, factLines ? 1 : 2, 200)) lines.push(`• 【${regionLabel(c.passage)}】${c.sentence}[${cites.cite(c.passage)}]`);
    }
  }
  if (lines.length === 0) return null;
  return { text: lines.join("\n"), citations: cites.list, refused: false, mode: ledWithFact ? "facts" : "extractive" };
}
