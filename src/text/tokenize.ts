/**
 * Tokenizer for retrieval: @node-rs/jieba words (search mode) plus character
 * bigrams over Han runs, after normalisation. Punctuation is dropped.
 * Nothing is cached here: a passage is tokenized once, at index time, and its tokens
 * are stored with the report's cache files (index/cache-files.ts).
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { normalizeText } from "./normalize.js";

/** Domain words jieba's dictionary splits apart; kept whole so they match as one term. */
const DOMAIN_WORDS = [
  "网格员", "网格长", "联户长", "楼栋长", "社区工作者", "社工", "一肩挑", "红色物业", "业委会", "物业服务企业",
  "三方联动", "议事厅", "红色议事厅", "兼职委员", "双报到", "双向进入", "交叉任职", "僵尸群", "工作群", "留痕",
  "减负", "四议两公开", "三会一课", "主题党日", "党员先锋队", "党员突击队", "日间照料", "后备力量", "政审",
  "联审", "发展党员", "无职党员", "积极分子", "新就业群体", "驿站", "老年食堂", "准入", "一张表", "排队抓尾",
  "党群服务中心", "党群服务站", "小区事小区办", "零差价", "快递存放点", "返乡座谈会", "设岗定责",
];

let jieba: Jieba | undefined;
function getJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 20000 n`).join("\n")));
  }
  return jieba;
}

const HAN = /\p{Script=Han}/u;
const WORDISH = /^[\p{Script=Han}\p{L}\p{N}][\p{Script=Han}\p{L}\p{N}.%]*$/u;

function clean(raw: string[]): string[] {
  const out: string[] = [];
  for (const w of raw) {
    const t = w.trim().toLowerCase();
    if (t && WORDISH.test(t)) out.push(t);
  }
  return out;
}

/** Jieba words of already-normalised text, lower-cased, punctuation removed. */
export function words(normalized: string): string[] {
  return clean(getJieba().cut(normalized, true));
}

/** Jieba search-mode words (sub-words of long words too). */
export function searchWords(normalized: string): string[] {
  return clean(getJieba().cutForSearch(normalized, true));
}

/** Character bigrams over each run of Han characters (single-char runs kept as unigrams). */
export function bigrams(normalized: string): string[] {
  const out: string[] = [];
  for (const run of normalized.match(/\p{Script=Han}+/gu) ?? []) {
    const cs = Array.from(run);
    if (cs.length === 1) out.push(cs[0]!);
    for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i]! + cs[i + 1]!);
  }
  return out;
}

/** The retrieval tokens of any text: words (prefixed `w:`) and bigrams (prefixed `b:`). */
export function tokenize(text: string): string[] {
  const n = normalizeText(text);
  if (!n) return [];
  const ws = searchWords(n).map((w) => `w:${w}`);
  const bs = bigrams(n).map((b) => `b:${b}`);
  return ws.concat(bs);
}

/** True when the string has at least one Han character, letter or digit. */
export function hasContent(text: string): boolean {
  return /[\p{Script=Han}\p{L}\p{N}]/u.test(text) && (HAN.test(text) || /[\p{L}\p{N}]{2,}/u.test(text));
}

/** True when jieba knows the text as one ordinary word (水平), not a place or a name (东河, 茅坪). */
export function isCommonWord(text: string): boolean {
  const tagged = getJieba().tag(text, false);
  return tagged.length === 1 && !/^(ns|nr|nt|nz)/.test(tagged[0]!.tag);
}
