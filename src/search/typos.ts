/**
 * Homophone typos from pinyin input methods: a worker types "wanggeyuan" and
 * picks 网个员 instead of 网格员. A question word the corpus does not contain is
 * matched, by its tone-less syllables, to a corpus word of the same length
 * (网个员 → wang ge yuan → 网格员), keeping at least one of its characters in
 * place. Only words absent from the corpus and the lexicon are read this way,
 * never a place (nor a word overlapping one) or a one-character word, and a word jieba's
 * dictionary knows (退休) only when it sounds exactly (tones too) like a
 * domain word: an everyday word the reports do not use is not a typo.
 */
import { pinyin } from "pinyin-pro";
import { dictionaryTag, words } from "../text/tokenize.js";

/** Shortest and longest word read as a possible typo (one character has too many homophones to guess). */
export const TYPO_MIN_CHARS = 2;
export const TYPO_MAX_CHARS = 5;
/** Shortest window across jieba words read as one typo (two characters across words are too often just two words). */
export const WINDOW_MIN_CHARS = 3;

/**
 * Most corpus words kept in the pinyin map, most frequent first. The shipped
 * report has about 3,000 words and a 1,000-report corpus tens of thousands;
 * the bound keeps the map (and its one-off build) small on any corpus, and a
 * word so rare it falls outside it is a poor guess for a typo anyway.
 */
export const MAX_TYPO_VOCABULARY = 30_000;

/** jieba tags of names: a person's or a place's name is never "corrected" (上海 is not 伤害). */
const NAME_TAG = /^(ns|nr)/;

/** One corpus word a typo may stand for. */
export interface TypoCandidate {
  word: string;
  /** Passages containing it (0 for a lexicon word the corpus has not used yet). */
  frequency: number;
  /** A domain or lexicon word (网格员, 减负): a dictionary word may be read as one of these only. */
  domain: boolean;
  /** Syllables with tones (wang2 ge2 yuan2), for the exact match a dictionary word needs. */
  tones: string;
}

/** What `correctTypos` checks question words against; built once per loaded index. */
export interface TypoVocabulary {
  /** Tone-less syllables ("wang ge yuan") → corpus words of that sound, most frequent first. */
  byPinyin: Map<string, TypoCandidate[]>;
  /** True when the corpus contains the word (BM25 `w:` term with df > 0). */
  isKnown(word: string): boolean;
  /** True for question words (多少, 怎么) that say what kind of answer. */
  isStop(word: string): boolean;
  /** True for a place name the question may use (gazetteer, regions, outside places). */
  isPlace(word: string): boolean;
  /** The place names themselves: a word overlapping one in the question (村清 in 茅坪村清…) is left alone. */
  placeNames: readonly string[];
  /** Syllables written together ("wanggeyuan", "wanshan") → the corpus word or place typed in pinyin. */
  byLatinPinyin: Map<string, string>;
}

/** One correction: the word as typed and the corpus word it was read as. */
export interface TypoCorrection {
  from: string;
  to: string;
}

/** A run of Latin letters that may be pinyin typed without choosing characters (two syllables at least). */
const LATIN_WORD = /[A-Za-z]{4,30}/gu;

const HAN_WORD = new RegExp(`^\\p{Script=Han}{${TYPO_MIN_CHARS},${TYPO_MAX_CHARS}}$`, "u");

/** Tone-less syllables of a word, space-separated. */
export function toneless(word: string): string {
  return pinyin(word, { toneType: "none", type: "array" }).join(" ");
}

function withTones(word: string): string {
  return pinyin(word, { toneType: "num", type: "array" }).join(" ");
}

/**
 * Build the vocabulary: corpus words (term, passage count) of 2–5 Han
 * characters, the most frequent MAX_TYPO_VOCABULARY of them, plus the domain
 * and lexicon words (also kept when the corpus has not used them yet).
 */
export function buildTypoVocabulary(input: {
  corpusWords: Iterable<[string, number]>;
  domainWords: Iterable<string>;
  isStop: (word: string) => boolean;
  placeNames: readonly string[];
  maxWords?: number;
}): TypoVocabulary {
  const frequency = new Map<string, number>();
  for (const [w, df] of input.corpusWords) if (df > 0 && HAN_WORD.test(w)) frequency.set(w, df);
  const domain = new Set([...input.domainWords].filter((w) => HAN_WORD.test(w)));
  const chosen = [...frequency.entries()]
    .filter(([w]) => !domain.has(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, input.maxWords ?? MAX_TYPO_VOCABULARY)
    .map(([w]) => w);
  const byPinyin = new Map<string, TypoCandidate[]>();
  for (const word of [...domain, ...chosen]) {
    if (input.isStop(word)) continue;
    const key = toneless(word);
    const list = byPinyin.get(key) ?? [];
    list.push({ word, frequency: frequency.get(word) ?? 0, domain: domain.has(word), tones: withTones(word) });
    byPinyin.set(key, list);
  }
  for (const list of byPinyin.values()) list.sort((a, b) => b.frequency - a.frequency || Number(b.domain) - Number(a.domain));
  const placeNames = input.placeNames.filter((p) => Array.from(p).length >= TYPO_MIN_CHARS);
  // a worker who types pinyin without choosing characters (wanshan cunji houbei) means a corpus word or a place
  // (a place wins over a word of the same sound: wanshan is 万山 before 完善)
  const byLatinPinyin = new Map<string, string>();
  for (const place of placeNames) {
    const key = toneless(place).replace(/ /g, "");
    if (!byLatinPinyin.has(key)) byLatinPinyin.set(key, place);
  }
  for (const [key, list] of byPinyin) if (!byLatinPinyin.has(key.replace(/ /g, ""))) byLatinPinyin.set(key.replace(/ /g, ""), list[0]!.word);
  return {
    byLatinPinyin,
    byPinyin,
    // a lexicon word (年轻人 beside 年青人 in synonyms.txt) is spelled as the admins wrote it
    isKnown: (w) => frequency.has(w) || domain.has(w),
    isStop: input.isStop,
    isPlace: (w) => placeNames.some((p) => p.includes(w) || w.includes(p)),
    placeNames,
  };
}

/** The corpus word a question word was typed for, or null when it is no typo (or no guess is safe). */
function correctionOf(word: string, v: TypoVocabulary): string | null {
  if (!HAN_WORD.test(word) || v.isKnown(word) || v.isStop(word) || v.isPlace(word)) return null;
  const tag = dictionaryTag(word);
  if (tag !== null && NAME_TAG.test(tag)) return null;
  const chars = Array.from(word);
  // an input method swaps a word for a homophone, keeping some of its characters (网个员 → 网格员):
  // a candidate sharing none in place (班办 → 办班) is a different word, not this one mistyped
  const keepsOne = (c: TypoCandidate) => Array.from(c.word).some((ch, i) => ch === chars[i]);
  const candidates = v.byPinyin.get(toneless(word))?.filter((c) => c.word !== word && Array.from(c.word).length === chars.length && keepsOne(c));
  if (!candidates?.length) return null;
  if (tag === null) return candidates[0]!.word;
  // an everyday word the reports do not use is read as a domain word only when it sounds exactly like one
  const tones = withTones(word);
  return candidates.find((c) => c.domain && c.tones === tones)?.word ?? null;
}

/** Code-unit positions of the question covered by a place name. */
function placeMask(question: string, placeNames: readonly string[]): boolean[] {
  const mask: boolean[] = new Array<boolean>(question.length).fill(false);
  for (const p of placeNames) {
    for (let at = question.indexOf(p); at >= 0; at = question.indexOf(p, at + 1)) mask.fill(true, at, at + p.length);
  }
  return mask;
}

/** True when some occurrence of the word shares a position with a place name. */
function overlaps(question: string, word: string, mask: boolean[]): boolean {
  for (let at = question.indexOf(word); at >= 0; at = question.indexOf(word, at + 1)) {
    if (mask.slice(at, at + word.length).some(Boolean)) return true;
  }
  return false;
}

/**
 * Homophone typos that jieba cuts into several everyday words (知道员 → 知道/员):
 * a window of WINDOW_MIN_CHARS or more Han characters that spans two or more
 * words, is not a corpus word, sounds (tones aside) like one of the same
 * length, and keeps at least one of its characters in place.
 */
function windowCorrections(question: string, v: TypoVocabulary, inPlace: boolean[]): [string, string][] {
  const out: [string, string][] = [];
  const cut = words(question);
  let at = 0;
  const starts: number[] = [];
  // words() lowercases Latin letters: find them in the lowercased question (same positions)
  const lower = question.toLowerCase();
  for (const w of cut) {
    const i = lower.indexOf(w, at);
    if (i < 0) return out;
    starts.push(i);
    at = i + w.length;
  }
  for (let i = 0; i < cut.length; i++) {
    for (let j = i + 1; j < cut.length; j++) {
      // a window that ends on a one-character function word (驿站是 ≠ 一站式) is two words, not a typo
      if (Array.from(cut[j]!).length === 1 && v.isStop(cut[j]!)) break;
      const from = question.slice(starts[i]!, starts[j]! + cut[j]!.length);
      const len = Array.from(from).length;
      if (len > TYPO_MAX_CHARS) break;
      if (len < WINDOW_MIN_CHARS || !HAN_WORD.test(from) || v.isKnown(from) || v.isPlace(from)) continue;
      if (inPlace.slice(starts[i]!, starts[i]! + from.length).some(Boolean)) continue;
      const chars = Array.from(from);
      const to = v.byPinyin
        .get(toneless(from))
        ?.find((c) => c.word !== from && Array.from(c.word).length === len && Array.from(c.word).some((ch, k) => ch === chars[k]));
      if (to) out.push([from, to.word]);
    }
  }
  // the longest reading wins; a window inside one already read (知道员 in 社区知道员) is not read again
  out.sort((a, b) => b[0].length - a[0].length);
  return out.filter(([from], k) => !out.slice(0, k).some(([longer]) => longer !== from && longer.includes(from)));
}

/** True when every occurrence of the word starts with a classifier right after a count or question word (多少个村, 3个村). */
function afterCount(question: string, word: string): boolean {
  if (!/^[个名位项件次户处]/u.test(word)) return false;
  let seen = false;
  for (let at = question.indexOf(word); at >= 0; at = question.indexOf(word, at + 1)) {
    seen = true;
    if (!/(多少|几|好多|[一二两三四五六七八九十百千\d])$/u.test(question.slice(0, at))) return false;
  }
  return seen;
}

/**
 * Correct the homophone typos of a (normalised) question: each jieba word the
 * corpus does not contain is replaced by the most frequent corpus word with
 * the same tone-less syllables and length. Pure over its inputs.
 */
export function correctTypos(question: string, vocabulary: TypoVocabulary): { corrected: string; corrections: TypoCorrection[] } {
  const corrections: TypoCorrection[] = [];
  let corrected = question;
  const inPlace = placeMask(question, vocabulary.placeNames);
  // pinyin typed without characters: a run of Latin letters that spells a corpus word's syllables
  for (const latin of new Set(question.match(LATIN_WORD) ?? [])) {
    const to = vocabulary.byLatinPinyin.get(latin.toLowerCase());
    if (!to) continue;
    corrections.push({ from: latin, to });
    corrected = corrected.split(latin).join(to);
  }
  // a homophone typo jieba cuts into everyday words (知道员 → 知道/员, for 指导员): windows of three or more
  // characters across words that sound like a corpus word and keep one of its characters in place
  for (const [from, to] of windowCorrections(question, vocabulary, inPlace)) {
    corrections.push({ from, to });
    corrected = corrected.split(from).join(to);
  }
  for (const word of new Set(words(question))) {
    if (overlaps(question, word, inPlace)) continue;
    // 多少个村 counts villages: a classifier after a count or question word is not a typo (个村 ≠ 各村)
    if (afterCount(question, word)) continue;
    const to = correctionOf(word, vocabulary);
    if (!to) continue;
    corrections.push({ from: word, to });
    corrected = corrected.split(word).join(to);
  }
  return { corrected, corrections };
}
