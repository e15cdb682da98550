/**
 * The examples the assistant offers (sample questions, /stats keywords,
 * /examples topics): from `data/lexicon/examples.txt` when it lists them,
 * otherwise chosen from the index, so a corpus about another place never
 * shows 铜仁's examples.
 */
import type { Article } from "../corpus/types.js";
import type { Fact } from "../facts/types.js";
import type { ExampleLists } from "../search/lexicon.js";

/** Examples to offer, by kind (the same shape as examples.txt's lists). */
export type Samples = ExampleLists;

/** How many examples of each kind are chosen from the index: three buttons under /start, five keywords in the overview. */
const CHOSEN = { questions: 3, labels: 3, regions: 2, topics: 2 } as const;

/** A fact label short enough to be a /stats keyword (网格员, 党群服务站). */
const KEYWORD_LABEL = /^\p{Script=Han}{2,6}$/u;

/** First words of an article's first section heading (管家上门 of 管家上门 诉求快办). */
function firstHeading(a: Article): string | undefined {
  return a.sections.find((s) => s.heading)?.heading?.split(/\s+/)[0];
}

/** Keys of a count map, most frequent first (first seen wins a tie). */
function mostFrequent(counts: Map<string, number>, n: number): string[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k]) => k);
}

/**
 * Fill each empty list from the index: /stats keywords are the most frequent
 * fact labels and the short names of the regions with most figures; sample
 * questions and topics are first section headings (with the article's place).
 */
export function chooseSamples(lists: ExampleLists, index: { facts: readonly Fact[]; articles: readonly Article[] }): Samples {
  const out: Samples = { questions: [...lists.questions], stats: [...lists.stats], topics: [...lists.topics] };
  if (!out.stats.length) {
    const labels = new Map<string, number>();
    const regions = new Map<string, number>();
    const shortOf = new Map(index.articles.flatMap((a) => (a.region ? [[a.region.slug, a.region.short] as const] : [])));
    for (const f of index.facts) {
      if (KEYWORD_LABEL.test(f.label)) labels.set(f.label, (labels.get(f.label) ?? 0) + 1);
      const short = f.regionSlug ? shortOf.get(f.regionSlug) : undefined;
      if (short) regions.set(short, (regions.get(short) ?? 0) + 1);
    }
    out.stats = [...mostFrequent(labels, CHOSEN.labels), ...mostFrequent(regions, CHOSEN.regions)];
  }
  const headed = index.articles.flatMap((a) => {
    const h = firstHeading(a);
    return h ? [{ a, h }] : [];
  });
  if (!out.questions.length) out.questions = headed.slice(0, CHOSEN.questions).map(({ a, h }) => `${a.region?.short ?? ""}${h}`);
  if (!out.topics.length) out.topics = [...new Set(headed.map(({ h }) => h))].slice(0, CHOSEN.topics);
  return out;
}
