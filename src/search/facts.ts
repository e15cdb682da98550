/**
 * Statistics lookup over the fact table: rank facts by label match, then
 * sentence match (with synonyms); a region word narrows; no keyword gives a
 * region's key figures or an overview.
 */
import type { Lexicon } from "./lexicon.js";
import { findRegions, keywordsOf, MAX_QUERY_CHARS, stripRegionNames, synonymExpansion, type RegionMatcher } from "./query.js";
import { keywordMatch } from "./relevance.js";
import { normalizeText } from "../text/normalize.js";
import type { Fact } from "../facts/types.js";
import { HEADLINE_ANY_VALUE_UNITS, KEY_UNITS } from "../facts/units.js";

/** A fact with its match score. */
export interface ScoredFact {
  fact: Fact;
  score: number;
}

/** How a lookup was understood. */
export interface FactQuery {
  keywords: string[];
  synonyms: string[];
  regions: string[];
}

/** Parse a stats query (keywords, synonyms, regions). */
export function parseFactQuery(query: string, lexicon: Lexicon, matcher: RegionMatcher): FactQuery {
  const normalized = normalizeText(query).slice(0, MAX_QUERY_CHARS);
  const keywords = keywordsOf(normalized, lexicon, matcher);
  const rest = stripRegionNames(normalized, matcher);
  return { keywords, synonyms: synonymExpansion(rest, lexicon), regions: findRegions(normalized, matcher) };
}

/** Score every fact against a parsed query; only positive scores are returned, best first. */
export function rankFacts(facts: Fact[], q: FactQuery, lexicon: Lexicon, weight: (keyword: string) => number = () => 1): ScoredFact[] {
  if (q.keywords.length === 0 && q.synonyms.length === 0) return [];
  const regionSet = new Set(q.regions);
  const scored: ScoredFact[] = [];
  facts.forEach((fact, order) => {
    let label = 0;
    let sentence = 0;
    for (const k of q.keywords) {
      const w = weight(k);
      label += keywordMatch(k, fact.label, lexicon) * 3 * w;
      sentence += keywordMatch(k, fact.sentence, lexicon) * w;
    }
    for (const s of q.synonyms) {
      label += fact.label.includes(s) ? 1.5 : 0;
      sentence += fact.sentence.includes(s) ? 0.5 : 0;
    }
    // keywords that are units or figures in the query (35岁, 占比) help pick the right number in a sentence
    const near = fact.sentence.slice(Math.max(0, fact.sentence.indexOf(fact.raw) - 12), fact.sentence.indexOf(fact.raw) + fact.raw.length + 2);
    let local = 0;
    for (const k of q.keywords) local += near.includes(k) ? weight(k) : 0;
    let score = label + sentence + local * 0.8;
    if (score <= 0) return;
    if (regionSet.size && fact.regionSlug && regionSet.has(fact.regionSlug)) score += 2;
    scored.push({ fact, score: score - order * 1e-6 });
  });
  const inRegion = regionSet.size ? scored.filter((s) => s.fact.regionSlug && regionSet.has(s.fact.regionSlug)) : scored;
  const pool = inRegion.length ? inRegion : regionSet.size ? [] : scored;
  return pool.sort((a, b) => b.score - a.score);
}

/**
 * A region's key figures: people, money and coverage first; small counts
 * (3人, 2套) and unlabelled figures are left to keyword lookups.
 */
export function regionKeyFacts(facts: Fact[], regionSlug: string, limit = 10): Fact[] {
  const mine = facts.filter((f) => f.regionSlug === regionSlug && f.label.length >= 2 && KEY_UNITS.includes(f.unit));
  const headline = mine.filter((f) => HEADLINE_ANY_VALUE_UNITS.includes(f.unit) || f.value >= 10);
  const rank = (f: Fact) => KEY_UNITS.indexOf(f.unit) - Math.min(2, Math.log10(Math.max(1, f.value)) / 2);
  return (headline.length >= 3 ? headline : mine)
    .map((f, order) => ({ f, order }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.order - b.order)
    .slice(0, limit)
    .map((x) => x.f);
}

/** Group facts by region, keeping first-appearance order. */
export function groupByRegion(facts: Fact[]): { region: string | null; facts: Fact[] }[] {
  const groups = new Map<string, { region: string | null; facts: Fact[] }>();
  for (const f of facts) {
    const key = f.region ?? "";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { region: f.region, facts: [] }));
    g.facts.push(f);
  }
  return [...groups.values()];
}
