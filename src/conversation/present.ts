/**
 * Presentation decided once for every channel: the short source form, source
 * labels that tell passages apart, one [n] per figure, refusals as one sentence
 * with tappable questions, /stats key figures first.
 */
import type { AddReportResult, Answer, Citation, Fact, ReindexProgress, ReindexSummary, StatsResult } from "../assistant/types.js";
import { renderPlacesText } from "../assistant/render-text.js";
import { CAPTION_SECTION } from "../chunk/chunk.js";
import { messages } from "./messages.js";
import type { Action, Block, Reply, SourceGroup } from "./types.js";

/** Administrative suffixes dropped from a region in the short source form (碧江区 → 碧江, 玉屏侗族自治县 → 玉屏). */
const REGION_SHORT = /^(.{2,}?)(?:\p{Script=Han}族)*(?:自治县|自治州|区|县|市|州)$/u;
/** Characters of a title used in the short form when an article has no region (keeps a source line to one phone line). */
const SHORT_TITLE_CHARS = 8;
/** Characters of passage text in a source button label: enough to tell two passages of one section apart. */
const SOURCE_LABEL_CHARS = 14;
/** Figures /stats shows before "更多": the key ones fit one phone screen (was three screens for /stats 碧江). */
export const STATS_KEY_FIGURES = 5;
/** Figures "更多" shows at most (a long tail is noise; /source opens any of them). */
export const STATS_MORE_FIGURES = 20;

/** 碧江区 → 碧江; a name without a suffix stays. */
export function shortRegion(region: string): string {
  return REGION_SHORT.exec(region)?.[1] ?? region;
}

/** «碧江·减负松绑 第1段»: region (or a short title), the first words of the section, the paragraph. */
export function shortSource(c: Pick<Citation, "title" | "region" | "section" | "paragraph">): string {
  const place = c.region ? shortRegion(c.region) : Array.from(c.title).slice(0, SHORT_TITLE_CHARS).join("");
  if (c.section === CAPTION_SECTION) return `${place}·${CAPTION_SECTION}`;
  const section = c.section.split(/\s+/)[0] ?? c.section;
  return `${place}·${section} 第${c.paragraph}段`;
}

/** A button label for a source, by its content: «[2] 全区城市社区共配备网格长…». */
export function sourceLabel(c: Pick<Citation, "n" | "quote">): string {
  const chars = Array.from(c.quote.replace(/\s+/g, ""));
  const head = chars.slice(0, SOURCE_LABEL_CHARS).join("");
  return `[${c.n}] ${head}${chars.length > SOURCE_LABEL_CHARS ? "…" : ""}`;
}

/** Citations grouped by article, in order of first use: the full title once per article. */
export function sourceGroups(citations: readonly Citation[]): SourceGroup[] {
  const groups = new Map<string, SourceGroup>();
  for (const c of citations) {
    let g = groups.get(c.articleId);
    if (!g) groups.set(c.articleId, (g = { title: c.title, items: [] }));
    g.items.push({ n: c.n, id: c.id, short: shortSource(c) });
  }
  return [...groups.values()];
}

/**
 * A number answer states the figure and then quotes the sentence, both ending
 * with the same [n]: keep the mark on the quote only.
 */
export function dedupeMarks(text: string): string {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length - 1; i++) {
    const here = /\[(\d+)\]\s*$/.exec(lines[i]!);
    const next = /\[(\d+)\]\s*$/.exec(lines[i + 1]!);
    if (here && next && here[1] === next[1]) lines[i] = lines[i]!.slice(0, here.index).trimEnd();
  }
  return lines.join("\n");
}

/**
 * Suggestions as something to tap: a command stays a command; a section title
 * with its place («碧江：强化减负松绑») becomes a question («碧江是怎么强化减负松绑的？»).
 */
export function suggestionAsQuestion(s: string): string {
  if (s.startsWith("/")) return s;
  const m = /^([^：:]+)[：:]\s*(.+)$/.exec(s);
  if (m) return `${m[1]}是怎么${m[2]}的？`;
  return /[？?]$/.test(s) ? s : `${s}是怎么做的？`;
}

/** An answer or a refusal as a reply. */
export function presentAnswer(question: string, a: Answer & { resolvedQuestion?: string }): Reply {
  // a follow-up is recorded with what it was read as, so /feedback shows more than «那思南呢»
  const recorded = a.resolvedQuestion && a.resolvedQuestion !== question ? messages.resolvedQuestion(question, a.resolvedQuestion) : question;
  const answered = { question: recorded, text: a.text, refused: a.refused, citationIds: a.citations.map((c) => c.id) };
  if (a.mode === "smalltalk") {
    // a greeting or thanks: its friendly line (ending «可以这样问：») and the example questions under it, no sources;
    // recorded like any answer (Telegram records every answer; a WeCom feedback id is set before the kind is known)
    const blocks: Block[] = [{ type: "text", text: a.text.trim() }];
    if (a.suggestions.length) blocks.push({ type: "list", items: [...a.suggestions] });
    const actions: Action[] = a.suggestions.map((q) => (q.startsWith("/") ? { type: "command", label: q, command: q } : { type: "ask", question: q }));
    return { kind: "smalltalk", blocks, actions, answered };
  }
  if (a.refused) {
    // one plain sentence, then questions to tap (no second apology, no list of commands)
    const questions = a.suggestions.filter((s) => !s.startsWith("/")).map(suggestionAsQuestion);
    const blocks: Block[] = [{ type: "text", text: a.text.trim() }];
    if (questions.length) blocks.push({ type: "suggestions", intro: messages.suggestIntro, items: questions });
    return { kind: "refusal", blocks, actions: questions.map((q) => ({ type: "ask", question: q })), answered };
  }
  const blocks: Block[] = [{ type: "answer", text: dedupeMarks(a.text.trim()) }];
  const actions: Action[] = [];
  if (a.citations.length) {
    blocks.push({ type: "sources", groups: sourceGroups(a.citations) });
    actions.push(...a.citations.map((c) => ({ type: "source" as const, n: c.n, id: c.id, label: sourceLabel(c) })));
  }
  actions.push({ type: "vote" });
  return { kind: "answer", blocks, actions, answered };
}

/** One figure in a line: «专兼职网格员 2468人（碧江区）». */
function factLine(f: Fact, withRegion: boolean): string {
  return `${f.label || "数据"} ${f.raw}${withRegion && f.region ? `（${f.region}）` : ""}${f.year ? ` · ${f.year}年` : ""} — /source ${f.citation.id}`;
}

/** /stats: key figures first; the rest behind a "更多" command (`/stats 碧江 更多`). */
export function presentStats(r: StatsResult, more: boolean): Reply {
  if (r.kind === "overview") {
    const o = r.overview;
    const blocks: Block[] = [{ type: "heading", text: messages.statsOverviewHeading }];
    if (o) {
      blocks.push({ type: "text", text: messages.statsOverview(o) });
      if (o.examples.length) blocks.push({ type: "suggestions", intro: messages.statsTry, items: o.examples.map((e) => `/stats ${e}`) });
    }
    return { kind: "stats", blocks, actions: (o?.examples ?? []).map((e) => ({ type: "command", label: e, command: `/stats ${e}` })) };
  }
  if (r.facts.length === 0) return { kind: "stats", blocks: [{ type: "text", text: messages.statsNone(r.query) }], actions: [] };
  const heading = r.kind === "region" ? messages.statsRegionHeading(r.groups[0]?.region ?? r.query) : messages.statsHeading(r.query);
  // one line per sentence's figures would still repeat the sentence: figures are listed, the sentence is one /source away
  const limit = more ? STATS_MORE_FIGURES : STATS_KEY_FIGURES;
  const shown = r.facts.slice(0, limit);
  const blocks: Block[] = [
    { type: "heading", text: heading },
    { type: "list", items: shown.map((f) => factLine(f, r.kind !== "region")) },
  ];
  const actions: Action[] = [];
  const rest = Math.min(r.facts.length, STATS_MORE_FIGURES) - shown.length;
  if (!more && rest > 0) {
    const command = `/stats ${r.query} 更多`;
    blocks.push({ type: "hint", text: messages.statsMoreLabel(rest), command });
    actions.push({ type: "command", label: messages.statsMoreLabel(rest), command });
  }
  return { kind: "stats", blocks, actions };
}

/** Reindex progress in plain words; an upload's progress names the uploaded file, never another one being read. */
export function progressText(p: ReindexProgress, uploading?: string): string {
  const step = p.stage === "read" ? messages.progressRead(p.done, p.total) : p.stage === "write" ? messages.progressWrite : messages.progressIndex(p.passages);
  return uploading ? messages.progressUpload(uploading, step) : step;
}

/** What a reindex did, for people: counts and changes, no vectors. */
export function presentReindex(s: ReindexSummary): Block[] {
  return [
    { type: "text", text: messages.reindexDone((s.ms / 1000).toFixed(1), s) },
    { type: "text", text: messages.reindexChanges(s) },
  ];
}

/** One question to try about a newly added report: its first article's place and title. */
export function sampleQuestionFor(articles: readonly { title: string; region: string | null }[]): string | undefined {
  const first = articles[0];
  return first ? `${first.region ? shortRegion(first.region) : ""}${first.title.replace(/[《》“”"]/g, "")}是怎么做的？` : undefined;
}

/** The question whether to replace a report of the same name (answered with 确认 or 取消 within `minutes`). */
export function presentReplaceQuestion(existing: string, minutes: number): Reply {
  return {
    kind: "confirm",
    blocks: [{ type: "text", text: messages.replaceConfirm(existing, minutes) }],
    actions: [
      { type: "command", label: messages.confirmLabel, command: messages.confirmLabel },
      { type: "command", label: messages.cancelLabel, command: messages.cancelLabel },
    ],
  };
}

/**
 * An added (or, after 确认, replaced) report: the articles and the places it
 * was recognised as being about (or how to add one), and one question to try.
 */
export function presentUpload(name: string, r: AddReportResult, sampleQuestion: string | undefined): Reply {
  if (r.duplicateOf) return { kind: "admin", blocks: [{ type: "text", text: messages.uploadDuplicate(name, r.duplicateOf) }], actions: [] };
  if (r.needsConfirmation) return presentReplaceQuestion(r.needsConfirmation.existing, r.needsConfirmation.expiresInMinutes);
  const blocks: Block[] = [
    { type: "text", text: r.replaced ? messages.uploadReplaced(r.file, r.articles.length) : messages.uploadAdded(r.file, r.articles.length) },
    { type: "list", items: r.articles.slice(0, 10).map((a) => a.title) },
    { type: "text", text: renderPlacesText(r.places) },
  ];
  if (r.summary) blocks.push({ type: "text", text: messages.reindexDone((r.summary.ms / 1000).toFixed(1), r.summary) });
  if (sampleQuestion) blocks.push({ type: "suggestions", intro: messages.uploadTry, items: [sampleQuestion] });
  return { kind: "admin", blocks, actions: sampleQuestion ? [{ type: "ask", question: sampleQuestion }] : [] };
}
