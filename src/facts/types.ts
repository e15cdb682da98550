/** A figure found in the reports, with the sentence that states it. */
export interface Fact {
  /** Numeric value in base units (近2.5万元 → 25000). */
  value: number;
  /** The figure as printed, with approximation words (近2.5万元, 860余人次). */
  raw: string;
  /** Base unit (元, 人, %, 元/月 …). */
  unit: string;
  /** 余/近/超/约/以上/多/左右, or null when exact. */
  approx: string | null;
  /** Short noun phrase saying what is counted. */
  label: string;
  /** Region full name (from the sentence when it names one, else the article's). */
  region: string | null;
  regionSlug: string | null;
  /** Year the sentence names, if any. */
  year: number | null;
  /** The whole sentence, verbatim. */
  sentence: string;
  citation: { id: string; title: string; section: string };
}
