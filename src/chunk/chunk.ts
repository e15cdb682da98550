/**
 * Article → Passage[]: one passage per paragraph, long paragraphs split at
 * sentence ends (never mid-sentence), captions as their own passages.
 */
import { splitSentences } from "../text/normalize.js";
import type { Article } from "../corpus/types.js";
import type { Passage } from "./types.js";

/** Paragraphs longer than this many characters are split at sentence ends. */
export const MAX_PASSAGE_CHARS = 360;

/** Label of the lead section (text before the first `##`). */
export const LEAD_SECTION = "导语";
/** Label of caption passages. */
export const CAPTION_SECTION = "图片说明";

/** Split a long paragraph into parts of whole sentences, each at most `max` chars when possible. */
export function splitParagraph(text: string, max = MAX_PASSAGE_CHARS): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let buf = "";
  for (const s of splitSentences(text)) {
    if (buf && buf.length + s.length > max) {
      parts.push(buf);
      buf = "";
    }
    buf += s;
  }
  if (buf) parts.push(buf);
  // avoid a tiny tail: merge it back when the result stays reasonable
  if (parts.length > 1 && parts[parts.length - 1]!.length < 60) {
    const tail = parts.pop()!;
    parts[parts.length - 1] += tail;
  }
  return parts;
}

/** Turn one article into passages. */
export function chunkArticle(article: Article, report: { id: string; file: string }): Passage[] {
  const base = {
    articleId: article.id,
    reportId: report.id,
    reportFile: report.file,
    title: article.title,
    region: article.region?.name ?? null,
    regionSlug: article.region?.slug ?? null,
  };
  const out: Passage[] = [];
  article.sections.forEach((section, sectionNo) => {
    section.paragraphs.forEach((paragraph, i) => {
      const paragraphNo = i + 1;
      splitParagraph(paragraph).forEach((text, part) => {
        out.push({
          ...base,
          id: `${article.id}:${sectionNo}.${paragraphNo}${part ? `.${part + 1}` : ""}`,
          section: section.heading ?? LEAD_SECTION,
          sectionNo,
          paragraphNo,
          kind: "paragraph",
          text,
        });
      });
    });
  });
  article.captions.forEach((text, i) => {
    out.push({ ...base, id: `${article.id}:c${i + 1}`, section: CAPTION_SECTION, sectionNo: 0, paragraphNo: i + 1, kind: "caption", text });
  });
  return out;
}
