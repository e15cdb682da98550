/**
 * Query understanding: normalisation (NFKC, traditional → simplified),
 * weighted retrieval terms with synonym expansion, content keywords for the
 * refusal check, and the regions (or outside places) a question names.
 */
import type { Article } from "../corpus/types.js";
import { MEASURE_WORDS, UNITS } from "../facts/units.js";

/** Units as words (人次, 公里, 平方米): what a figure is measured in, never what a question is about. */
const UNIT_WORDS: ReadonlySet<string> = new Set(UNITS);
import { regionNames, type GazetteerEntry } from "../corpus/regions.js";
import { normalizeText } from "../text/normalize.js";
import { bigrams, searchWords, words } from "../text/tokenize.js";
import type { Lexicon } from "./lexicon.js";
import type { ParsedQuery } from "./types.js";

/**
 * Longest question, /stats keyword or /examples topic read anywhere (parsing,
 * the assistant, the CLI, every channel); the rest is ignored, so a
 * 3000-character paste still gets an answer. 500 holds a pasted paragraph with
 * room to spare, while keeping the cost of one question bounded (its first
 * MAX_KEYWORDS keywords are all that count anyway). The one definition: channels
 * get it as MAX_QUESTION_CHARS from assistant/limits.ts.
 */
export const MAX_QUERY_CHARS = 500;

/** Most content keywords read from one question. */
export const MAX_KEYWORDS = 16;

/** A numeral with a measure word (三个, 哪几个, 几项, 几名, 几场): says how many, never what about. */
const COUNT_WORD = new RegExp(`^(哪|多少)?[几两二三四五六七八九十百\\d]+(${[...MEASURE_WORDS, "次", "人", "大", "点", "方面", "部分"].join("|")})?$`, "u");

/** Region names → slug, for the regions that have articles. */
export interface RegionMatcher {
  /** [name, slug], longest names first. */
  names: [string, string][];
  /** slug → display name (碧江区). */
  display: Map<string, string>;
  /** Gazetteer names without articles of their own (铜仁): stripped from keywords, never filtered on. */
  scopeNames: string[];
}

/** Build the region matcher from the indexed articles (their regions and sub-places). */
export function createRegionMatcher(articles: Article[], gazetteer: GazetteerEntry[]): RegionMatcher {
  const names = new Map<string, string>();
  const display = new Map<string, string>();
  for (const a of articles) {
    if (!a.region) continue;
    display.set(a.region.slug, a.region.name);
    for (const n of regionNames(a.region, gazetteer).map((x) => normalizeText(x))) if (!names.has(n)) names.set(n, a.region.slug);
  }
  const scopeNames = gazetteer
    .flatMap((e) => [e.name, e.short, ...e.aliases])
    .map((n) => normalizeText(n))
    .filter((n) => n.length >= 2 && !names.has(n))
    .sort((a, b) => b.length - a.length);
  return { names: [...names.entries()].sort((a, b) => b[0].length - a[0].length), display, scopeNames };
}

/**
 * The one place region names are taken out of a text: every name of a region
 * with articles (longest first, so 碧江区 goes before 碧江) is replaced by `gap`;
 * with `scope`, the gazetteer's names without articles (铜仁) go too. A space
 * keeps the words either side apart; "" closes the gap (for comparing texts).
 */
export function stripRegionNames(text: string, matcher: RegionMatcher, options: { gap?: string; scope?: boolean } = {}): string {
  const gap = options.gap ?? " ";
  let out = text;
  for (const [name] of matcher.names) out = out.split(name).join(gap);
  if (options.scope) for (const name of matcher.scopeNames) out = out.split(name).join(gap);
  return out;
}

/** Regions named in a normalised text (each slug once, in order of appearance). */
export function findRegions(text: string, matcher: RegionMatcher): string[] {
  const found: { slug: string; at: number }[] = [];
  let rest = text;
  for (const [name, slug] of matcher.names) {
    const at = rest.indexOf(name);
    if (at >= 0) {
      found.push({ slug, at });
      rest = rest.split(name).join(" ".repeat(name.length)); // a longer name wins over its parts
    }
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.slug))];
}

/** Places outside the corpus named in the question (上海, 全省 …). */
export function findOutsidePlaces(text: string, lexicon: Lexicon): string[] {
  return lexicon.outsidePlaces.filter((p) => text.includes(p));
}

/**
 * Synonym groups the text touches, and the extra words they bring. A member of
 * two or more characters matches anywhere; a one-character member (群, 次) only
 * as a whole word, so 群体 does not pull in 工作群.
 */
export function synonymExpansion(text: string, lexicon: Lexicon, textWords: Set<string> = new Set(words(text))): string[] {
  const extra = new Set<string>();
  // a question word (例子, 多少) never triggers a group: it says what kind of answer, not what about
  const touches = (w: string) => !lexicon.stopwords.has(w) && (Array.from(w).length >= 2 ? text.includes(w) : textWords.has(w));
  for (const group of lexicon.synonyms) {
    if (group.some(touches)) for (const w of group) if (!text.includes(w) && Array.from(w).length >= 2) extra.add(w);
  }
  return [...extra];
}

/** Character positions covered by stop words (question words, particles). */
function stopMask(normalized: string, lexicon: Lexicon): boolean[] {
  const chars = Array.from(normalized);
  const mask = chars.map(() => false);
  let at = 0;
  for (const w of words(normalized)) {
    const len = Array.from(w).length;
    // words() drops punctuation, so find the word from the current offset
    const rest = chars.slice(at).join("");
    const idx = rest.indexOf(w);
    if (idx < 0) continue;
    const start = at + Array.from(rest.slice(0, idx)).length;
    if (lexicon.stopwords.has(w)) for (let i = start; i < start + len; i++) mask[i] = true;
    at = start + len;
  }
  return mask;
}

/** Content keywords: jieba words that are not stop words or region names, with synonym groups. */
export function keywordsOf(normalized: string, lexicon: Lexicon, matcher: RegionMatcher): string[] {
  // the corpus's own scope (铜仁) and other gazetteer places are context, not topics
  let text = stripRegionNames(normalized, matcher, { scope: true });
  const out: string[] = [];
  // lexicon phrases jieba would split (政治审查 → 政治/审查) stay whole keywords
  const phrases = [...new Set(lexicon.synonyms.flat())].filter((w) => Array.from(w).length >= 3 && !lexicon.stopwords.has(w)).sort((a, b) => b.length - a.length);
  for (const ph of phrases) {
    if (text.includes(ph)) {
      out.push(ph);
      text = text.split(ph).join(" ");
    }
  }
  for (const w of words(text)) {
    if (lexicon.stopwords.has(w)) continue;
    if (!/[\p{Script=Han}\p{L}]/u.test(w) && !/^\d/.test(w)) continue;
    if (/^\d+$/.test(w)) continue; // bare numbers are not topics
    if (COUNT_WORD.test(w)) continue; // 三个, 哪几个, 四项: how many items, not what about
    if (UNIT_WORDS.has(w)) continue; // 人次, 公里: the unit asked for, not the topic
    if (Array.from(w).length === 1 && !/[\p{L}]{1}/u.test(w)) continue;
    if (Array.from(w).length === 1 && /\p{Script=Han}/u.test(w)) continue; // single characters carry little
    out.push(w);
  }
  // a pasted essay is read by its first words: later ones add nothing but cost
  return [...new Set(out)].slice(0, MAX_KEYWORDS);
}

/** Parse a question into weighted terms, keywords and regions. */
export function parseQuery(question: string, lexicon: Lexicon, matcher: RegionMatcher): ParsedQuery {
  const normalized = normalizeText(question.slice(0, MAX_QUERY_CHARS * 2)).slice(0, MAX_QUERY_CHARS);
  const terms = new Map<string, number>();
  const add = (t: string, w: number) => terms.set(t, Math.max(terms.get(t) ?? 0, w));
  const isStop = (w: string) => lexicon.stopwords.has(w);
  // place names steer through the region boost; as terms they would favour any passage naming the place
  const placeChars = new Set<string>();
  for (const [name] of matcher.names) if (normalized.includes(name)) for (const ch of name) placeChars.add(ch);
  const isPlace = (w: string) => Array.from(w).every((ch) => placeChars.has(ch));
  for (const w of searchWords(normalized)) if (!isStop(w)) add(`w:${w}`, isPlace(w) ? 0.2 : 1);
  // bigrams made only of stop-word characters (有没, 了多) are noise
  const mask = stopMask(normalized, lexicon);
  const chars = Array.from(normalized);
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    if (!/^\p{Script=Han}{2}$/u.test(b) || isStop(b)) continue;
    if (mask[i] && mask[i + 1]) continue;
    if (mask[i] || mask[i + 1]) {
      add(`b:${b}`, isPlace(b) ? 0.1 : 0.25);
      continue;
    }
    add(`b:${b}`, isPlace(b) ? 0.1 : 0.6);
  }
  for (const b of bigrams(normalized)) if (Array.from(b).length === 1 && !isStop(b)) add(`b:${b}`, 0.3);
  for (const syn of synonymExpansion(normalized, lexicon)) {
    for (const w of searchWords(syn)) if (!isStop(w)) add(`w:${w}`, 0.5);
    for (const b of bigrams(syn)) if (!isStop(b)) add(`b:${b}`, 0.3);
  }
  return {
    raw: question,
    normalized,
    terms,
    keywords: keywordsOf(normalized, lexicon, matcher),
    regions: findRegions(normalized, matcher),
  };
}
