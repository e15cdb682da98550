/**
 * Which figure answers a number question, or why none does. The figure whose
 * label is the question's subject leads; a year in the question must be the
 * figure's year; a head count is not answered by attendances; a total is not
 * answered by what was added in a period. When no figure qualifies the
 * question is refused, naming the related figures the reports do state.
 */
import type { ScoredFact } from "../search/facts.js";
import type { Lexicon } from "../search/lexicon.js";
import { coverage, keywordMatch, type KeywordWeight } from "../search/relevance.js";
import { bigrams, isNounLike, words } from "../text/tokenize.js";
import { expectedUnits } from "./classify.js";
import {
  AGE_BOUND,
  ASKS_CHANGE,
  ASKS_CONFIRM,
  ASKS_EXTREME,
  STATES_CHANGE,
  ASKS_PART,
  ASKS_SPLIT,
  SPLIT_SIDES,
  ASKS_TOTAL,
  FACT_COVERAGE_SHARE,
  FLOW_VERB,
  ATTENDANCE_UNIT,
  PERSON_NOUN,
  AVERAGE_OR_RATE,
  NOT_A_TOTAL_UNITS,
  LABEL_MATCH_MIN,
  LABEL_TAIL_WORDS,
  MEASURED_AFTER,
  MAX_FIGURES,
  MONEY_DIRECTIONS,
  PREVIOUS_CLAUSE_WEIGHT,
  SECOND_FIGURE_SHARE,
  SENTENCE_NAMES_MIN,
  SPECIFIC_MEASURES,
} from "./policy.js";

/** What the figure choice reads of the question. */
export interface FigureQuestion {
  /** Normalised question text. */
  normalized: string;
  keywords: string[];
}

/** The outcome: figures to lead with, or a refusal with the related figures that do exist. */
export type FigureChoice =
  | { kind: "answer"; facts: ScoredFact[]; yearUnstated: boolean }
  | { kind: "wrong-year"; askedYear: number; related: ScoredFact[] }
  | { kind: "unstated"; related: ScoredFact[] }
  | { kind: "none" };

/** A year the question names (2024年, 24年), or null. Relative years (去年) are not resolved. */
export function questionYear(q: string): number | null {
  const full = /((?:19|20)\d{2})\s*年(?!来|以来)/u.exec(q);
  if (full) return Number(full[1]);
  // a year written in brackets after a relative one: 前年（2023）
  const bracketed = /[（(]\s*((?:19|20)\d{2})\s*[)）]/u.exec(q);
  if (bracketed) return Number(bracketed[1]);
  // 24年 is a year; 满20年, 干了30年, 这10年 are lengths of time
  const short = /(?<![\d.]|满|了|这|近|过去|有|共|整整|多|几|每|第)([1-3]\d)\s*年(?!来|以来|多|以上|左右|的时间|间|里|了)/u.exec(q);
  return short ? 2000 + Number(short[1]) : null;
}

/** Units the question accepts: a head count (多少人) wants people, not attendances (人次). */
export function unitsAsked(q: string): Set<string> | null {
  const units = expectedUnits(q);
  // 几个城市社区 counts things: people (人, 名) answer only 几个党员-like questions
  const counted = /(?:多少|几|好多)个([\p{Script=Han}]{1,8})/u.exec(q)?.[1];
  if (units && counted && !/^(人|名)/u.test(counted)) {
    // the counted noun: the nouns right after 几个 (社区书记 in 几个社区书记提拔到乡镇)
    const nouns: string[] = [];
    for (const w of words(counted)) {
      if (!isNounLike(w)) break;
      nouns.push(w);
    }
    // 社区干部任期内…: the counted noun is its first words that name people, when they do
    // (a one-character noun, 多少个村, is not cut out as a noun: the characters counted are read as it)
    if (nouns.length === 0 && Array.from(counted).length <= 2) nouns.push(counted);
    const person = nouns.some((_, i) => PERSON_NOUN.test(nouns.slice(0, i + 1).join("")));
    if (nouns.length && !person) for (const u of ["人", "名", "人次"]) units.delete(u);
  }
  if (units && /(多少|几个?|好多)(个)?(人|名)(?!次)|人数/u.test(q) && !/人次/u.test(q)) units.delete(ATTENDANCE_UNIT);
  // 多少学员, 好多党员: a count of people asked by the people it counts
  if (!units) {
    const people = /(?:多少|好多)(?:个|名|位)?([\p{Script=Han}]{1,5}?)(?=[？?，,。]|$)/u.exec(q)?.[1];
    if (people && PERSON_NOUN.test(people)) return new Set(["人", "名", ATTENDANCE_UNIT]);
  }
  return units;
}

/** Clause marks: a figure's clause runs between them. */
const CLAUSE_MARKS = ["，", ",", "；", ";", "。", "：", ":"];
/** A clause opening with 其中 (其中35岁以下优秀青年占比71.3%) is part of the clause before it: it inherits its subject. */
const CONTINUES_CLAUSE = /^(其中|其余|另有|含)/u;

/**
 * The clause of the sentence that states the figure (between punctuation
 * marks), with the clause before it when it continues that one (其中…).
 */
export function clauseOf(sentence: string, raw: string): string {
  const at = sentence.indexOf(raw);
  if (at < 0) return sentence;
  let start = Math.max(...CLAUSE_MARKS.map((p) => sentence.lastIndexOf(p, at))) + 1;
  if (start > 0 && CONTINUES_CLAUSE.test(sentence.slice(start))) start = Math.max(...CLAUSE_MARKS.map((p) => sentence.lastIndexOf(p, start - 2))) + 1;
  const endCandidates = CLAUSE_MARKS.slice(0, 5)
    .map((p) => sentence.indexOf(p, at + raw.length))
    .filter((i) => i >= 0);
  const end = endCandidates.length ? Math.min(...endCandidates) : sentence.length;
  return sentence.slice(start, end);
}

/** The clause before the figure's clause in its sentence ("" when the figure's clause opens it). */
export function previousClauseOf(sentence: string, raw: string): string {
  const clause = clauseOf(sentence, raw);
  const start = sentence.indexOf(clause);
  if (start <= 1) return "";
  const before = sentence.slice(0, start - 1);
  const from = Math.max(...CLAUSE_MARKS.map((p) => before.lastIndexOf(p))) + 1;
  return before.slice(from);
}

/** Which way money moves in a text (spent, earned, saved), or null when it does not say. */
export function moneyDirection(text: string): string | null {
  return MONEY_DIRECTIONS.find(([, re]) => re.test(text))?.[0] ?? null;
}

/** False when the question and the figure's own clause move money different ways (投了多少 vs 增收6万元). */
export function sameMoneyDirection(q: string, f: ScoredFact): boolean {
  if (!f.fact.unit.startsWith("元")) return true;
  const asked = moneyDirection(q);
  const stated = moneyDirection(clauseOf(f.fact.sentence, f.fact.raw));
  return !asked || !stated || asked === stated;
}

/**
 * The words right after the question word (几岁退休 → 退休, 多少人参加 → 参加):
 * they name the event being measured, which the figure's own clause must name.
 */
export function measuredWords(q: FigureQuestion): string[] {
  const m = MEASURED_AFTER.exec(q.normalized);
  if (!m) return [];
  const after = m[1]!;
  return q.keywords.filter((k) => after.startsWith(k));
}

/** How strongly the figure's label (its last words) or own clause names the question's subject: best weighted match. */
export function labelMatch(f: ScoredFact, keywords: string[], lexicon: Lexicon, weight: KeywordWeight): number {
  const tail = words(f.fact.label).slice(-LABEL_TAIL_WORDS).join("");
  const clause = clauseOf(f.fact.sentence, f.fact.raw);
  const previous = previousClauseOf(f.fact.sentence, f.fact.raw);
  let best = 0;
  for (const k of keywords) {
    const m = Math.max(
      keywordMatch(k, tail, lexicon),
      keywordMatch(k, clause, lexicon) * 0.9,
      previous ? keywordMatch(k, previous, lexicon) * PREVIOUS_CLAUSE_WEIGHT : 0,
    );
    if (m >= LABEL_MATCH_MIN) best = Math.max(best, m * weight(k));
  }
  return best;
}

/** True when the figure counts what was added or done over a period (发展农村党员108人), not a total. */
export function isFlow(f: ScoredFact): boolean {
  const clause = clauseOf(f.fact.sentence, f.fact.raw);
  const before = clause.slice(0, Math.max(0, clause.indexOf(f.fact.raw)));
  return FLOW_VERB.test(before);
}

/** True when a figure can be the total a question asks for (not a flow, not attendances, not an average or rate). */
export function isTotal(f: ScoredFact, q: string): boolean {
  if (isFlow(f)) return false;
  if (f.fact.unit === ATTENDANCE_UNIT && !q.includes(ATTENDANCE_UNIT)) return false;
  return !NOT_A_TOTAL_UNITS.has(f.fact.unit) && !AVERAGE_OR_RATE.test(f.fact.label);
}

/**
 * Choose the figures that answer a number question. `bestCoverage` is the
 * coverage of the best sentence retrieval found: a figure must answer about as
 * well. Facts come ranked (best first).
 */
export function chooseFigures(q: FigureQuestion, facts: ScoredFact[], bestCoverage: number, lexicon: Lexicon, weight: KeywordWeight): FigureChoice {
  const units = unitsAsked(q.normalized);
  const asksTotal = ASKS_TOTAL.test(q.normalized);
  const factCov = (f: ScoredFact) => coverage(q.keywords, `${f.fact.label}${f.fact.sentence}`, lexicon, weight);
  const measured = measuredWords(q);
  // the measured thing is named in the figure's clause, or outright (not by parts or a typo) in its sentence
  // (注重社区干部政治待遇,…,任期内享受副科级干部经济待遇2人 counts 社区干部)
  const namesMeasured = (f: ScoredFact) =>
    measured.every(
      (k) =>
        keywordMatch(k, clauseOf(f.fact.sentence, f.fact.raw), lexicon) >= LABEL_MATCH_MIN || keywordMatch(k, f.fact.sentence, lexicon) >= SENTENCE_NAMES_MIN,
    );
  const asksAge = units?.has("岁") ?? false;
  const split = ASKS_SPLIT.exec(q.normalized)?.[1];
  const asksChange = ASKS_CHANGE.test(q.normalized);
  const asksExtreme = ASKS_EXTREME.test(q.normalized);
  // a figure the question quotes (860人次的培训里，书记占了多少) is the whole it asks a part of, not the answer
  const quoted = new Set([...q.normalized.matchAll(/\d+(?:\.\d+)?/gu)].map((m) => Number(m[0])));
  const inUnit = facts.filter(
    (f) =>
      (!units || units.has(f.fact.unit)) &&
      namesMeasured(f) &&
      sameMoneyDirection(q.normalized, f) &&
      (asksAge || !AGE_BOUND.test(f.fact.sentence.slice(f.fact.sentence.indexOf(f.fact.raw)))) &&
      // a figure the question states is what the asker knows, not what they ask (unless they ask to confirm it)
      !(quoted.has(f.fact.value) && (ASKS_PART.test(q.normalized) || !ASKS_CONFIRM.test(q.normalized))) &&
      // 收入最高的一个月: an average is not the most
      !(asksExtreme && AVERAGE_OR_RATE.test(`${f.fact.label}${clauseOf(f.fact.sentence, f.fact.raw)}`)) &&
      // 比去年涨了多少: a level is not a change
      (!asksChange || STATES_CHANGE.test(clauseOf(f.fact.sentence, f.fact.raw))) &&
      (!split || (SPLIT_SIDES[split] ?? []).every((side) => clauseOf(f.fact.sentence, f.fact.raw).includes(side))),
  );
  const scored = inUnit
    // a total is neither what was added in a period, nor a count of attendances (人次), nor an average or a rate
    .filter((f) => factCov(f) >= bestCoverage * FACT_COVERAGE_SHARE && !(asksTotal && !isTotal(f, q.normalized)))
    .map((f) => ({ f, label: labelMatch(f, q.keywords, lexicon, weight) }))
    .filter((x) => x.label > 0);
  // the figure whose label is the question's subject leads, then the ranking's order
  // "有多少" asks for an amount: a share or an average of the subject leads only when the question asks for one
  const asksRate = AVERAGE_OR_RATE.test(q.normalized) || (units?.has("%") ?? false);
  const rateLast = (x: { f: ScoredFact }) => (!asksRate && (NOT_A_TOTAL_UNITS.has(x.f.fact.unit) || AVERAGE_OR_RATE.test(x.f.fact.label)) ? 1 : 0);
  scored.sort((a, b) => rateLast(a) - rateLast(b) || b.label - a.label || b.f.score - a.f.score);
  const leadFacts = scored.map((x) => x.f);
  if (leadFacts.length === 0) {
    const only = onlyFigureInMeasure(
      q,
      units,
      inUnit.filter((f) => factCov(f) >= bestCoverage * FACT_COVERAGE_SHARE),
    );
    if (only) leadFacts.push(only);
  }
  const lead = leadFacts[0];
  if (!lead) {
    // the question says what figure it wants (a unit, a total, the event measured): the reports do not state it
    if (units || asksTotal || measured.length || split || asksChange || asksExtreme) return { kind: "unstated", related: relatedFigures(facts) };
    return { kind: "none" };
  }
  const year = questionYear(q.normalized);
  if (year !== null) {
    const sameYear = leadFacts.filter((f) => f.fact.year === year);
    if (sameYear.length) return { kind: "answer", facts: pickSeconds(sameYear), yearUnstated: false };
    const otherYear = leadFacts.filter((f) => f.fact.year !== null);
    if (otherYear.length) return { kind: "wrong-year", askedYear: year, related: otherYear.slice(0, 2) };
    return { kind: "answer", facts: pickSeconds(leadFacts), yearUnstated: true };
  }
  return { kind: "answer", facts: pickSeconds(leadFacts), yearUnstated: false };
}

/**
 * A question counting in a specific measure word (几处, 多少桶) whose subject no
 * figure's label names: the one figure in that unit among the relevant ones,
 * or of several the one whose clause (or the clause before) shares the most of
 * the question's words, counted in character pairs (讲政策 ~ 政策宣传6场). A tie
 * or no figure in that unit: null (the question is refused as unstated).
 */
export function onlyFigureInMeasure(q: FigureQuestion, units: Set<string> | null, candidates: ScoredFact[]): ScoredFact | null {
  if (!units || units.size === 0 || [...units].some((u) => !SPECIFIC_MEASURES.has(u))) return null;
  const distinct = [...new Map(candidates.map((f) => [`${f.fact.sentence}|${f.fact.raw}`, f])).values()];
  if (distinct.length === 1) return distinct[0]!;
  const pairs = [...new Set(q.keywords.flatMap((k) => bigrams(k)))];
  const shared = (f: ScoredFact) => {
    const text = `${previousClauseOf(f.fact.sentence, f.fact.raw)}${clauseOf(f.fact.sentence, f.fact.raw)}`;
    return pairs.filter((b) => text.includes(b)).length;
  };
  const ranked = distinct.map((f) => ({ f, n: shared(f) })).sort((a, b) => b.n - a.n);
  return ranked[0] && ranked[0].n > 0 && ranked[0].n > (ranked[1]?.n ?? 0) ? ranked[0].f : null;
}

/** The lead and up to MAX_FIGURES − 1 close seconds from the same place and other sentences. */
function pickSeconds(ranked: ScoredFact[]): ScoredFact[] {
  const lead = ranked[0]!;
  const out = [lead];
  for (const f of ranked.slice(1)) {
    if (out.length >= MAX_FIGURES) break;
    if (f.score < lead.score * SECOND_FIGURE_SHARE || f.fact.regionSlug !== lead.fact.regionSlug) continue;
    out.push(f);
  }
  return out;
}

/** Up to two figures from different sentences, to name in a refusal. */
function relatedFigures(facts: ScoredFact[]): ScoredFact[] {
  const seen = new Set<string>();
  const out: ScoredFact[] = [];
  for (const f of facts) {
    if (seen.has(f.fact.sentence)) continue;
    seen.add(f.fact.sentence);
    out.push(f);
    if (out.length >= 2) break;
  }
  return out;
}
