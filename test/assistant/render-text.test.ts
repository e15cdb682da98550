import { describe, expect, it } from "vitest";
import { renderReindexSummaryText } from "../../src/assistant/render-text.js";
import type { ReindexSummary } from "../../src/assistant/types.js";
import { renderReindexSummary } from "../../src/channels/telegram/render.js";

const summary: ReindexSummary = {
  ok: true,
  reports: 2,
  articles: 7,
  passages: 50,
  facts: 130,
  added: ["<新>.txt"],
  changed: [],
  removed: [],
  unchanged: ["a.txt"],
  embedded: 7,
  reusedVectors: 43,
  idfRefit: false,
  ms: 1234,
};

describe("the reindex summary", () => {
  it("is rendered once, for the console, the CLI and Telegram", () => {
    const text = renderReindexSummaryText(summary);
    expect(text).toContain("索引已更新，用时 1.2 秒");
    expect(text).toContain("新增：<新>.txt");
    expect(text).toContain("未变：1 份");
    expect(text).toContain("本次计算向量 7 个段落，复用 43 个");
    // Telegram shows the same text, escaped
    expect(renderReindexSummary(summary)).toBe(text.replace("<新>", "&lt;新&gt;"));
  });

  it("says so when no report changed", () => {
    expect(renderReindexSummaryText({ ...summary, added: [] })).toContain("报告没有变化。");
  });
});
