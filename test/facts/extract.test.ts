/**
 * Fact extraction on the real report: each tricky figure in its own test, plus
 * what must never become a fact (years standing alone, slogans, repeated sentences).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Passage } from "../../src/chunk/types.js";
import { loadGazetteer, type GazetteerEntry } from "../../src/corpus/regions.js";
import { extractFacts } from "../../src/facts/extract.js";
import type { Fact } from "../../src/facts/types.js";
import { analyzeReport } from "../../src/index/build.js";
import type { ReportCache } from "../../src/index/types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FILE = "tongren-governance-digest.txt";

let gazetteer: GazetteerEntry[];
let bytes: Buffer;
let report: ReportCache;
let facts: Fact[];

const bySlug = (articles: { region: { slug: string } | null }[]) => articles.map((a, i) => a.region?.slug ?? `a${i + 1}`);

/** The one fact printed as `raw` (fails when there are none or several). */
function fact(raw: string, sentenceHas?: string): Fact {
  const found = facts.filter((f) => f.raw === raw && (!sentenceHas || f.sentence.includes(sentenceHas)));
  expect(found, `facts printed as ${raw}${sentenceHas ? ` in a sentence with ${sentenceHas}` : ""}`).toHaveLength(1);
  return found[0]!;
}

function passage(text: string, over: Partial<Passage> = {}): Passage {
  return {
    id: "demo:1.1",
    articleId: "demo",
    reportId: "demo",
    reportFile: "demo.txt",
    title: "示例",
    region: "碧江区",
    regionSlug: "bijiang",
    section: "示例一节",
    sectionNo: 1,
    paragraphNo: 1,
    kind: "paragraph",
    text,
    ...over,
  };
}

beforeAll(async () => {
  gazetteer = await loadGazetteer(path.join(root, "data/lexicon"));
  bytes = await readFile(path.join(root, "data/reports", FILE));
  report = await analyzeReport(bytes, FILE, gazetteer, bySlug);
  facts = report.facts;
});

describe("the fact table of the shipped report", () => {
  it("has many facts, each with a number in its raw text, a unit and a citation to a real passage", () => {
    expect(facts.length).toBeGreaterThan(80);
    const ids = new Set(report.passages.map((p) => p.id));
    for (const f of facts) {
      expect(f.raw).toMatch(/\d/);
      expect(Number.isFinite(f.value)).toBe(true);
      expect(f.unit.length).toBeGreaterThan(0);
      expect(ids.has(f.citation.id)).toBe(true);
      const p = report.passages.find((x) => x.id === f.citation.id)!;
      expect(p.text).toContain(f.sentence);
      expect(f.sentence).toContain(f.raw);
      expect(f.citation.title).toBe(p.title);
      expect(f.citation.section).toBe(p.section);
    }
  });

  it("35.5岁: a decimal age, labelled 平均年龄", () => {
    const f = fact("35.5岁");
    expect(f).toMatchObject({ value: 35.5, unit: "岁", approx: null, region: "碧江区", regionSlug: "bijiang" });
    expect(f.label).toContain("平均年龄");
    expect(f.citation.id).toBe("bijiang:2.2");
  });

  it("92.3%: a percentage, labelled 大专及以上学历占比", () => {
    const f = fact("92.3%");
    expect(f).toMatchObject({ value: 92.3, unit: "%", approx: null, region: "碧江区" });
    expect(f.label).toContain("大专及以上学历");
  });

  it("4116元/月: a monthly wage, labelled 平均报酬", () => {
    const f = fact("4116元/月");
    expect(f).toMatchObject({ value: 4116, unit: "元/月", approx: null, region: "碧江区" });
    expect(f.label).toContain("平均报酬");
  });

  it("5741元/月: the wage of a 书记主任一肩挑, in the same sentence", () => {
    const f = fact("5741元/月");
    expect(f).toMatchObject({ value: 5741, unit: "元/月", approx: null, region: "碧江区" });
    expect(f.label).toContain("一肩挑");
    expect(f.sentence).toBe(fact("4116元/月").sentence);
  });

  it("860余人次: 余 after the number is kept as the approximation", () => {
    const f = fact("860余人次");
    expect(f).toMatchObject({ value: 860, unit: "人次", approx: "余", region: "碧江区" });
    expect(f.label).toContain("培训");
  });

  it("近2.5万元: 万 scales the value, 近 is the approximation, raw keeps the print", () => {
    const f = fact("近2.5万元");
    expect(f).toMatchObject({ value: 25000, unit: "元", approx: "近", raw: "近2.5万元", region: "思南县", regionSlug: "sinan" });
    expect(f.label).toContain("采购成本");
  });

  it("2.5公里: a decimal length", () => {
    const f = fact("2.5公里");
    expect(f).toMatchObject({ value: 2.5, unit: "公里", approx: null, region: "玉屏侗族自治县", regionSlug: "yuping" });
    expect(f.label).toContain("道路");
  });

  it("70亩: labelled with what the land is (冬瓜种植基地和蔬菜大棚), across the caption that split its paragraph", () => {
    const f = fact("70亩");
    expect(f).toMatchObject({ value: 70, unit: "亩", approx: null, region: "玉屏侗族自治县" });
    expect(f.label).toContain("冬瓜");
    expect(f.sentence).not.toContain("茅坪村冬瓜种植基地。");
  });

  it("591人 and 2468人 in one sentence get their own labels (网格长 / 专兼职网格员)", () => {
    const heads = fact("591人");
    const members = fact("2468人");
    expect(heads.sentence).toBe(members.sentence);
    expect(heads).toMatchObject({ value: 591, unit: "人", region: "碧江区" });
    expect(members).toMatchObject({ value: 2468, unit: "人", region: "碧江区" });
    expect(heads.label).toContain("网格长");
    expect(heads.label).not.toContain("网格员");
    expect(members.label).toContain("专兼职网格员");
    expect(members.label).not.toContain("网格长");
  });

  it("2000余张: 余 before a measure word", () => {
    const f = fact("2000余张");
    expect(f).toMatchObject({ value: 2000, unit: "张", approx: "余", region: "思南县" });
    expect(f.label).toContain("广告");
  });

  it("years standing alone (2025年, 2020年) are not facts, but give the year of the sentence's facts", () => {
    for (const f of facts) {
      expect(f.raw).not.toMatch(/^(19|20)\d{2}年?$/);
      expect(f.unit).not.toBe("年");
      expect([2020, 2025]).not.toContain(f.value);
    }
    expect(fact("28%").year).toBe(2020);
    expect(fact("108人").year).toBe(2025);
    expect(fact("35.5岁").year).toBeNull();
  });

  it("slogans and ordinals (三会一课, 五岗二十级二档, 四议两公开) are not facts", () => {
    for (const slogan of ["三会一课", "五岗二十级二档", "四议两公开", "一肩挑", "三抓三促"]) {
      expect(facts.filter((f) => f.raw.includes(slogan) || f.label === slogan)).toEqual([]);
    }
    const fromPassage = extractFacts(passage("严格落实“三会一课”,严格执行“四议两公开”,创新推行“五岗二十级二档”薪酬管理体系。"), gazetteer);
    expect(fromPassage).toEqual([]);
  });

  it("the sentence repeated four times in the print is counted once", () => {
    const keys = facts.map((f) => `${f.raw}|${f.sentence}`);
    expect(new Set(keys).size).toBe(keys.length);
    const repeated = report.passages.filter((p) => p.text.includes("定期开展农村发展党员工作程序化、规范化、标准化。"));
    expect(repeated).toHaveLength(1);
    expect(repeated[0]!.text.split("定期开展农村发展党员工作程序化").length - 1).toBe(1);
  });

  it("a repeated sentence with a figure gives one fact, within a passage and across paragraphs", async () => {
    const s = "全区城市社区共配备网格员300人。";
    expect(extractFacts(passage(`${s}${s}`), gazetteer)).toHaveLength(1);
    const text = `# 碧江：网格建设\n\n${s}${s}${s}\n\n网格员每月入户走访。\n\n${s}\n`;
    const r = await analyzeReport(Buffer.from(text), "repeat.txt", gazetteer, bySlug);
    expect(r.facts.filter((f) => f.raw === "300人")).toHaveLength(1);
  });

  it("regions: each article's facts carry its region, and the 万山 body is not counted as 玉屏", () => {
    const regionsById = new Map(report.articles.map((a) => [a.id, a.region?.name]));
    for (const f of facts) {
      const articleId = f.citation.id.split(":")[0]!;
      expect(f.region, f.raw).toBe(regionsById.get(articleId));
    }
    expect(fact("108人")).toMatchObject({ region: "万山区", regionSlug: "wanshan" });
    expect(fact("71.3%")).toMatchObject({ region: "万山区" });
    expect(fact("458人")).toMatchObject({ region: "万山区" });
    expect(fact("52名", "业主党员")).toMatchObject({ region: "思南县" });
    const counts = new Map<string, number>();
    for (const f of facts) counts.set(f.regionSlug ?? "-", (counts.get(f.regionSlug ?? "-") ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["bijiang", "sinan", "wanshan", "yuping"]);
  });

  it("a place named in the sentence wins over the article's region", () => {
    const [f] = extractFacts(passage("万山区共有村干部458人。", { region: "碧江区", regionSlug: "bijiang" }), gazetteer);
    expect(f).toMatchObject({ region: "万山区", regionSlug: "wanshan", value: 458 });
  });

  it("is deterministic: the same bytes give the same facts, in the same order", async () => {
    const again = await analyzeReport(bytes, FILE, gazetteer, bySlug);
    expect(again.facts).toEqual(facts);
    const p = report.passages.find((x) => x.id === "bijiang:2.3")!;
    expect(extractFacts(p, gazetteer)).toEqual(extractFacts(p, gazetteer));
  });
});
