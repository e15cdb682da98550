/**
 * Does a text really answer the question? An IDF-weighted share of the
 * question's keywords found in it (exact, through a synonym, or — for typos —
 * most of a word's character bigrams).
 */
import type { Lexicon } from "./lexicon.js";
import { generalIdf } from "../text/general-idf.js";
import { bigrams, words } from "../text/tokenize.js";

/**
 * A long keyword (志愿服务, kept whole because the lexicon lists it) is partly
 * matched by a text with its informative words (党员志愿者 has 志愿): the share of
 * its words found, weighted by their general-language IDF, times this. Below the
 * synonym (0.9) and spread (0.8) matches.
 */
export const PART_MATCH_WEIGHT = 0.8;
/**
 * The weighted share of a keyword's words a text must contain for a part match:
 * 社区 alone is not 社区指导员 (社区 is the everyday half), 志愿 is most of 志愿服务.
 */
export const PART_MATCH_MIN_SHARE = 0.5;
/** General-language IDF of a word the table lacks (the table's 10th percentile). */
const PART_IDF_DEFAULT = 9.3;
/** Words of long keywords, cached: relevance is checked for every sentence of every hit. */
const partsCache = new Map<string, string[]>();
const PARTS_CACHE_MAX = 10_000;

function partsOf(keyword: string): string[] {
  let parts = partsCache.get(keyword);
  if (!parts) {
    parts = words(keyword).filter((w) => Array.from(w).length >= 2);
    if (partsCache.size > PARTS_CACHE_MAX) partsCache.clear();
    partsCache.set(keyword, parts);
  }
  return parts;
}

/** Weight of a keyword: rarer in the corpus (or absent) weighs more. */
export type KeywordWeight = (keyword: string) => number;

/** How well one keyword is matched in a text, 0..1. */
export function keywordMatch(keyword: string, text: string, lexicon: Lexicon): number {
  if (text.includes(keyword)) return 1;
  for (const group of lexicon.synonyms) {
    if (!group.includes(keyword)) continue;
    if (group.some((w) => w !== keyword && Array.from(w).length >= 2 && text.includes(w))) return 0.9;
  }
  // a word with a few characters inserted (发展党员 ~ 发展农村党员, 书记主任 ~ 书记、主任)
  if (Array.from(keyword).length >= 3 && spreadMatch(keyword, text, 3)) return 0.8;
  let best = 0;
  const bs = bigrams(keyword);
  if (bs.length >= 2) {
    const share = bs.filter((b) => text.includes(b)).length / bs.length;
    if (share >= 0.5) best = 0.7 * share;
  }
  if (Array.from(keyword).length >= 4) {
    const parts = partsOf(keyword);
    if (parts.length >= 2) {
      const idf = (w: string) => generalIdf(w) ?? PART_IDF_DEFAULT;
      const total = parts.reduce((n, w) => n + idf(w), 0);
      const found = parts.reduce((n, w) => n + (text.includes(w) ? idf(w) : 0), 0);
      if (total > 0 && found / total >= PART_MATCH_MIN_SHARE) best = Math.max(best, (PART_MATCH_WEIGHT * found) / total);
    }
  }
  return best;
}

/** True when the keyword's characters occur in order within its length + `slack` characters. */
export function spreadMatch(keyword: string, text: string, slack: number): boolean {
  const ks = Array.from(keyword);
  const first = ks[0]!;
  for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
    let i = 1;
    let j = at + first.length;
    const limit = at + keyword.length + slack;
    while (i < ks.length && j < Math.min(text.length, limit)) {
      if (text.startsWith(ks[i]!, j)) i++;
      j++;
    }
    if (i === ks.length) return true;
  }
  return false;
}

/** IDF-weighted keyword coverage of a text, 0..1 (1 when there are no keywords). */
export function coverage(keywords: string[], text: string, lexicon: Lexicon, weight: KeywordWeight): number {
  if (keywords.length === 0) return 1;
  let got = 0;
  let total = 0;
  for (const k of keywords) {
    const w = weight(k);
    total += w;
    got += w * keywordMatch(k, text, lexicon);
  }
  return total > 0 ? got / total : 0;
}
