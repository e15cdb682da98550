/** Output type of the chunk stage: a citable passage. */
export interface Passage {
  /** Stable citation id `article:section.paragraph` (`bijiang:2.3`); captions `bijiang:c1`; a split paragraph's later parts `bijiang:2.3.2`. */
  id: string;
  articleId: string;
  reportId: string;
  reportFile: string;
  /** Article title. */
  title: string;
  /** Region full name (碧江区) or null. */
  region: string | null;
  regionSlug: string | null;
  /** Section heading; the lead is 导语, captions 图片说明. */
  section: string;
  sectionNo: number;
  paragraphNo: number;
  kind: "paragraph" | "caption";
  /** The passage text as indexed: cleaned, never rewritten. */
  text: string;
}
