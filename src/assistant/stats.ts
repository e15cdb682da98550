/**
 * `/stats`: figures from the fact table. No keyword gives an overview, a
 * place alone its key figures, anything else the figures whose label and
 * sentence match, grouped by place.
 */
import { unitsAsked } from "../answer/figures.js";
import { countedNoun } from "../answer/lists.js";
import { STATS_CANDIDATE_PASSAGES, STATS_KEEP_SHARE, STATS_MAX_FACTS } from "../answer/policy.js";
import { groupByRegion, parseFactQuery, rankFacts, regionKeyFacts } from "../search/facts.js";
import { MAX_QUERY_CHARS } from "../search/query.js";
import { hasContent } from "../text/tokenize.js";
import type { Snapshot } from "./snapshot.js";
import type { StatsResult } from "./types.js";

/** Look up figures for a /stats query in one snapshot. */
export function lookupStats(s: Snapshot, query: string): StatsResult {
  const r = s.retriever;
  const idx = r.index;
  const q = String(query ?? "")
    .trim()
    .slice(0, MAX_QUERY_CHARS);
  if (q && !hasContent(q)) return { query: q, kind: "facts", facts: [], groups: [] };
  if (!q) {
    return {
      query: q,
      kind: "overview",
      facts: [],
      groups: [],
      overview: {
        reports: idx.reports.length,
        articles: idx.articles.length,
        regions: [...r.regions.display.values()],
        facts: idx.facts.length,
        examples: s.samples().stats,
      },
    };
  }
  const fq = parseFactQuery(q, s.lexicon, r.regions);
  if (fq.keywords.length === 0 && fq.synonyms.length === 0 && fq.regions.length) {
    // 万山几个村: a count of a one-character thing (村) is looked up by that character and the unit asked
    const noun = countedNoun(q);
    const units = unitsAsked(q);
    const counted = noun.length
      ? idx.facts.filter((f) => f.regionSlug && fq.regions.includes(f.regionSlug) && noun.some((ch) => f.label.includes(ch)) && (!units || units.has(f.unit)))
      : [];
    const facts = [...counted.slice(0, STATS_MAX_FACTS), ...fq.regions.flatMap((slug) => regionKeyFacts(idx.facts, slug))].filter(
      (f, i, all) => all.indexOf(f) === i,
    );
    return { query: q, kind: "region", facts, groups: groupByRegion(facts) };
  }
  // candidates: facts of the passages the query's words find (a large corpus has 100k+ facts)
  const terms = r.parse(q).terms;
  const wanted = new Set(fq.regions);
  const candidates = idx.bm25
    .score(terms)
    .top(STATS_CANDIDATE_PASSAGES, wanted.size ? (pos) => wanted.has(idx.passages[pos]?.regionSlug ?? "") : undefined)
    .flatMap((x) => idx.factsAt[x.doc] ?? []);
  const ranked = rankFacts(candidates, fq, s.lexicon, s.weight);
  // figures that only share a loose word with the query (网格 in 社区网格) stay out
  const best = ranked[0]?.score ?? 0;
  const facts = ranked
    .filter((x) => x.score >= best * STATS_KEEP_SHARE)
    .slice(0, STATS_MAX_FACTS)
    .map((x) => x.fact);
  return { query: q, kind: "facts", facts, groups: groupByRegion(facts) };
}
