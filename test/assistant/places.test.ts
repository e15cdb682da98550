/**
 * The place hierarchy: a question naming a place around the corpus's regions
 * (贵州, 铜仁) is answered from the regions inside it, saying so; a report
 * about a new place in the gazetteer (凯里, 黔东南) makes it answerable at once;
 * a place outside the gazetteer (上海) is still refused.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPlacesText } from "../../src/assistant/render-text.js";
import { loadIndex } from "../../src/index/load.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { createRetriever } from "../../src/search/retrieve.js";
import { PROJECT_ROOT, createTestAssistant } from "../helpers/temp-project.js";

const FOUR = ["bijiang", "sinan", "yuping", "wanshan"];
let project: Awaited<ReturnType<typeof createTestAssistant>>;

beforeAll(async () => {
  project = await createTestAssistant();
});
afterAll(() => project?.cleanup());

describe("places around the regions", () => {
  it("reads 贵州 and 铜仁 as the four places they contain", async () => {
    const r = createRetriever(await loadIndex(project.config), await loadLexicon(project.config.lexiconDir));
    for (const q of ["贵州省社区工作者工资多少", "铜仁网格员有多少", "全市怎么搞红色物业"]) {
      const parsed = r.parse(q);
      expect(parsed.regions).toEqual([]);
      expect([...(parsed.within?.regions ?? [])].sort()).toEqual([...FOUR].sort());
    }
    expect(r.parse("贵州省社区工作者工资多少").within?.places).toEqual(["贵州省"]);
    // a county named with its prefecture is that county
    expect(r.parse("铜仁碧江区网格员有多少").regions).toEqual(["bijiang"]);
    expect(r.parse("铜仁碧江区网格员有多少").within).toBeUndefined();
  });

  it("answers a figure about 贵州 from a county inside it and says so", async () => {
    const a = await project.assistant.ask("贵州省社区工作者工资多少");
    expect(a.refused).toBe(false);
    expect(a.text.split("\n")[0]).toBe("报告里没有贵州省的汇总数字；以下是其中铜仁市碧江区的：");
    expect(a.text).toContain("4116");
    for (const c of a.citations) expect(c.region).toBe("碧江区");
  });

  it("answers a how-to question about 铜仁 from the places in it and says so", async () => {
    const a = await project.assistant.ask("铜仁怎么搞红色物业");
    expect(a.refused).toBe(false);
    expect(a.text.split("\n")[0]).toBe("以下是铜仁市各地的做法：");
    expect(a.citations.length).toBeGreaterThan(0);
    const names = ["碧江区", "思南县", "玉屏侗族自治县", "万山区"];
    for (const c of a.citations) expect(names).toContain(c.region);
    const figure = await project.assistant.ask("铜仁网格员有多少");
    expect(figure.text).toContain("报告里没有铜仁市的汇总数字；以下是其中碧江区的：");
    expect(figure.text).toContain("2468");
  });

  it("does not pass a county's figure off as the province's total", async () => {
    const a = await project.assistant.ask("贵州全省2025年发展了多少农村党员");
    expect(a.refused).toBe(true);
    expect(a.text.split("\n")[0]).toBe("报告里没有贵州省的汇总数字，不能拿其中某地的数字代替。");
  });

  it("still refuses a place outside the gazetteer, and a gazetteer place without reports", async () => {
    const shanghai = await project.assistant.ask("上海社区减负有哪些政策");
    expect(shanghai.refused).toBe(true);
    expect(shanghai.text).toContain("没有关于上海的内容");
    const jiangkou = await project.assistant.ask("江口县网格员有多少");
    expect(jiangkou.refused).toBe(true);
    expect(jiangkou.text).toContain("没有关于江口县的内容");
  });
});

describe("a report about a new place", () => {
  it("makes 凯里 and 黔东南 answerable once indexed, and the summary lists the places", async () => {
    const before = await project.assistant.ask("黔东南网格员有多少");
    expect(before.refused).toBe(true);
    const bytes = readFileSync(path.join(PROJECT_ROOT, "test/fixtures/qiandongnan/reports/qiandongnan-digest.md"));
    const result = await project.assistant.addReport("qiandongnan-digest.md", bytes);
    expect(result.places).toEqual(expect.arrayContaining(["凯里市", "雷山县", "黔东南苗族侗族自治州"]));
    expect(renderPlacesText(result.places)).toContain("凯里市");

    const kaili = await project.assistant.ask("凯里选聘了多少名小区管家？");
    expect(kaili.refused).toBe(false);
    expect(kaili.text).toContain("326");

    const qdn = await project.assistant.ask("黔东南网格员有多少");
    expect(qdn.refused).toBe(false);
    expect(qdn.text).toContain("210");
    expect(qdn.text).toContain("以下是其中雷山县的");

    const shanghai = await project.assistant.ask("上海有多少网格员");
    expect(shanghai.refused).toBe(true);
  });

  it("says when no place was recognised, and how to add one", () => {
    expect(renderPlacesText([])).toContain("regions.txt");
  });
});
