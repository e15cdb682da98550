/**
 * Plain-text rendering of the core's results, shared by the CLI and the
 * console chat (the Telegram channel renders HTML itself).
 */
import type { Answer } from "../answer/types.js";
import type { Example, ReindexSummary, SourceInfo, StatsResult } from "./types.js";
import type { Passage } from "../chunk/types.js";
import type { Fact } from "../facts/types.js";
import { CAPTION_SECTION } from "../chunk/chunk.js";
import { messages } from "./messages.js";

/** `[n] 《title》· section · 第k段`. */
export function sourceLine(c: { n: number; title: string; section: string; paragraph: number; id: string }): string {
  const where = c.section === CAPTION_SECTION ? CAPTION_SECTION : `${c.section} · 第${c.paragraph}段`;
  return `[${c.n}] 《${c.title}》· ${where}（/source ${c.id}）`;
}

/** An answer with its source list (or suggestions for a refusal, example questions for small talk). */
export function renderAnswerText(a: Answer): string {
  const parts = [a.text];
  if (a.citations.length) parts.push("", "出处：", ...a.citations.map(sourceLine));
  if (a.refused && a.suggestions.length) parts.push("", messages.suggestIntro, ...a.suggestions.map((s) => `• ${s}`));
  // small talk ends with "可以这样问：": the example questions follow it
  else if (a.mode === "smalltalk") parts.push(...a.suggestions.map((s) => `• ${s}`));
  return parts.join("\n");
}

/** A stats lookup. */
export function renderStatsText(s: StatsResult): string {
  if (s.kind === "overview" && s.overview) {
    const o = s.overview;
    return [
      `数据总览：${o.reports} 份报告、${o.articles} 篇文章、${o.facts} 个数据。`,
      `涉及地区：${o.regions.join("、")}`,
      `试试：${o.examples.map((e) => `/stats ${e}`).join("  ")}`,
    ].join("\n");
  }
  if (s.facts.length === 0) return `没有找到与「${s.query}」相关的数据。可以换个说法，或发送 /stats 查看总览。`;
  const lines: string[] = [];
  for (const g of s.groups) {
    lines.push(`【${g.region ?? "未标注地区"}】`);
    // figures stated in one sentence share one quotation
    const bySentence = new Map<string, Fact[]>();
    for (const f of g.facts) bySentence.set(f.sentence, [...(bySentence.get(f.sentence) ?? []), f]);
    for (const [sentence, fs] of bySentence) {
      lines.push(`• ${fs.map((f) => `${f.label || "数据"}：${f.raw}`).join("；")}（/source ${fs[0]!.citation.id}）`, `  原文：${sentence}`);
    }
  }
  return lines.join("\n");
}

/** Trainer examples, each a card to paste into slides: 地点 · 做法 · 关键数字 · 出处. */
export function renderExamplesText(topic: string, ex: Example[]): string {
  if (ex.length === 0) return `没有找到关于「${topic}」的案例。可以换个主题，例如 /examples 红色物业`;
  return ex
    .map((e, i) =>
      [
        `${i + 1}. 地点：${e.place}`,
        `   做法：${e.summary}`,
        ...(e.keyFigures.length ? [`   关键数字：${e.keyFigures.join("、")}`] : []),
        `   出处：《${e.citation.title}》· ${e.citation.section}（/source ${e.citation.id}）`,
      ].join("\n"),
    )
    .join("\n");
}

/** The list of reports. */
export function renderSourcesText(sources: SourceInfo[]): string {
  return sources
    .map((s, i) =>
      [
        `${i + 1}. ${s.title}（${s.file}，${s.passages} 段，${s.facts} 个数据）`,
        ...s.articles.map((a) => `   · ${a.title}（${a.region ?? "未标注地区"}，编号 ${a.id}）`),
      ].join("\n"),
    )
    .join("\n");
}

/** A full passage. */
export function renderPassageText(p: Passage | null): string {
  if (!p) return messages.unknownSource;
  const where = p.kind === "caption" ? CAPTION_SECTION : `${p.section} · 第${p.paragraphNo}段`;
  return `《${p.title}》· ${where}\n${p.region ? `地区：${p.region}\n` : ""}\n${p.text}`;
}

/** The line of an upload summary that says which places the new report is about (or how to add one). */
export function renderPlacesText(places: readonly string[]): string {
  return places.length ? messages.placesRecognised([...places]) : messages.noPlaceRecognised;
}

function listOrNone(items: readonly string[]): string {
  return items.length ? items.join("、") : "无";
}

/**
 * What a reindex did, in plain text: the one rendering the console, the CLI
 * and Telegram (escaped as HTML) all show. `reindex --json` prints the
 * summary object itself instead.
 */
export function renderReindexSummaryText(s: ReindexSummary): string {
  const seconds = (s.ms / 1000).toFixed(1);
  const changedAny = s.added.length + s.changed.length + s.removed.length > 0;
  return [
    `✅ 索引已更新，用时 ${seconds} 秒`,
    `报告 ${s.reports} 份 · 文章 ${s.articles} 篇 · 段落 ${s.passages} 个 · 数据 ${s.facts} 条`,
    changedAny
      ? [`新增：${listOrNone(s.added)}`, `更新：${listOrNone(s.changed)}`, `移除：${listOrNone(s.removed)}`, `未变：${s.unchanged.length} 份`].join("\n")
      : "报告没有变化。",
    `本次计算向量 ${s.embedded} 个段落，复用 ${s.reusedVectors} 个。`,
  ].join("\n");
}
