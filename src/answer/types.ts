/** Output type of the answer stage: what every channel renders. */

/** One numbered source under an answer. */
export interface Citation {
  /** The `[n]` number used in the answer text. */
  n: number;
  /** Passage id, e.g. `bijiang:2.3`; `/source <id>` opens it. */
  id: string;
  articleId: string;
  /** Article title. */
  title: string;
  region: string | null;
  section: string;
  /** 1-based paragraph number within the section. */
  paragraph: number;
  /** The cited passage text as indexed. */
  quote: string;
}

/** An answer: plain text with `[n]` markers, its citations, and whether it is a refusal. */
export interface Answer {
  text: string;
  citations: Citation[];
  refused: boolean;
  /** How it was written. */
  mode: "extractive" | "llm" | "facts" | "refusal" | "smalltalk";
  /** Topics/commands to suggest next (refusals especially). */
  suggestions: string[];
}
