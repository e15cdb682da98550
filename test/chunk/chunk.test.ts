/**
 * Passages: paragraph-aligned, citation ids stable and unique, never cut mid-sentence.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CAPTION_SECTION, chunkArticle, LEAD_SECTION, MAX_PASSAGE_CHARS, splitParagraph } from "../../src/chunk/chunk.js";
import type { Passage } from "../../src/chunk/types.js";
import { parseReport } from "../../src/corpus/parse.js";
import { loadGazetteer, type GazetteerEntry } from "../../src/corpus/regions.js";
import type { Article } from "../../src/corpus/types.js";
import { splitSentences } from "../../src/text/normalize.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const REPORT = { id: "tongren-governance-digest", file: "tongren-governance-digest.txt" };
/** A passage ends like a finished sentence: a terminator, optionally followed by closing quotes/brackets. */
const ENDS_SENTENCE = /[。！？!?…][”’」』)）]*$/u;

let gazetteer: GazetteerEntry[];
let text: string;

async function realPassages(): Promise<Passage[]> {
  const parsed = parseReport(text, "tongren-governance-digest", gazetteer);
  const articles: Article[] = parsed.articles.map((a) => ({ ...a, id: a.region!.slug }));
  return articles.flatMap((a) => chunkArticle(a, REPORT));
}

function article(paragraphs: string[][], captions: string[] = []): Article {
  return {
    id: "demo",
    title: "示例文章",
    byline: null,
    region: { slug: "bijiang", name: "碧江区", short: "碧江", places: [] },
    captions,
    sections: paragraphs.map((ps, i) => ({ heading: i === 0 ? null : `第${i}节`, paragraphs: ps })),
  };
}

/** A long paragraph made of distinct sentences of varying length. */
function longParagraph(sentences: number): string {
  return Array.from({ length: sentences }, (_, i) => `第${i + 1}句话说明社区网格员结对联系群众${"并收集民情民意".repeat(1 + (i % 4))}的做法。`).join("");
}

beforeAll(async () => {
  gazetteer = await loadGazetteer(path.join(root, "data/lexicon"));
  text = await readFile(path.join(root, "data/reports/tongren-governance-digest.txt"), "utf8");
});

describe("passages of the shipped report", () => {
  it("have unique ids of the form article:section.paragraph (captions article:cN)", async () => {
    const passages = await realPassages();
    expect(passages.length).toBeGreaterThan(40);
    const ids = passages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of passages) {
      expect(p.id).toMatch(p.kind === "caption" ? /^[a-z0-9-]+:c\d+$/ : /^[a-z0-9-]+:\d+\.\d+(\.\d+)?$/);
      expect(p.id.startsWith(`${p.articleId}:`)).toBe(true);
    }
  });

  it("keep the same ids on every run", async () => {
    const a = await realPassages();
    const b = await realPassages();
    expect(b.map((p) => [p.id, p.text])).toEqual(a.map((p) => [p.id, p.text]));
  });

  it("put the known paragraphs at their citation ids", async () => {
    const byId = new Map((await realPassages()).map((p) => [p.id, p]));
    expect(byId.get("bijiang:0.1")?.text).toMatch(/^近年来,碧江区聚焦城市社区/);
    expect(byId.get("bijiang:0.1")?.section).toBe(LEAD_SECTION);
    expect(byId.get("bijiang:2.2")?.text).toContain("平均年龄35.5岁");
    expect(byId.get("bijiang:2.2")?.section).toBe("强化多元共治 凝聚基层治理合力");
    expect(byId.get("bijiang:2.3")?.text).toContain("专兼职网格员2468人");
    expect(byId.get("bijiang:4.1")?.text).toContain("4116元/月");
    expect(byId.get("wanshan:0.1")?.text).toMatch(/^近年来,万山区坚持把农村党员队伍建设/);
    expect(byId.get("wanshan:0.1")?.region).toBe("万山区");
    expect(byId.get("yuping:2.1")?.text).toContain("牵头成立产业发展党支部");
  });

  it("carry article title, region and section as metadata", async () => {
    const passages = await realPassages();
    for (const p of passages) {
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.region).not.toBeNull();
      expect(p.regionSlug).toBe(p.articleId);
      expect(p.reportId).toBe(REPORT.id);
      expect(p.reportFile).toBe(REPORT.file);
      expect(p.section.length).toBeGreaterThan(0);
    }
    const sinan = passages.find((p) => p.articleId === "sinan")!;
    expect(sinan.title).toBe("思南县：“红色物业”解锁基层治理新密码");
    expect(sinan.region).toBe("思南县");
  });

  it("keep captions as their own passages", async () => {
    const captions = (await realPassages()).filter((p) => p.kind === "caption");
    expect(captions.map((p) => [p.id, p.text, p.section])).toEqual([
      ["bijiang:c1", "碧江区环北街道设立新就业群体“暖新”驿站。", CAPTION_SECTION],
      ["yuping:c1", "茅坪村冬瓜种植基地。", CAPTION_SECTION],
    ]);
  });

  it("never cut a sentence: every passage ends with a sentence terminator or closing quote", async () => {
    for (const p of await realPassages()) expect(p.text, p.id).toMatch(ENDS_SENTENCE);
  });

  it("cover the body text exactly once (nothing lost, nothing doubled)", async () => {
    const parsed = parseReport(text, "tongren-governance-digest", gazetteer);
    const body = parsed.articles.flatMap((a) => a.sections.flatMap((s) => s.paragraphs)).join("");
    const passages = (await realPassages()).filter((p) => p.kind === "paragraph");
    expect(passages.map((p) => p.text).join("")).toBe(body);
  });
});

describe("long paragraphs", () => {
  it("are split at sentence ends into parts of at most MAX_PASSAGE_CHARS", () => {
    const para = longParagraph(30);
    expect(para.length).toBeGreaterThan(MAX_PASSAGE_CHARS * 2);
    const parts = splitParagraph(para);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join("")).toBe(para);
    const sentences = new Set(splitSentences(para));
    for (const part of parts) {
      expect(part).toMatch(ENDS_SENTENCE);
      for (const s of splitSentences(part)) expect(sentences.has(s)).toBe(true);
    }
    for (const part of parts.slice(0, -1)) expect(part.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
  });

  it("get ids article:section.paragraph, then .2, .3 … for the later parts", () => {
    const para = longParagraph(30);
    const passages = chunkArticle(article([["短导语。"], [para, "第二段。"]]), { id: "demo-report", file: "demo.txt" });
    const ids = passages.map((p) => p.id);
    const n = splitParagraph(para).length;
    expect(ids).toEqual(["demo:0.1", "demo:1.1", ...Array.from({ length: n - 1 }, (_, i) => `demo:1.1.${i + 2}`), "demo:1.2"]);
    expect(passages.filter((p) => p.paragraphNo === 1 && p.sectionNo === 1).every((p) => p.section === "第1节")).toBe(true);
    for (const p of passages) expect(p.text).toMatch(ENDS_SENTENCE);
  });

  it("keep a single sentence longer than the limit whole", () => {
    const sentence = `${"社区网格员结对联系低保对象、留守未成年人和妇女、老年人、残疾人".repeat(15)}。`;
    expect(sentence.length).toBeGreaterThan(MAX_PASSAGE_CHARS);
    const parts = splitParagraph(`开头一句。${sentence}结尾一句话比较短。`);
    expect(parts.some((p) => p.includes(sentence))).toBe(true);
    for (const p of parts) expect(p).toMatch(ENDS_SENTENCE);
  });

  it("do not leave a tiny tail passage", () => {
    const para = `${"这是一个较长的句子用来填充段落长度并说明社区治理的做法。".repeat(12)}短尾。`;
    const parts = splitParagraph(para);
    expect(parts.join("")).toBe(para);
    expect(parts[parts.length - 1]!.length).toBeGreaterThanOrEqual(60);
  });

  it("keep quoted speech whole when splitting", () => {
    const quote = "“小区环境变美了。消防通道畅通了。晚上散步心里也踏实！”";
    const para = `${"街道以红色物业议事会为载体畅通民意表达渠道并解决民生诉求。".repeat(10)}${quote}${"居民的共同感受在于环境整治见到了实效。".repeat(6)}`;
    const parts = splitParagraph(para);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.some((p) => p.includes(quote))).toBe(true);
  });

  it("a short paragraph stays one passage", () => {
    expect(splitParagraph("网格员同时负责政策宣传。")).toEqual(["网格员同时负责政策宣传。"]);
  });
});
