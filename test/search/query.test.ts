import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadGazetteer } from "../../src/corpus/regions.js";
import type { Article } from "../../src/corpus/types.js";
import { loadLexicon, parseExamples, parseLexicon, type Lexicon } from "../../src/search/lexicon.js";
import { createRegionMatcher, findOutsidePlaces, parseQuery, synonymExpansion, type RegionMatcher, readEnglish } from "../../src/search/query.js";
import { coverage, keywordMatch, spreadMatch } from "../../src/search/relevance.js";
import { PROJECT_ROOT } from "../helpers/temp-project.js";

let lexicon: Lexicon;
let matcher: RegionMatcher;

const article = (id: string, slug: string, name: string, short: string, places: string[]): Article => ({
  id,
  title: name,
  byline: null,
  region: { slug, name, short, places },
  captions: [],
  sections: [],
});

beforeAll(async () => {
  const dir = path.join(PROJECT_ROOT, "data/lexicon");
  lexicon = await loadLexicon(dir);
  matcher = createRegionMatcher(
    [
      article("bijiang", "bijiang", "碧江区", "碧江", ["环北街道"]),
      article("sinan", "sinan", "思南县", "思南", ["关中坝街道", "蓝色港湾小区"]),
      article("yuping", "yuping", "玉屏侗族自治县", "玉屏", ["茅坪村"]),
    ],
    await loadGazetteer(dir),
  );
});

describe("query parsing", () => {
  it("folds traditional characters and full-width forms", () => {
    expect(parseQuery("網格員有多少人？", lexicon, matcher).normalized).toBe("网格员有多少人?");
  });

  it("finds regions by name, short name and sub-place, longest first", () => {
    expect(parseQuery("蓝色港湾的党员", lexicon, matcher).regions).toEqual(["sinan"]);
    expect(parseQuery("碧江跟茅坪村的网格", lexicon, matcher).regions).toEqual(["bijiang", "yuping"]);
    expect(parseQuery("社区怎么减负", lexicon, matcher).regions).toEqual([]);
  });

  it("keeps question words and place names out of the keywords", () => {
    const q = parseQuery("碧江的社工工资有多少", lexicon, matcher);
    expect(q.keywords).not.toContain("多少");
    expect(q.keywords).not.toContain("碧江");
    expect(q.keywords).toContain("工资");
  });

  it("keeps a lexicon phrase whole (政治审查) and strips the corpus's own scope (铜仁)", () => {
    expect(parseQuery("政治审查做了多少次", lexicon, matcher).keywords).toContain("政治审查");
    expect(parseQuery("铜仁天气怎么样", lexicon, matcher).keywords).not.toContain("铜仁");
  });

  it("English mixed in is read as the reports' Chinese, whole words only, longest phrase first", () => {
    const lx = parseLexicon(
      "",
      "",
      "",
      "",
      "社区工作者 = community worker\n薪酬 = salary | pay\n党员 = party member | party members\n发展党员 = new party members",
    );
    const read = readEnglish("碧江 Community Worker 的 salary 体系", lx);
    expect(read.text).toBe("碧江社区工作者的薪酬体系");
    expect(read.corrections.map((c) => c.to)).toEqual(["社区工作者", "薪酬"]);
    expect(readEnglish("new party members 有多少", lx).text).toBe("发展党员有多少");
    // a word inside another is not it (payment is not pay)
    expect(readEnglish("payment 多少", lx).text).toBe("payment 多少");
  });

  it("two single characters jieba cuts apart that make a lexicon word are kept as that word", () => {
    const lx = parseLexicon("调解 说和 劝和", "的 了 几 回 帮", "");
    const kw = parseQuery("党员帮邻里说和了几回", lx, matcher).keywords;
    expect(kw).toContain("说和");
    // …and not when they are not a lexicon word
    expect(parseQuery("党员帮邻里说了几回", lx, matcher).keywords).not.toContain("说了");
  });

  it("a request to the assistant (推荐个…) is how the question asks, not its topic; 民主推荐 stays one", () => {
    expect(parseQuery("推荐个铜仁本地菜", lexicon, matcher).keywords).not.toContain("推荐");
    expect(parseQuery("民主推荐怎么搞", lexicon, matcher).keywords.join("")).toContain("推荐");
    expect(parseQuery("晚饭想做个家常菜，有没有推荐", lexicon, matcher).keywords).not.toContain("推荐");
  });

  it("expands synonyms at a lower weight, and a one-character member only as a whole word", () => {
    const q = parseQuery("社工工资多少", lexicon, matcher);
    expect(q.terms.get("w:报酬")).toBeLessThan(q.terms.get("w:工资")!);
    expect(synonymExpansion("新就业群体", lexicon)).not.toContain("工作群");
    expect(synonymExpansion("有什么例子", lexicon)).toEqual([]); // a question word triggers nothing
  });

  it("drops bigrams made only of question words", () => {
    const q = parseQuery("有没有给快递员服务的案例", lexicon, matcher);
    expect(q.terms.has("b:有没")).toBe(false);
    expect(q.terms.has("b:快递")).toBe(true);
  });

  it("names places outside the corpus", () => {
    expect(findOutsidePlaces("上海社区减负", lexicon)).toEqual(["上海"]);
    expect(findOutsidePlaces("贵州全省发展党员", lexicon)).toContain("全省");
    expect(findOutsidePlaces("碧江社区减负", lexicon)).toEqual([]);
  });

  it("reads admin-edited lexicon text", () => {
    const lx = parseLexicon("# 注释\n甲 乙 丙\n单\n", "吗 呢", "火星");
    expect(lx.synonyms).toEqual([["甲", "乙", "丙"]]);
    expect(lx.stopwords.has("呢")).toBe(true);
    expect(lx.outsidePlaces).toEqual(["火星"]);
  });
});

describe("does a text answer the question", () => {
  it("matches exactly, through a synonym, across inserted characters, and a typo by its bigrams", () => {
    expect(keywordMatch("网格员", "专兼职网格员2468人", lexicon)).toBe(1);
    expect(keywordMatch("工资", "平均报酬4116元/月", lexicon)).toBeGreaterThan(0.8);
    expect(spreadMatch("发展党员", "共发展农村党员108人", 3)).toBe(true);
    expect(keywordMatch("红色议是厅", "红色议事厅127个", lexicon)).toBeGreaterThan(0);
    expect(keywordMatch("天气", "红色议事厅127个", lexicon)).toBe(0);
  });

  it("weighs rare words more than common ones", () => {
    const weight = (k: string) => (k === "社区" ? 0.5 : 3);
    expect(coverage(["社区", "退休"], "社区工作者平均年龄35.5岁", lexicon, weight)).toBeLessThan(0.2);
    expect(coverage(["社区", "年龄"], "社区工作者平均年龄35.5岁", lexicon, weight)).toBe(1);
    expect(coverage([], "任何文字", lexicon, weight)).toBe(1);
  });
});

describe("examples.txt", () => {
  it("parses kind and text a line, skipping comments and unknown kinds", () => {
    const ex = parseExamples("# 注释\nquestion 社区工作者平均报酬是多少？\nstats 网格员\nstats 碧江 # 地区\ntopic 红色物业\nfoo 不认识\nstats\n");
    expect(ex).toEqual({ questions: ["社区工作者平均报酬是多少？"], stats: ["网格员", "碧江"], topics: ["红色物业"] });
  });

  it("ships sample questions, /stats keywords and topics", () => {
    expect(lexicon.examples.questions.length).toBeGreaterThanOrEqual(3);
    expect(lexicon.examples.stats).toContain("网格员");
    expect(lexicon.examples.topics.length).toBeGreaterThan(0);
  });
});

describe("english.txt", () => {
  it("every Chinese side is a word the shipped report or the synonym lexicon uses", async () => {
    const report = (await import("node:fs")).readFileSync(path.join(PROJECT_ROOT, "data/reports/tongren-governance-digest.txt"), "utf8");
    const known = new Set(lexicon.synonyms.flat());
    expect(lexicon.english.length).toBeGreaterThan(40);
    for (const [en, zh] of lexicon.english) expect(report.includes(zh) || known.has(zh), `${zh} = ${en}`).toBe(true);
  });
});
