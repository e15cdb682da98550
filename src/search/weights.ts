/**
 * How much each question word counts when judging whether a text answers the
 * question: corpus IDF for words the reports use, general-language IDF (from
 * jieba's own table) for words they never use, so that everyday words of a
 * colloquial question (啥, 搞, 东西, 清掉) weigh little and informative words
 * the reports lack (养老金, 报销) weigh a lot.
 */
import { generalIdf } from "../text/general-idf.js";
import { isNounLike } from "../text/tokenize.js";
import type { KeywordWeight } from "./relevance.js";

/** What the weights read from an index. */
export interface TermStats {
  /** Passages containing a retrieval term (`w:词` or `b:字字`). */
  df(term: string): number;
  /** The BM25 IDF of a term. */
  idf(term: string): number;
  /** Passages in the index. */
  readonly passageCount: number;
  /** Passages whose text contains the phrase (for lexicon phrases jieba splits). */
  phraseDf(phrase: string): number;
}

/**
 * General-language IDF at or below which a word is everyday Chinese (啥 6.4,
 * 搞 6.2, 东西 4.8, 跑 5.2 in jieba's table), and at or above which it is as
 * informative as a rare term (医保 8.6, 养老金 8.9, 岔子 10.4); the table's
 * median is 12, its 10th percentile 9.3.
 */
export const GENERAL_IDF_COMMON = 6.5;
export const GENERAL_IDF_RARE = 10;
/**
 * Weight range of a word the reports never use. The low end keeps an everyday
 * word from outweighing the question's real topic. The high end is about the
 * corpus IDF of a word found in a third of the passages: colloquial words are
 * rare in the written text the general table was fitted on (岔子 10.4), so a
 * higher cap let them veto answers. Measured on own + dev: caps 2.2 / 1.6 / 1.2
 * gave dev must_include 0.944 / 0.944 / 0.956 with refusals unchanged (own
 * 1.000, dev 0.933); the old single constant was 1.
 */
export const UNKNOWN_WEIGHT_MIN = 0.25;
export const UNKNOWN_WEIGHT_MAX = 1.2;
/** A word that is not a noun (a verb or adverb of manner: 挂得, 密密麻麻) says how, not what about; 0.4 let an own-set trap through. */
export const NON_NOUN_FACTOR = 0.6;
/** Weight of an unknown word missing from the general table too (a typo, a rare name). */
export const UNKNOWN_WEIGHT_UNRATED = 1;
/**
 * Words of time and frequency (晚上, 一年, 天天, 以前, 后来) say when, not what
 * about: the reports print them rarely, so corpus IDF made them weigh like a
 * topic (一年 3.4) and a passage that shares only 晚上散步 with an off-topic
 * question looked relevant. They weigh as the least informative word.
 */
export const TIME_WORD =
  /^(?:[早晚]上|白天|夜里|晚间|中午|平时|平常|现在|目前|以前|之前|以后|后来|前后|当时|那时|今年|去年|明年|前年|今天|昨天|明天|每天|每日|天天|每周|每月|每年|一年|一个月|一天|一周|全年|年底|年初|年中|月底|平日|常年|如今)$/u;

/** Cached weights per index: a long-running bot sees endless new words, so the cache is bounded. */
export const WEIGHT_CACHE_MAX = 20_000;

/** The weight of a word the reports never use. */
export function unknownWordWeight(word: string): number {
  const g = generalIdf(word);
  if (g === undefined) return UNKNOWN_WEIGHT_UNRATED;
  const share = Math.min(1, Math.max(0, (g - GENERAL_IDF_COMMON) / (GENERAL_IDF_RARE - GENERAL_IDF_COMMON)));
  const w = UNKNOWN_WEIGHT_MIN + (UNKNOWN_WEIGHT_MAX - UNKNOWN_WEIGHT_MIN) * share;
  return isNounLike(word) ? w : Math.max(UNKNOWN_WEIGHT_MIN, w * NON_NOUN_FACTOR);
}

/**
 * A word the reports never use but the synonym lexicon ties to one they do
 * (该干的活 ~ 职责事项, 进账 ~ 增收) stands for that word: it weighs what the
 * report's word weighs, times this (a synonym match counts 0.9 too), up to the
 * cap of words the reports never use (UNKNOWN_WEIGHT_MAX). Uncapped, 比例 took
 * the weight of 占比 and a passage that prints 学历占92.3% fell below the
 * answer threshold (dev must_include 0.956 → 0.944); capped, the colloquial word
 * still counts for more than general Chinese alone says (该干的活 0.25 → 1.2).
 */
export const SYNONYM_WEIGHT_SHARE = 0.9;

/** Keyword weights over one index (memoised); `synonyms` lets a colloquial word weigh as the report's word it stands for. */
export function createKeywordWeight(stats: TermStats, synonyms: readonly (readonly string[])[] = []): KeywordWeight {
  const memo = new Map<string, number>();
  // a phrase's df is a scan of the passages: each word's corpus weight is looked up once per index
  const corpusMemo = new Map<string, number | null>();
  const corpusWeight = (k: string): number | null => {
    if (corpusMemo.has(k)) return corpusMemo.get(k)!;
    let w: number | null = null;
    if (stats.df(`w:${k}`) > 0) w = stats.idf(`w:${k}`);
    else if (Array.from(k).length === 2) {
      // a two-character word jieba never cut out alone is still a bigram of the corpus
      if (stats.df(`b:${k}`) > 0) w = stats.idf(`b:${k}`);
    } else {
      // a longer phrase jieba splits (垃圾死角) is still a corpus word when passages contain it
      const df = stats.phraseDf(k);
      if (df > 0) w = Math.log(1 + (stats.passageCount - df + 0.5) / (df + 0.5));
    }
    if (corpusMemo.size > WEIGHT_CACHE_MAX) corpusMemo.clear();
    corpusMemo.set(k, w);
    return w;
  };
  const viaSynonym = (k: string): number | null => {
    let best: number | null = null;
    for (const group of synonyms) {
      if (!group.includes(k)) continue;
      for (const w of group) {
        if (w === k) continue;
        const cw = corpusWeight(w);
        if (cw !== null && (best === null || cw > best)) best = cw;
      }
    }
    return best === null ? null : Math.max(unknownWordWeight(k), Math.min(UNKNOWN_WEIGHT_MAX, best * SYNONYM_WEIGHT_SHARE));
  };
  return (k: string): number => {
    const known = memo.get(k);
    if (known !== undefined) return known;
    if (TIME_WORD.test(k)) return UNKNOWN_WEIGHT_MIN;
    const weight = corpusWeight(k) ?? viaSynonym(k) ?? unknownWordWeight(k);
    if (memo.size > WEIGHT_CACHE_MAX) memo.clear();
    memo.set(k, weight);
    return weight;
  };
}
