/**
 * Parsing and layout repair: one small fixture file per repair (test/fixtures/),
 * then the real shipped report with every fault the newspaper text has.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { collapseRepeats, isByline, looksLikeCaption, parseReport, reportTitle, type ParsedReport } from "../../src/corpus/parse.js";
import { decodeReport } from "../../src/corpus/read.js";
import { ancestorsOf, detectRegion, loadGazetteer, parseGazetteer, regionNames, type GazetteerEntry } from "../../src/corpus/regions.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = path.join(root, "test/fixtures");
const REAL_REPORT = path.join(root, "data/reports/tongren-governance-digest.txt");

let gazetteer: GazetteerEntry[];

/** Read a report file the way reindex does and parse it, titled by its file name. */
async function parseFile(file: string): Promise<ParsedReport> {
  const { text } = await decodeReport(await readFile(file), path.basename(file));
  return parseReport(text, path.basename(file, path.extname(file)), gazetteer);
}

function paragraphs(report: ParsedReport): string[] {
  return report.articles.flatMap((a) => a.sections.flatMap((s) => s.paragraphs));
}

beforeAll(async () => {
  gazetteer = await loadGazetteer(path.join(root, "data/lexicon"));
  expect(gazetteer.length).toBeGreaterThan(0);
});

describe("layout repair on small fixtures", () => {
  it("byline and captions: the byline is taken off the body, captions stay apart and the cut paragraph around one is joined", async () => {
    const r = await parseFile(path.join(fixtures, "byline-caption.txt"));
    expect(r.articles).toHaveLength(1);
    const a = r.articles[0]!;
    expect(a.title).toBe("碧江：社区服务站建设见成效");
    expect(a.byline).toBe("张三 李四");
    expect(a.captions).toEqual(["环北街道新建的便民服务站。", "服务站内景。"]);
    const paras = paragraphs(r);
    expect(paras.some((p) => p.includes("张三"))).toBe(false);
    expect(paras.some((p) => p.includes("服务站内景"))).toBe(false);
    expect(paras).toContain("服务站设置休息区、阅读区和政务代办窗口,配备工作人员12名,群众办事更加便捷,满意度明显提升。");
    // a short body sentence after a single blank line is body text, not a caption
    expect(paras).toContain("服务站坚持每周开展一次志愿服务活动。");
    expect(r.repairs.bylines).toBe(1);
    expect(r.repairs.captions).toBe(2);
    expect(r.repairs.joinedPageBreaks).toBe(1);
    expect(a.region?.slug).toBe("bijiang");
  });

  it("page breaks: a line ending without 。！？ is joined to the next paragraph, but never across a heading", async () => {
    const r = await parseFile(path.join(fixtures, "page-break.txt"));
    const a = r.articles[0]!;
    expect(a.sections[0]!.paragraphs).toEqual(["近年来,思南县着力选聘一批年轻、学历高、素质强、干劲足的优秀人才,充实社区网格力量。"]);
    expect(a.sections[1]!.heading).toBe("强化入户走访");
    expect(a.sections[1]!.paragraphs).toEqual([
      "网格员结对联系留守老人和困难群众,每月定期入户走访,收集民情民意。",
      "网格员同时负责政策宣传。",
      "工作台账做到一户一档,",
    ]);
    expect(a.sections[2]!.paragraphs).toEqual(["街道建立网格员考核办法,按季度通报。"]);
    expect(r.repairs.joinedPageBreaks).toBe(2);
  });

  it("repeated sentences: an immediate repeat collapses to one copy, a later repeat is kept", async () => {
    const r = await parseFile(path.join(fixtures, "repeated-sentence.txt"));
    const [first, second] = r.articles[0]!.sections[0]!.paragraphs;
    expect(first).toBe("近年来,万山区严格执行发展党员工作程序。定期开展农村发展党员工作程序化、规范化、标准化。确保发展党员质量。");
    expect(second).toBe("全区坚持质量第一。发展党员坚持标准。全区坚持质量第一。");
    expect(r.repairs.collapsedRepeats).toBe(3);
  });

  it("collapseRepeats leaves text without repeats untouched", () => {
    expect(collapseRepeats("甲乙丙。丁戊己。")).toEqual({ text: "甲乙丙。丁戊己。", dropped: 0 });
    expect(collapseRepeats("甲乙丙。甲乙丙。甲乙丙！")).toEqual({ text: "甲乙丙。甲乙丙！", dropped: 1 });
  });

  it("a title printed after its own body takes that body back, with its sections and byline", async () => {
    const r = await parseFile(path.join(fixtures, "trailing-title.txt"));
    expect(r.articles.map((a) => a.title)).toEqual(["碧江：社区减负见实效", "万山：“三步走”推动农村党员队伍建设"]);
    const [bijiang, wanshan] = r.articles as [(typeof r.articles)[0], (typeof r.articles)[0]];
    expect(bijiang.sections.map((s) => s.heading)).toEqual([null, "精简考核"]);
    expect(bijiang.sections[1]!.paragraphs).toEqual(["碧江区每年由街道统筹开展社区评议考核,减轻迎检压力。"]);
    expect(JSON.stringify(bijiang)).not.toContain("万山");
    expect(wanshan.byline).toBe("秦青清");
    expect(wanshan.sections.map((s) => s.heading)).toEqual([null, "注重源头培育", "严格发展程序"]);
    expect(wanshan.sections[0]!.paragraphs[0]).toMatch(/^近年来,万山区坚持把农村党员队伍建设/);
    expect(wanshan.region?.slug).toBe("wanshan");
    expect(bijiang.region?.slug).toBe("bijiang");
    expect(r.repairs.movedTrailingTitles).toBe(1);
  });

  it("a trailing title for a place outside the gazetteer falls back to the lead-like paragraph before a heading", () => {
    const text = [
      "# 甲社区：议事协商有新招",
      "",
      "近年来,甲社区推行居民议事会制度,群众的事群众商量办。",
      "",
      "## 议事有平台",
      "",
      "社区每月召开一次议事会。",
      "",
      "近年来,乙镇坚持把党员队伍建设作为基础工作。",
      "",
      "## 培养有方法",
      "",
      "乙镇从返乡青年中培养党员。",
      "",
      "# 乙镇：党员队伍建设走深走实",
    ].join("\n");
    const r = parseReport(text, "fallback", []);
    expect(r.articles.map((a) => a.title)).toEqual(["甲社区：议事协商有新招", "乙镇：党员队伍建设走深走实"]);
    expect(r.articles[1]!.sections[0]!.paragraphs).toEqual(["近年来,乙镇坚持把党员队伍建设作为基础工作。"]);
    expect(r.articles[0]!.sections[1]!.paragraphs).toEqual(["社区每月召开一次议事会。"]);
  });

  it("a file without any heading is one article titled by its file name", async () => {
    const r = await parseFile(path.join(fixtures, "no-heading.txt"));
    expect(r.articles).toHaveLength(1);
    expect(r.title).toBe("no-heading");
    const a = r.articles[0]!;
    expect(a.title).toBe("no-heading");
    expect(a.byline).toBeNull();
    expect(a.sections).toHaveLength(1);
    expect(a.sections[0]!.paragraphs).toHaveLength(2);
    expect(a.region?.slug).toBe("jiangkou");
  });

  it("isByline and looksLikeCaption recognise the newspaper's lines and nothing else", () => {
    expect(isByline("毕组工")).toBe(true);
    expect(isByline("姚雪谊 洪雪")).toBe(true);
    expect(isByline("近年来,碧江区聚焦城市社区问题。")).toBe(false);
    expect(looksLikeCaption("茅坪村冬瓜种植基地。")).toBe(true);
    expect(looksLikeCaption("碧江区环北街道设立新就业群体“暖新”驿站。")).toBe(true);
    expect(looksLikeCaption("抓理论武装促“铸魂”。坚持将学习贯彻作为首要政治任务。")).toBe(false);
    expect(looksLikeCaption("网格员结对联系群众,收集民情民意。")).toBe(false);
  });
});

describe("the shipped Tongren report", () => {
  let r: ParsedReport;
  let byRegion: (slug: string) => ParsedReport["articles"][number];
  beforeAll(async () => {
    r = await parseFile(REAL_REPORT);
    byRegion = (slug) => {
      const a = r.articles.find((x) => x.region?.slug === slug);
      if (!a) throw new Error(`no article for ${slug}`);
      return a;
    };
  });

  it("has four articles with their titles, regions and bylines", () => {
    expect(r.articles.map((a) => [a.title, a.region?.name, a.byline])).toEqual([
      ["碧江：“四个强化”提升城市基层治理效能", "碧江区", "毕组工"],
      ["思南县：“红色物业”解锁基层治理新密码", "思南县", "释组工"],
      ["玉屏茅坪村：党建引领促发展 担当实干谱新篇", "玉屏侗族自治县", "姚雪谊 洪雪"],
      ["万山：“三步走”推动农村党员队伍建设走深走实", "万山区", "秦青清"],
    ]);
    expect(r.articles.map((a) => a.region?.slug)).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
    // a digest of several articles is titled by its first article and the count
    expect(r.title).toBe("碧江：“四个强化”提升城市基层治理效能 等4篇");
  });

  it("each article has its sections (lead + three or four headings)", () => {
    expect(r.articles.map((a) => a.sections.length)).toEqual([5, 4, 4, 4]);
    expect(byRegion("wanshan").sections.map((s) => s.heading)).toEqual([
      null,
      "注重源头培育 优化农村党员队伍结构",
      "严格发展程序 提升农村党员发展质量",
      "强化教育管理 促进农村党员作用发挥",
    ]);
  });

  it("the 万山 body printed before its title belongs to the 万山 article, not to 玉屏", () => {
    const wanshan = byRegion("wanshan");
    expect(wanshan.sections[0]!.paragraphs[0]).toMatch(/^近年来,万山区坚持把农村党员队伍建设/);
    const yuping = byRegion("yuping");
    const yupingText = yuping.sections.flatMap((s) => s.paragraphs).join("\n");
    expect(yupingText).not.toContain("万山区");
    expect(yupingText).not.toContain("农村党员队伍");
    const last = yuping.sections[yuping.sections.length - 1]!;
    expect(last.heading).toBe("突出先锋引领:以“实干担当”彰显党建核心力量");
    expect(last.paragraphs).toHaveLength(3);
    expect(last.paragraphs[2]).toMatch(/^在典型选树中强引领。/);
    expect(r.repairs.movedTrailingTitles).toBe(1);
  });

  it("joins the paragraphs cut by page breaks", () => {
    const paras = paragraphs(r);
    const whole = (s: string) => paras.filter((p) => p.includes(s));
    expect(whole("着力选聘一批年轻、学历高、素质强、干劲足的优秀人才")).toHaveLength(1);
    expect(whole("每月定期入户走访")).toHaveLength(1);
    expect(whole("不断强化思想引领")).toHaveLength(1);
    expect(whole("留守未成年人等特殊群体")).toHaveLength(1);
    expect(whole("每周擦洗、每月大扫除")).toHaveLength(1);
    // joined across the image caption that sat between the two halves
    const [farm] = whole("牵头成立产业发展党支部");
    expect(farm).toBeDefined();
    expect(farm).not.toContain("茅坪村冬瓜种植基地。");
    expect(farm).toContain("建成冬瓜种植基地和蔬菜大棚共70亩");
    // no paragraph of the body is left hanging without a sentence end
    for (const p of paras) expect(p).toMatch(/[。！？!?”]$/);
    expect(r.repairs.joinedPageBreaks).toBe(6);
  });

  it("keeps the repeated sentence once", () => {
    const all = paragraphs(r).join("\n");
    expect(all.split("定期开展农村发展党员工作程序化、规范化、标准化。").length - 1).toBe(1);
    expect(r.repairs.collapsedRepeats).toBe(2);
  });

  it("keeps image captions as captions, out of the body text", () => {
    expect(byRegion("bijiang").captions).toEqual(["碧江区环北街道设立新就业群体“暖新”驿站。"]);
    expect(byRegion("yuping").captions).toEqual(["茅坪村冬瓜种植基地。"]);
    expect(byRegion("sinan").captions).toEqual([]);
    expect(byRegion("wanshan").captions).toEqual([]);
    const paras = paragraphs(r);
    expect(paras).not.toContain("碧江区环北街道设立新就业群体“暖新”驿站。");
    expect(paras.some((p) => p.includes("毕组工") || p.includes("秦青清"))).toBe(false);
    expect(byRegion("bijiang").sections[0]!.paragraphs[0]).toMatch(/^近年来,碧江区聚焦城市社区/);
  });

  it("finds the sub-places people name in questions", () => {
    const sinan = byRegion("sinan").region!;
    expect(sinan.places).toEqual(expect.arrayContaining(["关中坝街道", "蓝色港湾小区"]));
    const names = regionNames(sinan, gazetteer);
    expect(names).toEqual(expect.arrayContaining(["思南县", "思南", "关中坝街道", "关中坝", "蓝色港湾小区", "蓝色港湾"]));
    const yuping = byRegion("yuping").region!;
    expect(yuping.places).toContain("茅坪村");
    expect(regionNames(yuping, gazetteer)).toEqual(expect.arrayContaining(["玉屏", "茅坪村", "茅坪"]));
    expect(byRegion("bijiang").region!.places).toContain("环北街道");
  });
});

describe("regions", () => {
  it("parses the gazetteer format with comments and aliases", () => {
    const g = parseGazetteer("# 注释\nbijiang 碧江区 碧江 铜仁碧江\n\nsinan 思南县 思南 # 行尾注释\n");
    expect(g).toEqual([
      { slug: "bijiang", name: "碧江区", short: "碧江", aliases: ["铜仁碧江"], level: "county", parent: null },
      { slug: "sinan", name: "思南县", short: "思南", aliases: [], level: "county", parent: null },
    ]);
  });

  it("reads @province and @in: (the place a line lies in), and defaults a parent when the level above has one entry", () => {
    const g = parseGazetteer(
      [
        "gz 贵州省 贵州 @province",
        "tr 铜仁市 铜仁 @prefecture",
        "qdn 黔东南州 黔东南 @prefecture @in:gz",
        "bj 碧江区 碧江 @in:tr",
        "kl 凯里市 凯里 @in:qdn",
        "xx 某县",
      ].join("\n"),
    );
    const bySlug = Object.fromEntries(g.map((e) => [e.slug, e]));
    expect(bySlug.gz).toMatchObject({ level: "province", parent: null, short: "贵州", aliases: [] });
    expect(bySlug.tr).toMatchObject({ level: "prefecture", parent: "gz" });
    expect(bySlug.kl).toMatchObject({ level: "county", parent: "qdn", aliases: [] });
    // two prefectures: a county without @in: lies in none of them
    expect(bySlug.xx!.parent).toBeNull();
    expect(ancestorsOf("bj", g)).toEqual(["tr", "gz"]);
    // one prefecture only: its counties lie in it without saying so (older files)
    expect(parseGazetteer("tr 铜仁市 铜仁 @prefecture\nbj 碧江区 碧江")[1]!.parent).toBe("tr");
  });

  it("gives the shipped counties their prefecture and province", () => {
    expect(ancestorsOf("bijiang", gazetteer)).toEqual(["tongren", "guizhou"]);
    expect(ancestorsOf("kaili", gazetteer)).toEqual(["qiandongnan", "guizhou"]);
  });

  it("reads the @prefecture marker, which is not a name", () => {
    const [e] = parseGazetteer("tongren 铜仁市 铜仁 @prefecture\n");
    expect(e).toEqual({ slug: "tongren", name: "铜仁市", short: "铜仁", aliases: [], level: "prefecture", parent: null });
    expect(parseGazetteer("qdn 黔东南州 @prefecture 黔东南 黔东南苗族侗族自治州")[0]).toMatchObject({
      short: "黔东南",
      aliases: ["黔东南苗族侗族自治州"],
      level: "prefecture",
    });
  });

  it("gives an article the county it names, not the prefecture around it", () => {
    expect(detectRegion("铜仁市：基层治理新探索", "碧江区灯塔街道推行积分制。", gazetteer)?.slug).toBe("bijiang");
    expect(detectRegion("铜仁市：全市一盘棋", "全市推行积分制。", gazetteer)?.slug).toBe("tongren");
  });

  it("prefers the region named in the title over mentions in the body", () => {
    const region = detectRegion("万山：党员队伍建设", "碧江区的经验值得学习。碧江区也这样做。", gazetteer);
    expect(region?.slug).toBe("wanshan");
  });

  it("ignores generic words ending in 村 as sub-places and returns null without a known place", () => {
    expect(detectRegion("农村工作", "近年来农村发展很快。", gazetteer)).toBeNull();
    const r = detectRegion("碧江", "碧江区农村党员队伍建设。", gazetteer);
    expect(r?.places).not.toContain("农村");
  });
});

describe("report titles", () => {
  it("prefers a Chinese file name, then the single article's title, then the first with a count", () => {
    expect(reportTitle("铜仁基层治理简报", ["碧江：甲", "思南：乙"])).toBe("铜仁基层治理简报");
    expect(reportTitle("report-2026", ["碧江：甲"])).toBe("碧江：甲");
    expect(reportTitle("report-2026", ["碧江：甲", "思南：乙"])).toBe("碧江：甲 等2篇");
    expect(reportTitle("report-2026", [])).toBe("report-2026");
  });
});
