/**
 * `/examples 主题`: cases for trainers, each a sentence that is about the topic
 * (with its speaker or neighbour when it leans on one), from as many articles
 * as possible, as a card: 地点 · 做法 · 关键数字 · 出处.
 */
import { citationOf } from "../answer/citation.js";
import { chooseExamples } from "../answer/extractive.js";
import { DERIVED_ENDING, EXAMPLE_HITS, LABEL_MATCH_MIN, SUMMARY_SENTENCE, TOPIC_DF_SPREAD } from "../answer/policy.js";
import { figuresIn } from "../facts/units.js";
import { keywordMatch } from "../search/relevance.js";
import { hasContent } from "../text/tokenize.js";
import type { Snapshot } from "./snapshot.js";
import type { Example } from "./types.js";

/** Up to `limit` cases about `topic` in one snapshot. */
export async function findExamples(s: Snapshot, topic: string, limit: number): Promise<Example[]> {
  const r = s.retriever;
  const t = String(topic ?? "").trim();
  if (!hasContent(t)) return [];
  const query = r.parse(t);
  if (query.keywords.length === 0) return [];
  // every case is about the topic: its most specific words (those in the fewest passages, a word the reports
  // lack counted by its stem: 网格化 → 网格) are in the case or its section heading; for 网格化管理, 管理 alone
  // (in many reports) is not enough
  const passages = r.index.passages;
  const stemOf = (k: string) => k.replace(DERIVED_ENDING, "");
  const df = (k: string) => {
    const direct = passages.reduce((n, p) => n + (p.text.includes(k) ? 1 : 0), 0);
    return direct > 0 || Array.from(stemOf(k)).length < 2 ? direct : passages.reduce((n, p) => n + (p.text.includes(stemOf(k)) ? 1 : 0), 0);
  };
  const dfs = new Map(query.keywords.map((k) => [k, df(k)]));
  const rarest = Math.max(1, Math.min(...[...dfs.values()].filter((n) => n > 0)));
  const topicWords = query.keywords.filter((k) => (dfs.get(k) ?? 0) <= rarest * TOPIC_DF_SPREAD);
  const about = (text: string) =>
    topicWords.every((k) => keywordMatch(k, text, s.lexicon) >= LABEL_MATCH_MIN || (Array.from(stemOf(k)).length >= 2 && text.includes(stemOf(k))));
  const hits = (await r.retrieve(query, EXAMPLE_HITS)).filter((h) => h.passage.kind === "paragraph" && about(`${h.passage.section}${h.passage.text}`));
  const picked = chooseExamples(
    { query, kind: "example", wantsNumber: false, hits, facts: [], lexicon: s.lexicon, weight: s.weight, regionNames: r.regions.display, passage: s.passage },
    0,
  );
  // a case is a practice, not an opening: fewer, right cases beat five loose ones
  return picked
    .filter((c) => !SUMMARY_SENTENCE.test(c.sentence) && about(`${c.passage.section}${c.sentence}`))
    .slice(0, limit)
    .map((c, i) => ({
      summary: c.sentence,
      citation: citationOf(c.passage, i + 1),
      place: c.passage.region ?? c.passage.title,
      keyFigures: [...new Set(figuresIn(c.sentence).map((f) => f.raw))],
    }));
}
