/** Output types of the corpus stage. */

/** A place an article is about, found in its text. */
export interface Region {
  /** Stable ASCII id, e.g. `bijiang`. */
  slug: string;
  /** Full name as printed, e.g. 碧江区, 玉屏侗族自治县. */
  name: string;
  /** Short name people use, e.g. 碧江, 玉屏. */
  short: string;
  /** Sub-places named in the article (街道/村/小区…), also accepted in questions. */
  places: string[];
}

/** One `##` section (section 0 is the lead before the first heading). */
export interface Section {
  heading: string | null;
  paragraphs: string[];
}

/** One article of a report, after layout repair. */
export interface Article {
  /** Unique across the corpus, e.g. `bijiang`. */
  id: string;
  title: string;
  byline: string | null;
  region: Region | null;
  /** Image captions, kept apart from the body so they don't break paragraphs. */
  captions: string[];
  sections: Section[];
}

/** Counts of each layout repair applied while parsing. */
export interface RepairLog {
  joinedPageBreaks: number;
  collapsedRepeats: number;
  captions: number;
  bylines: number;
  movedTrailingTitles: number;
  /** Paragraphs dropped because the same text (ignoring width and spacing) came earlier in the report. */
  droppedDuplicateParagraphs: number;
}
