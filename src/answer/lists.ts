/**
 * Answers that are lists: the items behind a numbered slogan or a "哪几个/
 * 哪些方面/分别是啥" question, each cited. Items come from the reports'
 * own structure, in this order of preference:
 *
 * 1. an article's section headings, when the question asks for its parts;
 * 2. the run-in headings of the paragraphs of a section whose heading names
 *    the topic (抓理论武装促“铸魂”。/ 抓组织建设促“强身”。…);
 * 3. parallel phrases printed in one sentence (党建为魂、服务为基、共治为要),
 *    matched to the count and shared character the question names (三个“为”);
 * 4. a plain enumeration in the sentence that best answers the question
 *    (入党动机、政治觉悟、道德品质、遵纪守法等), or quoted terms it lines up
 *    (“连心桥”…“主阵地”) when the question counts that many;
 * 5. the run-in headings of the section of the best passage.
 */
import type { Passage } from "../chunk/types.js";
import type { Lexicon } from "../search/lexicon.js";
import { coverage, type KeywordWeight } from "../search/relevance.js";
import type { Hit } from "../search/types.js";
import { splitSentences } from "../text/normalize.js";
import {
  ASKS_ARTICLE_OUTLINE,
  ASKS_THE_REST,
  ASKS_SECTIONS,
  ASKS_SOURCES,
  DENG_ITEM_MAX_CHARS,
  ENUMERATION_MIN_COVERAGE,
  ENUMERATION_RANK_STEP,
  GENERIC_CATEGORIES,
  LIST_REQUEST,
  LISTED_MAX_ITEMS,
  MAX_LIST_ITEMS,
  PARALLEL_ITEM_MAX_CHARS,
  MIN_LIST_ITEMS,
  PERSON_NOUN,
  RUN_IN_HEADING_MAX_CHARS,
  TOPIC_HEADING_COVERAGE,
  TOPIC_SECTION_LOOKUP,
  TOPIC_SECTION_MAX_PARAGRAPHS,
} from "./policy.js";

/** One item of a list answer and the passage that states it. */
export interface ListItem {
  text: string;
  passage: Passage;
}

/** A list found in the reports. */
export interface FoundList {
  /** Where the items come from (for the answer's lead line). */
  source: "sections" | "run-in" | "phrases";
  /** Article or section the list belongs to. */
  heading: string;
  /** For printed phrases: the sentence that prints them. */
  sentence?: string;
  items: ListItem[];
}

/** What list finding needs. */
export interface ListInput {
  normalized: string;
  keywords: string[];
  hits: Hit[];
  lexicon: Lexicon;
  weight: KeywordWeight;
  /** Passage lookup by citation id. */
  passage: (id: string) => Passage | null;
}

const CHINESE_COUNTS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/** A count as printed: digits, or Chinese numerals up to 九十九 (三, 十二, 二十, 二十四). */
const COUNT = "(\\d+|[一两二三四五六七八九]?十[一二三四五六七八九]?|[两二三四五六七八九十])";

/** The value of a count as printed (十二 → 12), or NaN. */
export function countValue(text: string): number {
  if (/^\d+$/u.test(text)) return Number(text);
  const ten = text.indexOf("十");
  if (ten < 0) return CHINESE_COUNTS[text] ?? Number.NaN;
  const tens = ten === 0 ? 1 : (CHINESE_COUNTS[text.slice(0, ten)] ?? Number.NaN);
  const ones = ten === text.length - 1 ? 0 : (CHINESE_COUNTS[text.slice(ten + 1)] ?? Number.NaN);
  return tens * 10 + ones;
}

/** The number of items a question names (三个“为”, 4个方面), or null. */
export function countAsked(q: string): number | null {
  // a count the question states (定了8项事，一般啥样的事…) is not the size of the list it asks for:
  // only the clauses that ask (哪/啥/什么/几) are read
  // (a slogan the question names in another clause, 那篇讲的“四个强化”，分别强化的啥, is in Chinese numerals and stays)
  const clauses = q.split(/[，,；;。？?！!]/u);
  const asks = (c: string) => /(哪|啥|什么|几|咋|怎么)/u.test(c);
  // …unless the question asks to have them listed (那25个环节，挨个列一下): then the count it names is the list's
  const listsOut = LIST_REQUEST.test(q);
  const text = clauses.some(asks) && !listsOut ? clauses.map((c) => (asks(c) ? c : c.replace(/\d+\s*\p{Script=Han}/gu, ""))).join("，") : q;
  // 三个/4项/几大…, or 哪+numeral before any word (哪三抓, 哪四议)
  // 哪10项 names a list outright, however long (the reports may not print it: then it is refused)
  const named = /哪(\d{1,2})\s*(?:个|项|条|种|类|方面|点|样)/u.exec(text);
  if (named && Number(named[1]) >= MIN_LIST_ITEMS) return Number(named[1]);
  const m = new RegExp(`${COUNT}\\s*(?:个|项|大|条|道|级|种|类|方面|点|样|句)`, "u").exec(text) ?? /哪([两二三四五六七八九十])/u.exec(text);
  if (!m) return null;
  const n = countValue(m[1]!);
  // 127个红色议事厅 counts places, not the items of a list (a list asked for outright may be longer)
  return Number.isFinite(n) && n >= MIN_LIST_ITEMS && n <= (listsOut ? LISTED_MAX_ITEMS : MAX_LIST_ITEMS) ? n : null;
}

/** The characters of the noun a question counts (哪几道关 → 关, 三级审查 → 审查), or none. */
export function countedNoun(q: string): string[] {
  const m = /(?:哪|几|[两二三四五六七八九十])[几两二三四五六七八九十]?(?:个|道|项|条|种|类|级|大)(\p{Script=Han}{1,2})/u.exec(q);
  return m ? Array.from(m[1]!).filter((ch) => !/[是的有呢吗啥些都]/u.test(ch)) : [];
}

/** The run-in heading of a paragraph: a short first sentence that introduces the rest, or null. */
export function runInHeading(text: string): string | null {
  const sentences = splitSentences(text);
  const first = sentences[0];
  if (!first || sentences.length < 2) return null;
  const bare = first.replace(/[。！？!?]+$/u, "");
  if (Array.from(bare).length > RUN_IN_HEADING_MAX_CHARS || /[，,；;]/u.test(bare)) return null;
  return bare;
}

/** Paragraph passages of one section, in order. */
function sectionParagraphs(input: ListInput, articleId: string, sectionNo: number): Passage[] {
  const out: Passage[] = [];
  for (let n = 1; n <= TOPIC_SECTION_MAX_PARAGRAPHS; n++) {
    const p = input.passage(`${articleId}:${sectionNo}.${n}`);
    if (!p) break;
    out.push(p);
  }
  return out;
}

function runInItems(paragraphs: Passage[]): ListItem[] {
  const items: ListItem[] = [];
  for (const p of paragraphs) {
    const h = runInHeading(p.text);
    if (h) items.push({ text: h, passage: p });
  }
  return items;
}

/**
 * True when a list question asks for the article's parts: it names them (小标题,
 * 那篇稿子分几块), or asks 哪几个方面 of what the article's title is about
 * (碧江从哪几个方面提升治理效能) — not of a detail inside it.
 */
function asksSections(input: ListInput): boolean {
  if (ASKS_ARTICLE_OUTLINE.test(input.normalized)) return true;
  if (!ASKS_SECTIONS.test(input.normalized)) return false;
  const top = input.hits.find((h) => h.passage.kind === "paragraph");
  return !!top && coverage(input.keywords, top.passage.title, input.lexicon, input.weight) >= TOPIC_HEADING_COVERAGE;
}

/** The section headings of the article of the best passage. */
function sectionHeadings(input: ListInput): FoundList | null {
  const top = input.hits.find((h) => h.passage.kind === "paragraph");
  if (!top) return null;
  const { articleId } = top.passage;
  const items: ListItem[] = [];
  for (let s = 1; s <= TOPIC_SECTION_MAX_PARAGRAPHS; s++) {
    const first = input.passage(`${articleId}:${s}.1`);
    if (!first) break;
    items.push({ text: first.section, passage: first });
  }
  return items.length >= MIN_LIST_ITEMS ? { source: "sections", heading: top.passage.title, items } : null;
}

/** Phrases the question quotes (“党建+”, "三抓三促"): the name of the list it asks for. */
function quotedIn(q: string): string[] {
  return [...q.matchAll(/[“"「]([^”"」]{1,12})[”"」]/gu)].map((m) => m[1]!);
}

/**
 * Run-in headings of a section whose heading names the question's topic; a
 * heading that contains what the question quotes (“党建+”) comes first.
 */
function topicRunIns(input: ListInput): FoundList | null {
  const quoted = quotedIn(input.normalized);
  const named = (h: Hit) => quoted.some((qt) => h.passage.section.includes(qt));
  const tops = input.hits
    .slice(0, TOPIC_SECTION_LOOKUP)
    .filter(
      (h) =>
        h.passage.kind === "paragraph" &&
        h.passage.sectionNo > 0 &&
        coverage(input.keywords, h.passage.section, input.lexicon, input.weight) >= TOPIC_HEADING_COVERAGE,
    );
  const top = tops.find(named) ?? tops[0];
  if (!top) return null;
  const items = runInItems(sectionParagraphs(input, top.passage.articleId, top.passage.sectionNo));
  return items.length >= MIN_LIST_ITEMS ? { source: "run-in", heading: top.passage.section, items } : null;
}

/**
 * Parallel phrases in one sentence: three or more short items separated by 、
 * of about the same length, sharing a character at the same position
 * (党建为魂、服务为基、共治为要 share 为).
 */
export function parallelPhrases(sentence: string): string[][] {
  const out: string[][] = [];
  // three or more quoted items in a row (“入口关”“程序关”和“质量关”) are a list as printed
  for (const m of sentence.matchAll(/(?:“[^“”、，,]{1,12}”(?:和|与|及|、)?){3,}/gu)) {
    const items = [...m[0].matchAll(/“([^”]+)”/gu)].map((x) => x[1]!);
    if (sharesCharacter(items)) out.push(items);
  }
  // a quoted run (“整合党政干部强政府治理、…”) is the list itself; elsewhere a clause between punctuation
  const quotedRuns = [...sentence.matchAll(/“([^”]*、[^”]*)”/gu)].map((m) => m[1]!);
  const clauses = sentence.replace(/“[^”]*、[^”]*”/gu, "，").split(/[，,。；;：:！!？?（）()]/u);
  for (const [segment, quoted] of [...quotedRuns.map((q) => [q, true] as const), ...clauses.map((c) => [c, false] as const)]) {
    // the list's own name may follow its last item (…区委组织部联审“三级审查”机制): the item ends before it
    const lastSep = segment.lastIndexOf("、");
    const nameAt = lastSep >= 0 ? segment.indexOf("“", lastSep) : -1;
    const parts = (nameAt > lastSep + 1 ? segment.slice(0, nameAt) : segment).replace(/[“”"]/gu, "").split("、");
    if (parts.length < 3) continue;
    // outside quotes the first item may carry the verb that introduces the list (以党建为魂): keep its last characters
    const len = Array.from(parts[1]!).length;
    // the first item may be a character shorter or longer than the second (定标准、定方式培): the cut that keeps the pattern
    for (const firstLen of quoted ? [0] : [len, len - 1, len + 1]) {
      const items = parts.map((p, i) => (i === 0 && !quoted ? Array.from(p).slice(-firstLen).join("") : p));
      if (items.some((p) => Array.from(p).length < 2 || Array.from(p).length > PARALLEL_ITEM_MAX_CHARS)) continue;
      // items of about one length share a character at one place from the start (党建为魂、服务为基); items
      // of different lengths share their ending (支部政审、基层党委预审、区委组织部联审)
      const sameLength = items.every((p) => Math.abs(Array.from(p).length - len) <= 1);
      if ((sameLength && sharesCharacter(items)) || sharesEnding(items)) {
        out.push(items);
        break;
      }
    }
  }
  return out;
}

/** True when the items share a character at the same place from the start. */
function sharesCharacter(items: string[]): boolean {
  const first = Array.from(items[0] ?? "");
  return first.some((ch, i) => items.every((p) => Array.from(p)[i] === ch));
}

/** True when the items end with the same character (X审, X关). */
function sharesEnding(items: string[]): boolean {
  const last = (p: string) => Array.from(p).at(-1);
  return items.length >= 3 && items.every((p) => last(p) === last(items[0]!)) && /\p{Script=Han}/u.test(last(items[0]!) ?? "");
}

/** Parallel phrases in the best passages, matched to the count and characters the question names. */
function phraseList(input: ListInput): FoundList | null {
  const n = countAsked(input.normalized);
  const quoted = quotedIn(input.normalized);
  const noun = countedNoun(input.normalized);
  let best: { items: string[]; passage: Passage; score: number; sentence: string } | null = null;
  input.hits.slice(0, TOPIC_SECTION_LOOKUP).forEach((h, rank) => {
    for (const s of splitSentences(h.passage.text)) {
      for (const items of parallelPhrases(s)) {
        let score = -rank;
        if (n !== null) score += items.length === n ? 3 : -3;
        if (quoted.some((qt) => items.every((it) => it.includes(qt)))) score += 3;
        // 哪几道关, 三级审查: items that carry the counted noun (入口关, 支部政审) are the ones asked for
        if (noun.length && items.every((it) => noun.some((ch) => it.includes(ch)))) score += 3;
        if (!best || score > best.score) best = { items, passage: h.passage, score, sentence: s };
      }
    }
  });
  const found = best as { items: string[]; passage: Passage; score: number; sentence: string } | null;
  if (!found || found.score < 0) return null;
  return {
    source: "phrases",
    heading: found.passage.section,
    sentence: found.sentence,
    items: found.items.map((text) => ({ text, passage: found.passage })),
  };
}

/**
 * The items of plain enumerations in a sentence: three or more short phrases
 * joined by 、 (the last may be joined by 和/及/与), as in 入党动机、政治觉悟、
 * 道德品质、遵纪守法等情况 or 个人申请、民主推荐和支部委派3种方式. A middle item
 * sets the length: the first item loses the verb before it, the last the words
 * after it.
 */
export function enumerations(sentence: string): string[][] {
  const out: string[][] = [];
  const bare = (x: string) => x.replace(/[“”"]/gu, "");
  for (const clause of sentence.split(/[，,。；;：:！!？?（）()]/u)) {
    const parts = clause.split("、");
    if (parts.length < 2) continue;
    // the last part may join one more item with 和/及/与 (民主推荐和支部委派3种方式)
    const tail = parts.pop()!;
    const joined = /^(\p{Script=Han}{2,8}?)(?:和|及|与|以及)(\p{Script=Han}{2,}.*)$/u.exec(bare(tail));
    if (joined) parts.push(joined[1]!, joined[2]!);
    else parts.push(tail);
    if (parts.length < 3) continue;
    const middle = parts.slice(1, -1).map(bare);
    const len = Array.from(middle[0]!).length;
    if (middle.some((p) => Array.from(p).length !== len || !/^\p{Script=Han}+$/u.test(p)) || len < 2 || len > 6) continue;
    const first = Array.from(bare(parts[0]!)).slice(-len).join("");
    // the last item ends where 等, a count or a quoted name follows it (…联审“三级审查”机制), else at the middle items' length
    const lastPart = parts.at(-1)!;
    const cut = /^(\p{Script=Han}{2,12}?)(?:等|\d|[两二三四五六七八九十][个种项类级]|“)/u.exec(lastPart.replace(/^[“”]/u, ""))?.[1];
    const last = cut && Math.abs(Array.from(cut).length - len) <= 2 ? cut : Array.from(bare(lastPart)).slice(0, len).join("");
    if (!/^\p{Script=Han}+$/u.test(first + last)) continue;
    out.push([first, ...middle, last]);
  }
  return out;
}

/**
 * The items of a "从A、B和C等X中" list: what a sentence draws from, covers or
 * names before 等 (从驻村干部和到村任职选调生等队伍中, 从35岁以下的致富能手、退役军人
 * 等青年中), items of any length joined by 、 or 和/及/与.
 */
export function dengLists(sentence: string, markers = "从|对|围绕|包括|涵盖|聚焦|针对"): string[][] {
  const out: string[][] = [];
  // 从…等X中: drawn from a group (the 中/里 closes it; 从源头筛查A、B等情况 is not a source)
  for (const m of sentence.matchAll(new RegExp(`(?:${markers})([^，,。；;：:]{4,80}?)等(?:(?<=从[^等]*等)\\p{Script=Han}{0,8}?[中里])?`, "gu"))) {
    if (m[0].startsWith("从") && !/[中里]$/u.test(m[0])) continue;
    const items = m[1]!
      .replace(/[“”]/gu, "")
      .split(/、|以及|和|及|与/u)
      .map((x) => x.trim());
    if (items.length >= MIN_LIST_ITEMS && items.every((x) => Array.from(x).length >= 2 && Array.from(x).length <= DENG_ITEM_MAX_CHARS)) out.push(items);
  }
  return out;
}

/** The parts of quoted chains (“党支部+网格党小组+党员中心户”, “街道引领—物业落实—党员带头”): a list as printed. */
export function chains(sentence: string): string[][] {
  const out: string[][] = [];
  for (const m of sentence.matchAll(/“([^“”]+)”/gu)) {
    const parts = m[1]!.split(/[+＋—–]+/u).map((x) => x.replace(/[(（][^)）]*[)）]/gu, "").trim());
    // a part may carry a count in letters or digits (N名兼职网格员, X名联户长)
    const item = (x: string) =>
      /^[\p{Script=Han}A-Za-z0-9]+$/u.test(x) && (x.match(/\p{Script=Han}/gu) ?? []).length >= 2 && Array.from(x).length <= PARALLEL_ITEM_MAX_CHARS;
    if (parts.length >= MIN_LIST_ITEMS && parts.every(item)) out.push(parts);
  }
  return out;
}

/** The count a question asks for as printed (三级, 3种, 四个): numeral and measure word, or null. */
function countWords(q: string): { n: number; measure: string } | null {
  const m = new RegExp(`${COUNT}\\s*(个|项|大|条|道|级|种|类|方面|点|样|步|句)`, "u").exec(q);
  if (!m) return null;
  const n = countValue(m[1]!);
  return Number.isFinite(n) ? { n, measure: m[2]! } : null;
}

/** True when the text right after a list prints the count the question names (…”三级治理体系, …3种方式). */
function printsCount(after: string, count: { n: number; measure: string } | null): boolean {
  if (!count) return false;
  const head = after.replace(/^[”"\s]+/u, "").slice(0, 6);
  const numerals = Object.entries(CHINESE_COUNTS)
    .filter(([, v]) => v === count.n)
    .map(([k]) => k);
  return [String(count.n), ...numerals].some((x) => head.includes(`${x}${count.measure}`));
}

/** The text of the sentence after a list's last item. */
function textAfter(sentence: string, items: string[]): string {
  const start = sentence.indexOf(items[0]!);
  const at = sentence.indexOf(items.at(-1)!, Math.max(0, start));
  return at < 0 ? "" : sentence.slice(at + items.at(-1)!.length);
}

/** Runs of items inside one pair of quotes (“强基固本、赋能发展、服务群众”): a slogan list as printed. */
export function quotedRuns(sentence: string): string[][] {
  const out: string[][] = [];
  for (const m of sentence.matchAll(/“([^“”]*、[^“”]*)”/gu)) {
    const items = m[1]!.split("、").map((x) => x.trim());
    if (items.length >= MIN_LIST_ITEMS && items.every((x) => Array.from(x).length >= 2 && Array.from(x).length <= PARALLEL_ITEM_MAX_CHARS)) out.push(items);
  }
  return out;
}

/**
 * 用哪八个字概括: the quoted phrase of the best passages with that many
 * characters (“权小责大、人少事多”), as its parts; null when none has.
 */
function charCountQuote(input: ListInput, chars: number): FoundList | null {
  let best: { items: string[]; passage: Passage; sentence: string; cov: number } | null = null;
  for (const h of input.hits.slice(0, TOPIC_SECTION_LOOKUP)) {
    for (const s of splitSentences(h.passage.text)) {
      for (const m of s.matchAll(/“([^“”]+)”/gu)) {
        if ((m[1]!.match(/\p{Script=Han}/gu) ?? []).length !== chars) continue;
        const cov = coverage(input.keywords, s, input.lexicon, input.weight);
        if (!best || cov > best.cov) best = { items: m[1]!.split(/[、，,]/u).filter(Boolean), passage: h.passage, sentence: s, cov };
      }
    }
  }
  const found = best as { items: string[]; passage: Passage; sentence: string; cov: number } | null;
  if (!found || found.items.length < MIN_LIST_ITEMS) return null;
  return { source: "phrases", heading: found.passage.section, sentence: found.sentence, items: found.items.map((text) => ({ text, passage: found.passage })) };
}

/** Quoted terms of one sentence (“连心桥”…“主阵地”), when there are two or more. */
function quotedTerms(sentence: string): string[] {
  const terms = [...sentence.matchAll(/“([^“”]{2,8})”/gu)].map((m) => m[1]!);
  return terms.length >= MIN_LIST_ITEMS ? terms : [];
}

/**
 * A plain enumeration (or quoted terms, when the question counts exactly as
 * many) in the sentence of the best passages that best covers the question.
 */
function sentenceEnumeration(input: ListInput, onlyCounted = false): FoundList | null {
  const n = countAsked(input.normalized);
  const count = countWords(input.normalized);
  const category = askedCategory(input.normalized);
  const kind = askedKind(input.normalized);
  let best: { items: string[]; passage: Passage; score: number; sentence: string } | null = null;
  // where people are drawn from is often stated once, in a passage ranked below the first few
  const lookup = ASKS_SOURCES.test(input.normalized) ? input.hits.length : TOPIC_SECTION_LOOKUP;
  input.hits.slice(0, lookup).forEach((h, rank) => {
    for (const s of splitSentences(h.passage.text)) {
      const cov = coverage(input.keywords, s, input.lexicon, input.weight);
      if (cov < ENUMERATION_MIN_COVERAGE) continue;
      // printed parallel phrases first: on a tie their items are the cleaner cut
      // 从哪些人里挑: only what the sentence draws from (从A和B等队伍中) answers
      const sources = ASKS_SOURCES.test(input.normalized);
      const lists = sources
        ? dengLists(s, "从")
        : [
            ...parallelPhrases(s),
            ...quotedRuns(s),
            ...enumerations(s),
            ...chains(s),
            ...dengLists(s),
            // quoted names in a row (“产业带头人”“调解能手”“孝心党员”): as many as counted, or three or more
            ...[quotedTerms(s)].filter((t) => (n !== null ? t.length === n : t.length >= 3)),
          ];
      for (const items of lists) {
        if (n !== null && items.length !== n) continue;
        const after = textAfter(s, items);
        // the list printed with the count or the kind of thing the question names (…3种方式, “三级审查”)
        const counted =
          sources ||
          printsCount(after, count) ||
          (kind !== null &&
            after
              .replace(/^[”"\s]+/u, "")
              .slice(0, 8)
              .includes(kind));
        if (onlyCounted && !counted) continue;
        // 哪些部门: a list of something else (建强组织、提升服务…) is not the answer
        if (category && !counted && !namesCategory(items, after, category)) continue;
        const score = cov - rank * ENUMERATION_RANK_STEP;
        if (!best || score > best.score) best = { items, passage: h.passage, score, sentence: s };
      }
    }
  });
  const found = best as { items: string[]; passage: Passage; score: number; sentence: string } | null;
  if (!found) return null;
  return { source: "phrases", heading: found.passage.section, sentence: found.sentence, items: found.items.map((text) => ({ text, passage: found.passage })) };
}

/**
 * The kind of thing a list question asks for (哪些部门 → 部门, 哪几种方式 → 方式),
 * or null when it is generic (方面, 情况, 东西, 内容: anything listed answers).
 */
export function askedCategory(q: string): string | null {
  const c = askedKind(q);
  return c && !GENERIC_CATEGORIES.test(c) ? c : null;
}

/** The word after 哪些/哪几种/几种 in a list question (部门, 方式, 情况), generic or not. */
function askedKind(q: string): string | null {
  const m = /(?:哪些|哪几[个种类项条样支]?|哪[两二三四五六七八九十][个种类项条样支]?|几[种类])(\p{Script=Han}{1,3}?)(?=[是呢啊吗派里中从的？?，,。]|$)/u.exec(
    q,
  );
  return m?.[1] ?? null;
}

/** True when a list names the category asked: printed right after it (等队伍, 3种方式) or carried by every item (X部门). */
function namesCategory(items: string[], after: string, category: string): boolean {
  // 哪四种人, 哪几种典型人物: the items name people (网格长、网格员、联户长; 产业带头人、孝心党员)
  if (/(人|人物|人员)$/u.test(category)) return items.filter((it) => PERSON_NOUN.test(it)).length * 2 >= items.length;
  const last = Array.from(category).at(-1)!;
  return (
    after
      .replace(/^[”"\s]+/u, "")
      .slice(0, 8)
      .includes(category) || items.every((it) => it.endsWith(last))
  );
}

/** Run-in headings of the section of the best passage (when it has them). */
function bestSectionRunIns(input: ListInput): FoundList | null {
  const top = input.hits[0];
  if (!top || top.passage.kind !== "paragraph" || top.passage.sectionNo === 0 || !runInHeading(top.passage.text)) return null;
  const items = runInItems(sectionParagraphs(input, top.passage.articleId, top.passage.sectionNo));
  return items.length >= MIN_LIST_ITEMS ? { source: "run-in", heading: top.passage.section, items } : null;
}

/**
 * A numbered slogan that is the article's structure: "四个强化" when the
 * article has four sections and every heading contains 强化, or "三步走" when
 * the article's title carries it and it has three sections.
 */
function sloganSections(input: ListInput): FoundList | null {
  const n = countAsked(input.normalized);
  if (n === null) return null;
  const found = sectionHeadings(input);
  if (!found || found.items.length !== n) return null;
  const shared = input.keywords.filter((k) => found.items.every((it) => it.text.includes(k)));
  // …or the slogan is the article's title (万山：“三步走”推动…, three sections): its sections are the steps
  const inTitle =
    quotedIn(input.normalized).some((qt) => found.heading.includes(qt)) ||
    input.keywords.some((k) => /[两二三四五六七八九十]/u.test(k) && found.heading.includes(k));
  return shared.length || inTitle ? found : null;
}

/** The list a list question asks for, or null (then it is answered with sentences). */
export function findList(input: ListInput): FoundList | null {
  // a question that says how many items it wants (哪四个) takes only a list of that many
  const n = countAsked(input.normalized);
  // a list named in quotes (“三小园”, “党建+”) has items that carry part of its name (X园, 党建+X)
  // (several quoted names, “清”“准”“实”: each item carries one of them)
  const named = quotedIn(input.normalized).flatMap((q) => Array.from(q.replace(/[\d两二三四五六七八九十个+]/gu, "")));
  // (an article titled with the quoted name, 万山：“三步走”…, has it as its sections' name instead)
  const titled = (l: FoundList) => l.source === "sections" && quotedIn(input.normalized).some((qt) => l.heading.includes(qt));
  const carriesName = (l: FoundList) => named.length === 0 || titled(l) || l.items.every((it) => named.some((ch) => it.text.includes(ch)));
  // 亮身份后面还有哪两个, 除了程序关还有哪两关: the items the question names count towards the list's size
  const besides = ASKS_THE_REST.test(input.normalized);
  const namedItems = (l: FoundList) => l.items.filter((it) => input.normalized.includes(it.text)).length;
  const sized = (l: FoundList) => n === null || l.items.length === n || (besides && namedItems(l) > 0 && l.items.length === n + namedItems(l));
  const fits = (l: FoundList | null) => (l && sized(l) && carriesName(l) ? l : null);
  // 哪几道关: printed items that carry the counted noun (入口关、程序关、质量关) come first
  const noun = countedNoun(input.normalized);
  const printed = fits(phraseList(input));
  const nounFirst = printed && noun.length && printed.items.every((it) => noun.some((ch) => it.text.includes(ch))) ? printed : null;
  // 用哪八个字概括: a quoted phrase of that many characters, or nothing
  const chars = new RegExp(`${COUNT}个字`, "u").exec(input.normalized);
  if (chars) {
    const n = countValue(chars[1]!);
    return Number.isFinite(n) ? charCountQuote(input, n) : null;
  }
  // 从哪些人里挑: what a sentence draws from, or nothing (then sentences answer)
  if (ASKS_SOURCES.test(input.normalized)) {
    const sources = fits(sentenceEnumeration(input, true));
    return sources ? { ...sources, items: sources.items.slice(0, MAX_LIST_ITEMS) } : null;
  }
  // a list printed with the count the question names (…“三级审查”机制, …3种方式) is the one asked for
  const countPrinted = fits(sentenceEnumeration(input, true));
  const found =
    nounFirst ??
    countPrinted ??
    fits(asksSections(input) ? sectionHeadings(input) : null) ??
    fits(sloganSections(input)) ??
    fits(topicRunIns(input)) ??
    fits(phraseList(input)) ??
    fits(sentenceEnumeration(input)) ??
    fits(bestSectionRunIns(input));
  return found ? { ...found, items: found.items.slice(0, MAX_LIST_ITEMS) } : null;
}
