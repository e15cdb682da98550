/** A passage as the numbered source `[n]` of an answer. */
import type { Passage } from "../chunk/types.js";
import type { Citation } from "./types.js";

/** The citation of passage `p` under number `n`; `quote` is the passage text as indexed. */
export function citationOf(p: Passage, n: number): Citation {
  return { n, id: p.id, articleId: p.articleId, title: p.title, region: p.region, section: p.section, paragraph: p.paragraphNo, quote: p.text };
}
