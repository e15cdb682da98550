/**
 * Tokenizer for retrieval: @node-rs/jieba words (search mode) plus character
 * bigrams over Han runs, after normalisation. Punctuation is dropped.
 * Domain words jieba would split (网格员) come from the lexicon folder through
 * `configureTokenizer`; this module reads no file and no environment. Nothing
 * is cached here: a passage is tokenized once, at index time, and its tokens
 * are stored with the report's cache files (index/cache-files.ts).
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { normalizeText } from "./normalize.js";

/** Added to jieba with a high frequency, so a domain word wins over jieba's own split. */
const DOMAIN_WORD_FREQUENCY = 20000;

/** The domain words the tokenizer keeps whole (see `configureTokenizer`). */
let domainWords: readonly string[] = [];
let jieba: Jieba | undefined;

/**
 * Set the domain words (from `data/lexicon/domain-words.txt`, via
 * `loadDomainWords`) that jieba must keep whole. The index build calls it
 * before tokenizing reports and the index loader with the list the index was
 * built with, so questions and passages are cut the same way. Until it is
 * called, jieba's dictionary alone is used.
 */
export function configureTokenizer(words: readonly string[]): void {
  const next = [...new Set(words)];
  if (next.length === domainWords.length && next.every((w, i) => w === domainWords[i])) return;
  domainWords = next;
  jieba = undefined; // words cannot be taken out of a jieba instance: the next call makes a fresh one
}

/** The domain words the tokenizer uses now. */
export function tokenizerDomainWords(): readonly string[] {
  return domainWords;
}

function getJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    if (domainWords.length) jieba.loadDict(Buffer.from(domainWords.map((w) => `${w} ${DOMAIN_WORD_FREQUENCY} n`).join("\n")));
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

/**
 * The part-of-speech tag of a text that jieba's dictionary holds as one word
 * (退休 → "v", 上海 → "ns"), or null when the dictionary does not know it
 * as a whole (网个员, 党元: no hidden-Markov guessing here).
 */
export function dictionaryTag(text: string): string | null {
  const tagged = getJieba().tag(text, false);
  return tagged.length === 1 ? tagged[0]!.tag : null;
}

/** True when jieba tags every word of the text as naming a thing (noun, place, name, nominal verb, idiom). */
export function isNounLike(text: string): boolean {
  const tagged = getJieba().tag(text, true);
  return tagged.length > 0 && tagged.every((t) => /^(n|vn|an|s|j|l|i)/.test(t.tag));
}
