/**
 * Parse report text into articles and repair the newspaper layout faults:
 * bylines, image captions, paragraphs cut by page breaks, immediately repeated
 * sentences, paragraphs printed again word for word, and an article title
 * printed after its own body.
 */
import { compactKey, endsSentence, splitSentences, contentLength } from "../text/normalize.js";
import { detectRegion, type GazetteerEntry } from "./regions.js";
import type { Article, RepairLog, Section } from "./types.js";

type Block = { kind: "title"; text: string } | { kind: "heading"; text: string } | { kind: "text"; text: string; blanksBefore: number };

type Item = { kind: "heading" | "para" | "caption"; text: string };

interface RawArticle {
  title: string;
  byline: string | null;
  items: Item[];
}

/** Parsed report before ids are assigned. */
export interface ParsedReport {
  title: string;
  articles: Omit<Article, "id">[];
  repairs: RepairLog;
}

function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let blanks = 0;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[\u00a0\u3000\t ]+$/u, "").replace(/^[\u00a0\u3000\t ]+/u, "");
    if (!line) {
      blanks++;
      continue;
    }
    const h = /^(#{1,6})\s*(.*)$/.exec(line);
    if (h && h[2]) blocks.push({ kind: h[1]!.length === 1 ? "title" : "heading", text: h[2].trim() });
    else blocks.push({ kind: "text", text: line, blanksBefore: blanks });
    blanks = 0;
  }
  return blocks;
}

/** A byline: a short line of personal or unit names, no sentence punctuation. */
export function isByline(text: string): boolean {
  if (contentLength(text) > 14 || text.length > 20) return false;
  if (/[。！？!?，,；;：:“”"、（）()《》]/.test(text)) return false;
  return /^[\p{Script=Han}]{2,5}(\s+[\p{Script=Han}]{2,5}){0,3}$/u.test(text);
}

/** An image caption: one short sentence with no comma, standing alone. */
export function looksLikeCaption(text: string): boolean {
  const n = contentLength(text);
  if (n < 4 || n > 40) return false;
  if (/[,，；;：:!！?？]/.test(text)) return false;
  const sentences = splitSentences(text);
  return sentences.length === 1 && /。$/.test(text);
}

/** Collapse a sentence repeated immediately after itself. Returns the text and how many copies were dropped. */
export function collapseRepeats(text: string): { text: string; dropped: number } {
  const sentences = splitSentences(text);
  const out: string[] = [];
  let dropped = 0;
  for (const s of sentences) {
    if (out.length > 0 && out[out.length - 1] === s) dropped++;
    else out.push(s);
  }
  return { text: dropped ? out.join("") : text, dropped };
}

const emptyLog = (): RepairLog => ({
  joinedPageBreaks: 0,
  collapsedRepeats: 0,
  captions: 0,
  bylines: 0,
  movedTrailingTitles: 0,
  droppedDuplicateParagraphs: 0,
});

/**
 * Parse a report's text. `fileTitle` names a report without any `#` title.
 * The gazetteer gives each article its region.
 */
export function parseReport(text: string, fileTitle: string, gazetteer: GazetteerEntry[]): ParsedReport {
  const log = emptyLog();
  const blocks = toBlocks(text.replace(/^\uFEFF/, ""));

  // 1. group into raw articles; text before the first title becomes its own article
  const raws: RawArticle[] = [];
  let current: RawArticle | undefined;
  let expectByline = false;
  let prevText: string | null = null; // last body text seen (for captions inside page breaks)
  let continuesCut = false; // a caption just sat inside a cut paragraph: the next text is its second half
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === "title") {
      current = { title: b.text, byline: null, items: [] };
      raws.push(current);
      expectByline = true;
      prevText = null;
      continuesCut = false;
      continue;
    }
    if (!current) {
      current = { title: fileTitle, byline: null, items: [] };
      raws.push(current);
    }
    if (b.kind === "heading") {
      current.items.push({ kind: "heading", text: b.text });
      expectByline = false;
      prevText = null;
      continuesCut = false;
      continue;
    }
    if (expectByline && isByline(b.text)) {
      current.byline = b.text;
      log.bylines++;
      expectByline = false;
      continue;
    }
    const afterTitle = expectByline || (current.items.length === 0 && prevText === null);
    expectByline = false;
    const insideBreak = prevText !== null && !endsSentence(prevText);
    const isContinuation = continuesCut;
    continuesCut = false;
    if (!isContinuation && looksLikeCaption(b.text) && (b.blanksBefore >= 2 || insideBreak || afterTitle)) {
      // a caption right after the title, or between the two halves of a cut paragraph
      const next = blocks[i + 1];
      const nextIsText = next?.kind === "text";
      if (afterTitle || insideBreak || (nextIsText && next.blanksBefore >= 1)) {
        current.items.push({ kind: "caption", text: b.text });
        log.captions++;
        continuesCut = insideBreak;
        continue;
      }
    }
    current.items.push({ kind: "para", text: b.text });
    prevText = b.text;
  }

  // 2. join paragraphs cut by a page break (captions in between stay captions)
  for (const a of raws) {
    const items: Item[] = [];
    let openPara: Item | undefined;
    for (const it of a.items) {
      if (it.kind === "para") {
        if (openPara && !endsSentence(openPara.text)) {
          openPara.text += it.text;
          log.joinedPageBreaks++;
          continue;
        }
        openPara = { ...it };
        items.push(openPara);
      } else {
        if (it.kind === "heading") openPara = undefined;
        items.push(it);
      }
    }
    a.items = items;
  }

  // 3. collapse immediately repeated sentences
  for (const a of raws) {
    for (const it of a.items) {
      if (it.kind !== "para") continue;
      const { text: t, dropped } = collapseRepeats(it.text);
      it.text = t;
      log.collapsedRepeats += dropped;
    }
  }

  // 4. a title printed after its own body: an article with no paragraphs takes
  //    the tail of the previous article, from the first paragraph about its place
  for (let k = 1; k < raws.length; k++) {
    const orphan = raws[k]!;
    if (orphan.items.some((it) => it.kind === "para")) continue;
    const prev = raws[k - 1]!;
    const cut = findTrailingBodyStart(prev, orphan.title, gazetteer);
    if (cut < 0) continue;
    orphan.items = prev.items.slice(cut).concat(orphan.items);
    prev.items = prev.items.slice(0, cut);
    log.movedTrailingTitles++;
  }

  // 5. a paragraph printed again word for word (a table exported line by line, a pasted block) is kept
  //    once: copies add nothing to cite, and thousands of identical passages made the vector graph
  //    quadratic (identical vectors: 2 MB of one repeated line took 37 s to index)
  const seenParagraphs = new Set<string>();
  for (const a of raws) {
    a.items = a.items.filter((it) => {
      if (it.kind !== "para") return true;
      const key = compactKey(it.text);
      if (!seenParagraphs.has(key)) {
        seenParagraphs.add(key);
        return true;
      }
      log.droppedDuplicateParagraphs++;
      return false;
    });
  }

  const articles = raws.filter((a) => a.items.some((it) => it.kind === "para" || it.kind === "caption")).map((a) => toArticle(a, gazetteer));
  return {
    title: reportTitle(
      fileTitle,
      articles.map((a) => a.title),
    ),
    articles,
    repairs: log,
  };
}

/**
 * A report's display title: a Chinese file name says it best (admins name uploads);
 * otherwise the only article's title, or the first one's with a count (……等4篇).
 */
export function reportTitle(fileTitle: string, articleTitles: string[]): string {
  if (/\p{Script=Han}/u.test(fileTitle)) return fileTitle;
  const [first] = articleTitles;
  if (!first) return fileTitle;
  return articleTitles.length > 1 ? `${first} 等${articleTitles.length}篇` : first;
}

/** Index in `prev.items` where the body of a late-printed title begins, or -1. */
function findTrailingBodyStart(prev: RawArticle, orphanTitle: string, gazetteer: GazetteerEntry[]): number {
  const region = detectRegion(orphanTitle, "", gazetteer);
  const prevBody = prev.items
    .filter((i) => i.kind === "para")
    .map((i) => i.text)
    .join("\n");
  const prevRegion = detectRegion(prev.title, prevBody, gazetteer);
  const firstPara = prev.items.findIndex((i) => i.kind === "para");
  if (region && region.slug !== prevRegion?.slug) {
    const names = [region.name, region.short];
    for (let i = firstPara + 1; i < prev.items.length; i++) {
      const it = prev.items[i]!;
      if (it.kind === "para" && names.some((n) => it.text.includes(n))) return i;
    }
  }
  // fallback: a lead-like paragraph ("近年来…") right before a heading, after the previous article's lead
  for (let i = firstPara + 1; i < prev.items.length - 1; i++) {
    const it = prev.items[i]!;
    if (it.kind === "para" && /^(近年来|今年以来|近期|日前)/.test(it.text) && prev.items[i + 1]?.kind === "heading" && prev.items[i - 1]?.kind === "para")
      return i;
  }
  return -1;
}

function toArticle(raw: RawArticle, gazetteer: GazetteerEntry[]): Omit<Article, "id"> {
  const sections: Section[] = [{ heading: null, paragraphs: [] }];
  const captions: string[] = [];
  for (const it of raw.items) {
    if (it.kind === "heading") sections.push({ heading: it.text, paragraphs: [] });
    else if (it.kind === "caption") captions.push(it.text);
    else sections[sections.length - 1]!.paragraphs.push(it.text);
  }
  const body = sections.flatMap((s) => s.paragraphs).join("\n");
  return {
    title: raw.title,
    byline: raw.byline,
    region: detectRegion(raw.title, `${captions.join("\n")}\n${body}`, gazetteer),
    captions,
    sections,
  };
}
