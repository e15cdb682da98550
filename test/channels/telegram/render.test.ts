import { describe, expect, it } from "vitest";
import type { Answer, Citation, Passage, StatsResult } from "../../../src/assistant/types.js";
import { escapeHtml, splitHtml, TELEGRAM_TEXT_LIMIT } from "../../../src/channels/telegram/html.js";
import { renderAnswer, renderPassage, renderSourceLine, renderSourceList, renderStats } from "../../../src/channels/telegram/render.js";
import { parseTelegramHtml, telegramHtmlError } from "../../helpers/telegram-html.js";

const cite = (n: number, over: Partial<Citation> = {}): Citation => ({
  n,
  id: `bijiang:2.${n}`,
  articleId: "bijiang",
  title: "碧江区：党建引领“小网格”撬动基层“大治理”",
  region: "碧江区",
  section: "减负增效",
  paragraph: n,
  quote: "全区城市社区共配备网格长591人、专兼职网格员2468人。",
  ...over,
});

const answer = (text: string, citations: Citation[], over: Partial<Answer> = {}): Answer => ({
  text,
  citations,
  refused: false,
  mode: "extractive",
  suggestions: [],
  ...over,
});

describe("escapeHtml", () => {
  it("escapes <, >, & and quotes", () => {
    expect(escapeHtml(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
  });
});

describe("renderAnswer", () => {
  it("keeps [n] markers, bolds them, and lists sources as 《title》 once, then [n] place·section 第k段", () => {
    const [html, ...rest] = renderAnswer(answer("碧江区配备专兼职网格员2468人[1]。", [cite(1)]));
    expect(rest).toEqual([]);
    expect(html).toContain("<b>[1]</b>");
    expect(html).toContain("<b>来源</b>");
    expect(html).toContain("《碧江区：党建引领“小网格”撬动基层“大治理”》\n[1] 碧江·减负增效 第1段");
    expect(telegramHtmlError(html!)).toBeNull();
  });

  it("escapes <>& in corpus strings (answer text, titles, sections) and user strings", () => {
    const evil = cite(1, { title: "<b>标题</b> & <script>", section: "a<b" });
    const [html] = renderAnswer(answer("x < y && y > z [1] <i>不是标签</i>", [evil], { refused: true, suggestions: ["问<问题>&"] }));
    expect(telegramHtmlError(html!)).toBeNull();
    const text = (parseTelegramHtml(html!) as { text: string }).text;
    expect(text).toContain("x < y && y > z [1] <i>不是标签</i>");
    expect(text).toContain("《<b>标题</b> & <script>》\n[1] 碧江·a<b 第1段");
    expect(text).toContain("问<问题>&");
    expect(html).not.toContain("<script>");
  });

  it("does not bold markers that match no citation", () => {
    const [html] = renderAnswer(answer("见[7]", [cite(1)]));
    expect(html).toContain("见[7]");
    expect(html).not.toContain("<b>[7]</b>");
  });

  it("renders a refusal with suggestions and no source list", () => {
    const [html] = renderAnswer(
      answer("资料里没有找到思南县社区工作者的报酬数字。", [], { refused: true, mode: "refusal", suggestions: ["碧江区社区工作者报酬"] }),
    );
    expect(html).toContain("可以试试问：");
    expect(html).toContain("• <code>碧江区社区工作者报酬是怎么做的？</code>");
    expect(html).not.toContain("来源");
  });

  it("splits a very long answer into valid parts under 4096 characters", () => {
    const para = "社区工作者<队伍>建设&减负增效，网格员2468人[1]。".repeat(40);
    const text = Array.from({ length: 12 }, () => para).join("\n\n");
    const citations = Array.from({ length: 5 }, (_, i) => cite(i + 1));
    const parts = renderAnswer(answer(text, citations));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(telegramHtmlError(p)).toBeNull();
    }
    // Nothing lost: the visible text of the parts holds every paragraph.
    const joined = parts.map((p) => (parseTelegramHtml(p) as { text: string }).text).join("");
    expect(joined.split("网格员2468人[1]").length - 1).toBe(12 * 40);
    expect(parts[parts.length - 1]).toContain("[5] 碧江·");
  });
});

describe("renderSourceList", () => {
  it("is empty without citations and one line per citation otherwise, plus the article's title once", () => {
    expect(renderSourceList([])).toBe("");
    expect(renderSourceList([cite(1), cite(2)]).split("\n")).toHaveLength(4);
  });
  it("labels captions as 图片说明", () => {
    expect(renderSourceLine(cite(3, { section: "图片说明" }))).toBe("[3] 碧江·图片说明");
  });
});

describe("splitHtml", () => {
  it("returns short text unchanged", () => {
    expect(splitHtml("<b>短</b>")).toEqual(["<b>短</b>"]);
  });

  it("prefers paragraph boundaries", () => {
    const a = "甲".repeat(60);
    const b = "乙".repeat(60);
    const parts = splitHtml(`${a}\n\n${b}\n\n${a}`, 130);
    expect(parts).toEqual([`${a}\n\n${b}`, a]);
  });

  it("falls back to line, then sentence boundaries", () => {
    const line = "这是一句话。".repeat(10); // 60 chars
    expect(splitHtml(`${line}\n${line}`, 100)).toEqual([line, line]);
    const long = "这是一句话。".repeat(30); // 180 chars, no newline
    const parts = splitHtml(long, 100);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(100);
      expect(p.endsWith("。")).toBe(true);
    }
    expect(parts.join("")).toBe(long);
  });

  it("never cuts inside a tag or entity and re-opens formatting across a cut", () => {
    const html = `<b>${"粗体&amp;文字，".repeat(30)}</b>\n<i>${"&lt;斜体&gt;".repeat(40)}</i>`;
    const parts = splitHtml(html, 80);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(80);
      expect(telegramHtmlError(p)).toBeNull();
    }
    const visible = parts.map((p) => (parseTelegramHtml(p) as { text: string }).text).join("");
    const whole = (parseTelegramHtml(html) as { text: string }).text;
    expect(visible.replace(/\s/g, "")).toBe(whole.replace(/\s/g, ""));
  });

  it("does not split a surrogate pair", () => {
    const parts = splitHtml("😀".repeat(100), 51);
    for (const p of parts) expect(p).toMatch(/^(😀)+$/u);
  });
});

describe("renderPassage and renderStats", () => {
  it("shows the whole passage with its id, escaped", () => {
    const p: Passage = {
      id: "bijiang:2.3",
      articleId: "bijiang",
      reportId: "tongren",
      reportFile: "tongren.txt",
      title: "碧江<区>",
      region: "碧江区",
      regionSlug: "bijiang",
      section: "减负&增效",
      sectionNo: 2,
      paragraphNo: 3,
      kind: "paragraph",
      text: "全区城市社区共配备网格长591人、专兼职网格员2468人。",
    };
    const [html] = renderPassage(p);
    expect(telegramHtmlError(html!)).toBeNull();
    expect(html).toContain("《碧江&lt;区&gt;》");
    expect(html).toContain("减负&amp;增效 · 第3段");
    expect(html).toContain("<code>bijiang:2.3</code>");
    expect(html).toContain("2468");
  });

  it("lists facts with value, label, region and source id", () => {
    const fact = {
      value: 2468,
      raw: "2468人",
      unit: "人",
      approx: null,
      label: "专兼职网格员",
      region: "碧江区",
      regionSlug: "bijiang",
      year: null,
      sentence: "全区城市社区共配备网格长591人、专兼职网格员2468人。",
      citation: { id: "bijiang:2.3", title: "碧江", section: "网格" },
    };
    const r: StatsResult = { query: "网格员", kind: "facts", facts: [fact], groups: [{ region: "碧江区", facts: [fact] }] };
    const [html] = renderStats(r);
    expect(telegramHtmlError(html!)).toBeNull();
    expect(html).toContain("<b>2468人</b> · 专兼职网格员 · 碧江区");
    // Two figures from one sentence share one entry.
    const fact591 = { ...fact, value: 591, raw: "591人", label: "网格长" };
    const [both] = renderStats({ query: "网格", kind: "facts", facts: [fact, fact591], groups: [{ region: "碧江区", facts: [fact, fact591] }] });
    expect(both).toContain("<b>2468人</b> · 专兼职网格员 · 碧江区；<b>591人</b> · 网格长 · 碧江区");
    expect(both!.split("全区城市社区").length - 1).toBe(1);
    expect(html).toContain("<code>bijiang:2.3</code>");
    const [none] = renderStats({ query: "<x>", kind: "facts", facts: [], groups: [] });
    expect(none).toContain("「&lt;x&gt;」");
  });
});
