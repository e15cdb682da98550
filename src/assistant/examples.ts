/**
 * `/examples 主题`: cases for trainers, each a sentence that is about the topic
 * (with its speaker or neighbour when it leans on one), from as many articles
 * as possible.
 */
import { citationOf } from "../answer/citation.js";
import { chooseExamples } from "../answer/extractive.js";
import { ANSWER_THRESHOLD, EXAMPLE_HITS } from "../answer/policy.js";
import { coverage } from "../search/relevance.js";
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
  // cases are paragraphs that really are about the topic
  const hits = (await r.retrieve(query, EXAMPLE_HITS)).filter(
    (h) => h.passage.kind === "paragraph" && coverage(query.keywords, h.passage.text, s.lexicon, s.weight) >= ANSWER_THRESHOLD,
  );
  const picked = chooseExamples(
    { query, kind: "example", wantsNumber: false, hits, facts: [], lexicon: s.lexicon, weight: s.weight, regionNames: r.regions.display, passage: s.passage },
    ANSWER_THRESHOLD,
  );
  return picked.slice(0, limit).map((c, i) => ({ summary: c.sentence, citation: citationOf(c.passage, i + 1) }));
}
