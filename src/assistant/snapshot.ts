/**
 * One loaded index and everything derived from it that requests read: the
 * retriever, the lexicon, keyword weights, passage and fact look-ups, the
 * examples to offer. A request keeps the snapshot it started with, so a
 * reindex that swaps in a new one never changes an answer half-way.
 */
import type { Passage } from "../chunk/types.js";
import type { Fact } from "../facts/types.js";
import type { LoadedIndex } from "../index/load.js";
import type { Lexicon } from "../search/lexicon.js";
import type { KeywordWeight } from "../search/relevance.js";
import { createRetriever, type Retriever } from "../search/retrieve.js";
import { createKeywordWeight } from "../search/weights.js";
import { chooseSamples, type Samples } from "./samples.js";

/** What requests read of one loaded index. */
export interface Snapshot {
  retriever: Retriever;
  lexicon: Lexicon;
  /** Keyword weights over this index (memoised). */
  weight: KeywordWeight;
  /** A passage by citation id, or null. */
  passage(id: string): Passage | null;
  /** Facts stated in a passage. */
  factsOf(passageId: string): Fact[];
  /** True when some passage contains the phrase. */
  mentions(phrase: string): boolean;
  /** Examples to offer (examples.txt, else chosen from the index), computed once. */
  samples(): Samples;
  /** Topics and commands to suggest after a refusal, for the places named. */
  suggestions(regionSlugs: string[]): string[];
}

/** Most suggestions under a refusal (a phone screen's worth of buttons). */
export const MAX_SUGGESTIONS = 4;

/** Build the snapshot of a loaded index. */
export function createSnapshot(index: LoadedIndex, lexicon: Lexicon): Snapshot {
  const retriever = createRetriever(index, lexicon);
  const idx = retriever.index;
  const phraseDf = (ph: string) => idx.passages.reduce((n, p) => n + (p.text.includes(ph) ? 1 : 0), 0);
  const weight = createKeywordWeight({ df: (t) => idx.bm25.df(t), idf: (t) => idx.bm25.idf(t), passageCount: idx.passages.length, phraseDf }, lexicon.synonyms);
  let samples: Samples | null = null;
  const snapshot: Snapshot = {
    retriever,
    lexicon,
    weight,
    passage(id) {
      const pos = idx.position.get(id.trim());
      return pos === undefined ? null : idx.passages[pos]!;
    },
    factsOf: (id) => idx.factsAt[idx.position.get(id) ?? -1] ?? [],
    mentions: (phrase) => idx.passages.some((p) => p.text.includes(phrase)),
    samples: () => (samples ??= chooseSamples(lexicon.examples, idx)),
    suggestions(regionSlugs) {
      const out: string[] = [];
      const articles = regionSlugs.length ? idx.articles.filter((a) => a.region && regionSlugs.includes(a.region.slug)) : idx.articles;
      const pool = articles.length ? articles : idx.articles;
      for (const a of pool.slice(0, 2)) {
        const heading = a.sections.find((sec) => sec.heading)?.heading;
        if (heading) out.push(`${a.region?.short ?? ""}${a.region ? "：" : ""}${heading.split(/\s+/)[0]}`);
      }
      const region = pool[0]?.region;
      const keyword = region ? region.short : snapshot.samples().stats[0];
      if (keyword) out.push(`/stats ${keyword}`);
      out.push("/sources");
      return out.slice(0, MAX_SUGGESTIONS);
    },
  };
  return snapshot;
}
