/**
 * Query understanding: normalisation (NFKC, traditional → simplified),
 * weighted retrieval terms with synonym expansion, content keywords for the
 * refusal check, and the regions (or outside places) a question names.
 */
import type { Article } from "../corpus/types.js";
import { MEASURE_WORDS, UNITS } from "../facts/units.js";
import { ancestorsOf, regionNames, type GazetteerEntry, type RegionLevel } from "../corpus/regions.js";

/** Units as words (人次, 公里, 平方米): what a figure is measured in, never what a question is about. */
const UNIT_WORDS: ReadonlySet<string> = new Set(UNITS);
import { normalizeText } from "../text/normalize.js";
import { bigrams, searchWords, words } from "../text/tokenize.js";
import type { Lexicon } from "./lexicon.js";
import { correctTypos, type TypoVocabulary } from "./typos.js";
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

/**
 * Words that name the whole of the corpus's prefecture or province without
 * saying which ("全市有多少…"): each stands for every gazetteer place of its
 * level that has passages beneath it.
 */
export const WHOLE_PLACE_WORDS: Readonly<Record<string, RegionLevel>> = { 全省: "province", 全市: "prefecture", 全州: "prefecture" };

/** A question asking for a whole place's total (全省…多少, 一共, 合计): a county's figure is not that answer. */
const ASKS_FOR_TOTAL = /全[省市州]|一共|总共|合计|总数|加起来/u;

/** Region names → slug, for the regions that have articles; the gazetteer places around them. */
export interface RegionMatcher {
  /** [name, slug], longest names first. */
  names: [string, string][];
  /** slug → display name (碧江区). */
  display: Map<string, string>;
  /** Gazetteer names without articles of their own (铜仁): stripped from keywords, never filtered on. */
  scopeNames: string[];
  /**
   * Gazetteer places that contain regions with passages (贵州, 铜仁; 黔东南 once
   * an article about 凯里 is indexed): [name, slug], longest names first. A
   * question naming one is answered from the regions it contains.
   */
  containers: [string, string][];
  /** Container slug → the slugs of the regions with passages at or beneath it. */
  contains: Map<string, string[]>;
  /** Gazetteer places with no passages at or beneath them (江口): [name, display name], longest first. */
  uncovered: [string, string][];
  /** Every gazetteer slug → its display name (贵州省, 铜仁市, 碧江区). */
  placeNames: Map<string, string>;
  /** Every gazetteer slug → the slugs of the places it lies in, nearest first. */
  ancestors: Map<string, string[]>;
}

/** Build the region matcher from the indexed articles (their regions and sub-places) and the gazetteer's hierarchy. */
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
  const placeNames = new Map(gazetteer.map((e) => [e.slug, e.name]));
  const ancestors = new Map(gazetteer.map((e) => [e.slug, ancestorsOf(e.slug, gazetteer)]));
  // each region with passages counts for itself and every place it lies in
  const contains = new Map<string, string[]>();
  for (const slug of display.keys()) {
    for (const at of [slug, ...(ancestors.get(slug) ?? [])]) contains.set(at, [...(contains.get(at) ?? []), slug]);
  }
  const containers: [string, string][] = [];
  const uncovered: [string, string][] = [];
  for (const e of gazetteer) {
    const under = contains.get(e.slug) ?? [];
    const entryNames = [...new Set([e.name, e.short, ...e.aliases].map((n) => normalizeText(n)))].filter((n) => n.length >= 2);
    if (under.some((slug) => slug !== e.slug)) for (const n of entryNames) containers.push([n, e.slug]);
    else if (under.length === 0) for (const n of entryNames) if (!names.has(n)) uncovered.push([n, e.name]);
  }
  for (const [word, level] of Object.entries(WHOLE_PLACE_WORDS)) {
    for (const e of gazetteer) if (e.level === level && (contains.get(e.slug) ?? []).length) containers.push([word, e.slug]);
  }
  for (const slug of [...contains.keys()]) if (!containers.some(([, s]) => s === slug)) contains.delete(slug);
  const longestFirst = (a: [string, string], b: [string, string]) => b[0].length - a[0].length;
  return {
    names: [...names.entries()].sort(longestFirst),
    display,
    scopeNames,
    containers: containers.sort(longestFirst),
    contains,
    uncovered: uncovered.sort(longestFirst),
    placeNames,
    ancestors,
  };
}

/**
 * The containing places a question names (贵州, 铜仁, 全市) when it names no
 * region of its own: their display names, the regions with passages beneath
 * them, and whether the question asks for their total. Null otherwise.
 */
export function findContainers(text: string, matcher: RegionMatcher): ParsedQuery["within"] | null {
  const slugs: string[] = [];
  let rest = text;
  for (const [name, slug] of matcher.containers) {
    if (!rest.includes(name)) continue;
    if (!slugs.includes(slug)) slugs.push(slug);
    rest = rest.split(name).join(" "); // 贵州省 before 贵州
  }
  if (slugs.length === 0) return null;
  // 贵州 and 铜仁 in one question: the narrower place is meant
  const narrowest = slugs.filter((s) => !slugs.some((o) => o !== s && (matcher.ancestors.get(o) ?? []).includes(s)));
  return {
    places: narrowest.map((s) => matcher.placeNames.get(s) ?? s),
    slugs: narrowest,
    regions: [...new Set(narrowest.flatMap((s) => matcher.contains.get(s) ?? []))],
    total: ASKS_FOR_TOTAL.test(text),
  };
}

/**
 * A region's name as seen from a place around it: the places in between, then
 * its own (from 贵州省: 铜仁市碧江区; from 铜仁市: 碧江区).
 */
export function placePath(regionSlug: string, fromSlug: string, matcher: RegionMatcher): string {
  const chain = [regionSlug, ...(matcher.ancestors.get(regionSlug) ?? [])];
  const below = chain.indexOf(fromSlug) >= 0 ? chain.slice(0, chain.indexOf(fromSlug)) : [regionSlug];
  return below
    .reverse()
    .map((s) => matcher.placeNames.get(s) ?? matcher.display.get(s) ?? s)
    .join("");
}

/** The regions a query is answered from: the ones it names, else those inside the places around them it names. */
export function searchRegions(query: ParsedQuery): string[] {
  return query.regions.length ? query.regions : (query.within?.regions ?? []);
}

/**
 * The one place region names are taken out of a text: every name of a region
 * with articles (longest first, so 碧江区 goes before 碧江) is replaced by `gap`;
 * with `scope`, the gazetteer's names without articles (铜仁) and the words
 * for a whole place (全市) go too. A space
 * keeps the words either side apart; "" closes the gap (for comparing texts).
 */
export function stripRegionNames(text: string, matcher: RegionMatcher, options: { gap?: string; scope?: boolean } = {}): string {
  const gap = options.gap ?? " ";
  let out = text;
  for (const [name] of matcher.names) out = out.split(name).join(gap);
  if (options.scope) for (const name of [...matcher.scopeNames, ...matcher.containers.map(([n]) => n)]) out = out.split(name).join(gap);
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

/**
 * Places outside the corpus named in the question (上海, 全国 …). With the
 * region matcher, the gazetteer's knowledge wins over outside-places.txt: a
 * name of a region with passages, or of a place containing one (贵州, 黔东南
 * once 凯里 has an article), is never outside; a gazetteer place with no
 * passages at or beneath it (江口) is, by its full name.
 */
export function findOutsidePlaces(text: string, lexicon: Lexicon, matcher?: RegionMatcher): string[] {
  if (!matcher) return lexicon.outsidePlaces.filter((p) => text.includes(p));
  let rest = stripRegionNames(text, matcher);
  for (const [name] of matcher.containers) rest = rest.split(name).join(" ");
  const out: string[] = [];
  for (const [name, shown] of matcher.uncovered) {
    if (!rest.includes(name)) continue;
    if (!out.includes(shown)) out.push(shown);
    rest = rest.split(name).join(" ");
  }
  return [...out, ...lexicon.outsidePlaces.filter((p) => rest.includes(p))];
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

/**
 * A request addressed to the assistant (推荐个…, 给我推荐一下, 帮我整几个): how the
 * question asks, not what about. 推荐 alone stays a topic (民主推荐, 推荐任命).
 */
const REQUEST_FORM = /(?:给我|帮我|替我)?(?:推荐|安排|整)(?:个|一下|几个|一些|点|些)|(?:有没有|有啥|有什么|求)推荐(?=[？?。!！]*$|[，,])/gu;

/**
 * English a worker mixes in (碧江 community worker 的 salary) read as the reports'
 * Chinese, by the lexicon's english.txt: whole words only, longest phrase first.
 */
export function readEnglish(text: string, lexicon: Pick<Lexicon, "english">): { text: string; corrections: { from: string; to: string }[] } {
  if (!/[A-Za-z]{2}/.test(text) || lexicon.english.length === 0) return { text, corrections: [] };
  const corrections: { from: string; to: string }[] = [];
  let out = text;
  for (const [en, zh] of lexicon.english) {
    const pattern = new RegExp(`(?<![A-Za-z])${en.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+")}(?![A-Za-z])`, "giu");
    out = out.replace(pattern, (from) => {
      corrections.push({ from, to: zh });
      return zh;
    });
  }
  // the spaces left between Chinese words are not part of the question
  out = out.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, "");
  return { text: out, corrections };
}

const phraseCache = new WeakMap<Lexicon, string[]>();
/** The lexicon's words of three or more characters, longest first (cached per lexicon: every question reads them). */
function lexiconPhrases(lexicon: Lexicon): string[] {
  let out = phraseCache.get(lexicon);
  if (!out) {
    out = [...new Set(lexicon.synonyms.flat())].filter((w) => Array.from(w).length >= 3 && !lexicon.stopwords.has(w)).sort((a, b) => b.length - a.length);
    phraseCache.set(lexicon, out);
  }
  return out;
}

const twoCharCache = new WeakMap<Lexicon, Set<string>>();
/** The two-character words of the synonym lexicon (cached per lexicon). */
function twoCharLexiconWords(lexicon: Lexicon): Set<string> {
  let out = twoCharCache.get(lexicon);
  if (!out) {
    out = new Set(lexicon.synonyms.flat().filter((w) => Array.from(w).length === 2 && /^\p{Script=Han}{2}$/u.test(w)));
    twoCharCache.set(lexicon, out);
  }
  return out;
}

/** Content keywords: jieba words that are not stop words or region names, with synonym groups. */
export function keywordsOf(normalized: string, lexicon: Lexicon, matcher: RegionMatcher): string[] {
  // the corpus's own scope (铜仁) and other gazetteer places are context, not topics
  let text = stripRegionNames(normalized, matcher, { scope: true });
  const out: string[] = [];
  // lexicon phrases jieba would split (政治审查 → 政治/审查) stay whole keywords
  for (const ph of lexiconPhrases(lexicon)) {
    if (text.includes(ph)) {
      out.push(ph);
      text = text.split(ph).join(" ");
    }
  }
  text = text.replace(REQUEST_FORM, " ");
  const cut = words(text);
  // two single characters jieba cut apart that make a lexicon word (说/和 → 说和 ~ 调解) are that word
  const twoCharMembers = twoCharLexiconWords(lexicon);
  for (let i = 0; i + 1 < cut.length; i++) {
    const pair = `${cut[i]}${cut[i + 1]}`;
    if (Array.from(cut[i]!).length === 1 && Array.from(cut[i + 1]!).length === 1 && twoCharMembers.has(pair) && !lexicon.stopwords.has(pair)) out.push(pair);
  }
  for (const w of cut) {
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

/**
 * Parse a question into weighted terms, keywords and regions. With a typo
 * vocabulary, homophone typos are corrected first (网个员 → 网格员), so terms,
 * keywords and the refusal check all read the corrected text.
 */
export function parseQuery(question: string, lexicon: Lexicon, matcher: RegionMatcher, typos?: TypoVocabulary): ParsedQuery {
  const typed = normalizeText(question.slice(0, MAX_QUERY_CHARS * 2)).slice(0, MAX_QUERY_CHARS);
  const english = readEnglish(typed, lexicon);
  const fixed = typos ? correctTypos(english.text, typos) : { corrected: english.text, corrections: [] };
  const normalized = fixed.corrected;
  const corrections = [...english.corrections, ...fixed.corrections];
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
  // a place containing others (黔东南 with its own article and 凯里's) is answered from all of them
  const regions = findRegions(normalized, matcher).filter((slug) => !matcher.contains.has(slug));
  const within = regions.length ? null : findContainers(normalized, matcher);
  return {
    raw: question,
    normalized,
    terms,
    keywords: keywordsOf(normalized, lexicon, matcher),
    regions,
    ...(within ? { within } : {}),
    corrections,
  };
}
