/**
 * Answers read from an article's own layout rather than from ranked passages:
 * a place's practices by section heading (碧江有啥经验), an article's section
 * headings (那篇稿子分了哪几块), how it opens (开头怎么说的), and a quotation
 * asked with blanks (“权…责…、人…事…”). Each cites the passages it reads.
 */
import { CitationList } from "../answer/extractive.js";
import { messages } from "../answer/messages.js";
import { ANSWER_THRESHOLD, MASK_GAP_MAX, OPENING_SENTENCES, OUTLINE_WORDS, OVERVIEW_SECTIONS } from "../answer/policy.js";
import type { Answer } from "../answer/types.js";
import type { Passage } from "../chunk/types.js";
import { coverage } from "../search/relevance.js";
import type { ParsedQuery } from "../search/types.js";
import { splitSentences } from "../text/normalize.js";
import type { Snapshot } from "./snapshot.js";

/**
 * What the reports say about places, with no topic asked: each place's
 * articles by section heading, each heading cited with its first paragraph.
 * A place that has passages is never said to be absent.
 */
export function placeOverview(regionSlugs: string[], deps: Snapshot): Answer | null {
  const r = deps.retriever;
  const cites = new CitationList();
  const lines: string[] = [];
  for (const slug of regionSlugs) {
    const articles = r.index.articles.filter((a) => a.region?.slug === slug);
    if (articles.length === 0) continue;
    lines.push(`【${r.regions.display.get(slug) ?? slug}】`);
    for (const a of articles) {
      let shown = 0;
      for (let sec = 1; shown < OVERVIEW_SECTIONS; sec++) {
        const first = deps.passage(`${a.id}:${sec}.1`);
        if (!first) break;
        lines.push(`• ${first.section}[${cites.cite(first)}]`);
        shown++;
      }
      if (shown === 0) {
        const lead = deps.passage(`${a.id}:0.1`);
        if (lead) lines.push(`• 《${a.title}》[${cites.cite(lead)}]`);
      }
    }
  }
  if (cites.list.length === 0) return null;
  return { text: [messages.overviewIntro, ...lines].join("\n"), citations: cites.list, refused: false, mode: "extractive", suggestions: [] };
}

/**
 * The section headings of the article a structure question names (碧江那篇文章
 * 分了哪几个部分): the places' articles, or else the article whose title and
 * headings cover the question's other words. Each heading cited with its
 * section's first paragraph; null when no article is named.
 */
export function articleOutline(query: ParsedQuery, deps: Snapshot): Answer | null {
  const r = deps.retriever;
  const topic = query.keywords.filter((k) => !OUTLINE_WORDS.test(k));
  let articles = query.regions.length ? r.index.articles.filter((a) => a.region && query.regions.includes(a.region.slug)) : [];
  if (topic.length) {
    const about = (a: (typeof articles)[number]) => coverage(topic, `${a.title}${a.sections.map((s) => s.heading ?? "").join("")}`, deps.lexicon, deps.weight);
    const pool = (articles.length ? articles : r.index.articles).map((a) => ({ a, cov: about(a) })).sort((x, y) => y.cov - x.cov);
    articles = pool[0] && pool[0].cov >= ANSWER_THRESHOLD ? [pool[0].a] : articles;
  }
  if (articles.length === 0) return null;
  const cites = new CitationList();
  const lines: string[] = [];
  for (const a of articles) {
    const heads: string[] = [];
    for (let sec = 1; ; sec++) {
      const first = deps.passage(`${a.id}:${sec}.1`);
      if (!first) break;
      heads.push(`• ${first.section}[${cites.cite(first)}]`);
    }
    if (heads.length) lines.push(`《${a.title}》的各部分：`, ...heads);
  }
  return lines.length ? { text: lines.join("\n"), citations: cites.list, refused: false, mode: "extractive", suggestions: [] } : null;
}

/**
 * How an article opens: the first sentences of the lead paragraph of the
 * article of the one place the question names (null otherwise).
 */
export function articleOpening(query: ParsedQuery, deps: Snapshot): Answer | null {
  if (query.regions.length !== 1) return null;
  const article = deps.retriever.index.articles.find((a) => a.region?.slug === query.regions[0]);
  const lead = article ? deps.passage(`${article.id}:0.1`) : null;
  if (!lead) return null;
  const cites = new CitationList();
  const text = splitSentences(lead.text).slice(0, OPENING_SENTENCES).join("");
  return { text: `【${lead.region ?? lead.title}】${text}[${cites.cite(lead)}]`, citations: cites.list, refused: false, mode: "extractive", suggestions: [] };
}

/**
 * A quotation asked for with blanks (“权…责…、人…事…”): the quoted phrase of the
 * places' passages (all passages when none is named) that has the question's
 * characters where it has them and one to MASK_GAP_MAX characters for each
 * blank; its sentence, cited. Null when the question has no such pattern or no
 * phrase fits.
 */
export function maskedQuote(query: ParsedQuery, deps: Snapshot): Answer | null {
  const pattern = /[“"]([^”"]*\.\.\.[^”"]*)[”"]/u.exec(query.normalized)?.[1];
  if (!pattern || !/\p{Script=Han}/u.test(pattern)) return null;
  const body = pattern
    .split(/(?:\.\.\.)+/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(`\\p{Script=Han}{1,${MASK_GAP_MAX}}`);
  const fits = new RegExp(`“${body}”`, "u");
  // passages are tested whole first: only the few that print such a phrase are cut into sentences
  let best: { p: Passage; sentence: string; cov: number } | null = null;
  for (const p of deps.retriever.index.passages) {
    if ((query.regions.length && !(p.regionSlug && query.regions.includes(p.regionSlug))) || !fits.test(p.text)) continue;
    for (const sentence of splitSentences(p.text)) {
      if (!fits.test(sentence)) continue;
      // of several phrases that fit, the one whose sentence covers the rest of the question
      const cov = coverage(query.keywords, sentence, deps.lexicon, deps.weight);
      if (!best || cov > best.cov) best = { p, sentence, cov };
    }
  }
  if (!best) return null;
  const cites = new CitationList();
  return {
    text: `【${best.p.region ?? best.p.title}】${best.sentence}[${cites.cite(best.p)}]`,
    citations: cites.list,
    refused: false,
    mode: "extractive",
    suggestions: [],
  };
}
