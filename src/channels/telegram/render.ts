/**
 * Turn the assistant's results into Telegram HTML. Every corpus and user string
 * goes through `escapeHtml`; every function returns a list of message parts,
 * each under Telegram's 4096-character limit.
 */
import type { Answer, Citation, Example, Fact, Passage, ReindexSummary, SourceInfo, StatsResult } from "../../assistant/types.js";
import { renderReindexSummaryText } from "../../assistant/render-text.js";
import { dedupeMarks, shortSource, sourceGroups, STATS_KEY_FIGURES, STATS_MORE_FIGURES, suggestionAsQuestion } from "../../conversation/present.js";
import { escapeHtml, MESSAGE_LIMIT, splitHtml, truncate } from "./html.js";
import { messages } from "./messages.js";

/** One compact source line in the conversation layer's short form: `[n] 碧江·减负增效 第k段`. */
export function renderSourceLine(c: Citation): string {
  return `[${c.n}] ${escapeHtml(shortSource(c))}`;
}

/** The source list under an answer: each article's full title once, then its short source lines (empty string without citations). */
export function renderSourceList(citations: readonly Citation[]): string {
  if (citations.length === 0) return "";
  const lines: string[] = [messages.sourcesHeading];
  const byN = new Map(citations.map((c) => [c.n, c]));
  for (const g of sourceGroups(citations)) {
    lines.push(`《${escapeHtml(g.title)}》`, ...g.items.map((i) => renderSourceLine(byN.get(i.n)!)));
  }
  return lines.join("\n");
}

/** Make `[n]` markers stand out; only markers that match a citation are bolded. */
function markCitations(escapedText: string, citations: readonly Citation[]): string {
  const known = new Set(citations.map((c) => c.n));
  return escapedText.replace(/\[(\d{1,3})\]/g, (m, n: string) => (known.has(Number(n)) ? `<b>${m}</b>` : m));
}

/**
 * An answer with its `[n]` markers (one per figure) and source list; a refusal is
 * its one sentence and questions to try (tap to copy), nothing else.
 */
export function renderAnswer(answer: Answer, limit: number = MESSAGE_LIMIT): string[] {
  const blocks: string[] = [markCitations(escapeHtml(dedupeMarks(answer.text.trim())), answer.citations)];
  if (answer.refused) {
    const questions = answer.suggestions.filter((s) => !s.startsWith("/")).map(suggestionAsQuestion);
    if (questions.length > 0) blocks.push([messages.suggestionsHeading, ...questions.map((q) => `• <code>${escapeHtml(q)}</code>`)].join("\n"));
  } else if (answer.mode === "smalltalk" && answer.suggestions.length > 0) {
    // small talk ends with "可以这样问：": the example questions follow it
    blocks.push(answer.suggestions.map((s) => `• ${escapeHtml(s)}`).join("\n"));
  }
  const sources = renderSourceList(answer.citations);
  if (sources) blocks.push(sources);
  return splitHtml(blocks.join("\n\n"), limit);
}

/** The full passage behind a citation id. */
export function renderPassage(p: Passage, limit: number = MESSAGE_LIMIT): string[] {
  const where = [p.region, p.section, p.kind === "caption" ? "图片说明" : `第${p.paragraphNo}段`]
    .filter((x): x is string => Boolean(x))
    .map(escapeHtml)
    .join(" · ");
  const html = [`<b>《${escapeHtml(p.title)}》</b>`, where, escapeHtml(p.text), `出处编号：<code>${escapeHtml(p.id)}</code>`].join("\n\n");
  return splitHtml(html, limit);
}

/** One figure's head: `<b>2468人</b> · 专兼职网格员 · 碧江区` (region left out under a region heading). */
function factHead(f: Fact, withRegion: boolean): string {
  return [`<b>${escapeHtml(f.raw)}</b>`, escapeHtml(f.label), withRegion && f.region ? escapeHtml(f.region) : null, f.year ? `${f.year}年` : null]
    .filter(Boolean)
    .join(" · ");
}

/**
 * Figures, ranked, with the sentence that states them and its source id. Figures
 * from the same sentence share one entry so the sentence is shown once.
 */
export function renderFacts(facts: readonly Fact[], withRegion = true): string {
  const bySentence = new Map<string, Fact[]>();
  for (const f of facts) {
    const key = `${f.citation.id}\u0000${f.sentence}`;
    const list = bySentence.get(key);
    if (list) list.push(f);
    else bySentence.set(key, [f]);
  }
  return [...bySentence.values()]
    .map((group) => {
      const first = group[0]!;
      const heads = group.map((f) => factHead(f, withRegion)).join("；");
      return `• ${heads}\n  「${escapeHtml(truncate(first.sentence, 120))}」\n  —《${escapeHtml(first.citation.title)}》· ${escapeHtml(first.citation.section)} <code>${escapeHtml(first.citation.id)}</code>`;
    })
    .join("\n");
}

/**
 * How many figures /stats shows: overall, and per region in a side-by-side view; `key` first
 * (one phone screen: /stats 碧江 ran to three), `more` after 「更多」 (`/stats 碧江 更多`).
 */
const STATS_SHOWN = { overview: 8, key: { flat: STATS_KEY_FIGURES, perRegion: 3 }, more: { flat: 10, perRegion: 6 } };

/** The groups /stats shows (one unnamed group when the result is not side by side). */
function statsGroups(r: StatsResult, more = false): { region: string | null; facts: Fact[]; headed: boolean }[] {
  if (r.kind === "overview") return [{ region: null, facts: r.facts.slice(0, STATS_SHOWN.overview), headed: false }];
  const shown = more ? STATS_SHOWN.more : STATS_SHOWN.key;
  const groups = r.groups.filter((g) => g.facts.length > 0);
  if (groups.length > 1) return groups.map((g) => ({ region: g.region, facts: g.facts.slice(0, shown.perRegion), headed: true }));
  return [{ region: null, facts: r.facts.slice(0, shown.flat), headed: false }];
}

/** The figures a /stats reply shows, in order (for its "open the passage" buttons). */
export function shownFacts(r: StatsResult, more = false): Fact[] {
  return statsGroups(r, more).flatMap((g) => g.facts);
}

/** Statistics: ranked facts, a region's key figures, or the overview; key figures first unless `more`. */
export function renderStats(r: StatsResult, limit: number = MESSAGE_LIMIT, more = false): string[] {
  if (r.kind === "overview") {
    const o = r.overview;
    const blocks: string[] = [messages.statsOverviewHeading];
    if (o) {
      blocks.push(`${o.reports} 份报告 · ${o.articles} 篇文章 · ${o.facts} 条数据${o.regions.length ? `\n地区：${escapeHtml(o.regions.join("、"))}` : ""}`);
      if (o.examples.length) blocks.push(`可以这样查：${o.examples.map((e) => `<code>/stats ${escapeHtml(e)}</code>`).join("  ")}`);
    }
    const facts = shownFacts(r);
    if (facts.length) blocks.push(renderFacts(facts));
    return splitHtml(blocks.join("\n\n"), limit);
  }
  if (r.facts.length === 0) return splitHtml(messages.statsNone(r.query), limit);
  const heading = r.kind === "region" ? messages.statsRegionHeading(r.groups[0]?.region ?? r.query) : messages.statsHeading(r.query);
  const body = statsGroups(r, more)
    .map((g) => (g.headed ? `<b>${escapeHtml(g.region ?? "其他")}</b>\n${renderFacts(g.facts, false)}` : renderFacts(g.facts, r.kind !== "region")))
    .join("\n\n");
  const rest = Math.min(r.facts.length, STATS_MORE_FIGURES) - shownFacts(r, more).length;
  const moreHint = !more && rest > 0 ? `\n\n${escapeHtml(messages.statsMore(rest))}<code>/stats ${escapeHtml(r.query)} 更多</code>` : "";
  return splitHtml(`${heading}\n\n${body}${moreHint}\n\n发送 <code>/source 编号</code> 或点下方按钮查看原文。`, limit);
}

/** Trainer examples: one verbatim sentence each, with where it comes from. */
export function renderExamples(topic: string, examples: readonly Example[], limit: number = MESSAGE_LIMIT): string[] {
  if (examples.length === 0) return splitHtml(messages.examplesNone(topic), limit);
  const lines = examples.map((e, i) => {
    const c = e.citation;
    const region = c.region ? `${escapeHtml(c.region)} · ` : "";
    return `${i + 1}. ${escapeHtml(e.summary)}\n   —${region}《${escapeHtml(c.title)}》· ${escapeHtml(c.section)} <code>${escapeHtml(c.id)}</code>`;
  });
  return splitHtml([messages.examplesHeading(topic), lines.join("\n\n")].join("\n\n"), limit);
}

/** The list of reports for /sources (admins get file details with `detailed`). */
export function renderSources(sources: readonly SourceInfo[], detailed = false, limit: number = MESSAGE_LIMIT): string[] {
  if (sources.length === 0) return splitHtml(messages.noSources, limit);
  const blocks = sources.map((s, i) => {
    const head = `${i + 1}. <b>${escapeHtml(s.title)}</b>`;
    const meta = detailed
      ? `   文件 <code>${escapeHtml(s.file)}</code> · 编码 ${escapeHtml(s.encoding)} · ${s.passages} 段 · ${s.facts} 条数据`
      : `   ${s.articles.length} 篇文章 · ${s.passages} 段`;
    const arts = s.articles.map(
      (a) =>
        `   • ${escapeHtml(a.title)}${a.region ? `（${escapeHtml(a.region)}）` : ""}${detailed ? ` <code>${escapeHtml(a.id)}</code> ${a.passages} 段` : ""}`,
    );
    return [head, meta, ...arts].join("\n");
  });
  return splitHtml([messages.sourcesHeadingList(sources.length), ...blocks].join("\n\n"), limit);
}

/** The summary after a reindex: the core's one plain-text summary, escaped. */
export function renderReindexSummary(s: ReindexSummary): string {
  return escapeHtml(renderReindexSummaryText(s));
}

/** Recent 👎 feedback for admins. */
export function renderFeedback(
  rows: readonly { question: string; answer: string; at: string; userId: number | string; citationIds?: readonly string[] }[],
  totals: { up: number; down: number },
  limit: number = MESSAGE_LIMIT,
): string[] {
  if (rows.length === 0) return splitHtml(`${messages.feedbackHeading(totals.up, totals.down)}\n\n${messages.feedbackEmpty}`, limit);
  const items = rows.map(
    (r, i) =>
      `${i + 1}. <b>${escapeHtml(truncate(r.question, 200))}</b>\n   ${escapeHtml(r.at.slice(0, 16).replace("T", " "))}\n   答：${escapeHtml(truncate(r.answer.replace(/\s+/g, " "), 160))}` +
      (r.citationIds?.length ? `\n   引用：${r.citationIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(" ")}` : ""),
  );
  return splitHtml([messages.feedbackHeading(totals.up, totals.down), ...items].join("\n\n"), limit);
}
