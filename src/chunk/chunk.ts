/**
 * Article → Passage[]: one passage per paragraph, long paragraphs split at
 * sentence ends (never mid-sentence), captions as their own passages.
 */
import { splitSentences } from "../text/normalize.js";
import type { Article } from "../corpus/types.js";
import type { Passage } from "./types.js";

/** Paragraphs longer than this many characters are split at sentence ends. */
export const MAX_PASSAGE_CHARS = 360;

/**
 * Most passages one report may have. A 20 MB report of ordinary prose (the
 * largest file accepted) makes about 30,000; a report beyond this cap is a
 * table or a log rather than prose, and would take minutes to index and
 * crowd every other report out of the answers. Such a file is refused with a
 * message that asks to split it.
 */
export const MAX_PASSAGES_PER_REPORT = 60_000;

/** Label of the lead section (text before the first `##`). */
export const LEAD_SECTION = "导语";
/** Label of caption passages. */
export const CAPTION_SECTION = "图片说明";

/**
 * Longest sentence kept whole. Passages are cut at sentence ends, so a normal
 * long sentence (a 480-character list of duties) stays one piece; beyond this
 * a "sentence" is a run-on line with no 。！？ (19 MB of one line became one
 * 6.3-million-character passage, 1,584 Telegram messages) and is cut. 1,000
 * characters keep any passage inside one Telegram message (4,096) with its
 * heading, even after HTML escaping.
 */
export const MAX_SENTENCE_CHARS = 1_000;

/** A clause mark a too-long sentence may be cut after. */
const CLAUSE_END = /[，,；;、：:）)]/;

/**
 * Pieces of one sentence, each at most `max` characters: cut after the last
 * clause mark in the second half of the window, else hard at `max` (a line
 * with no punctuation at all).
 */
export function splitLongSentence(sentence: string, max = MAX_SENTENCE_CHARS): string[] {
  if (sentence.length <= max) return [sentence];
  const chars = Array.from(sentence);
  const out: string[] = [];
  let start = 0;
  while (chars.length - start > max) {
    let cut = start + max;
    for (let i = start + max - 1; i >= start + Math.floor(max / 2); i--) {
      if (CLAUSE_END.test(chars[i]!)) {
        cut = i + 1;
        break;
      }
    }
    out.push(chars.slice(start, cut).join(""));
    start = cut;
  }
  if (start < chars.length) out.push(chars.slice(start).join(""));
  return out;
}

/**
 * Split a long paragraph into parts of whole sentences, each at most `max`
 * chars when possible; a sentence longer than MAX_SENTENCE_CHARS is itself
 * cut (splitLongSentence), so no passage exceeds MAX_SENTENCE_CHARS plus a
 * merged tail (under 60 chars).
 */
export function splitParagraph(text: string, max = MAX_PASSAGE_CHARS): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let buf = "";
  for (const s of splitSentences(text).flatMap((x) => splitLongSentence(x, Math.max(max, MAX_SENTENCE_CHARS)))) {
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
