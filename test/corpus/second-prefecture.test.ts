/**
 * A second prefecture's reports with its own gazetteer work with no code
 * change: a real index over test/fixtures/qiandongnan (黔东南州, with 凯里市 and
 * 雷山县), built into a temp folder and queried through the assistant.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssistant } from "../../src/assistant/assistant.js";
import type { Assistant } from "../../src/assistant/types.js";
import { createConfig } from "../../src/config.js";
import { loadIndex, type LoadedIndex } from "../../src/index/load.js";
import { PROJECT_ROOT } from "../helpers/temp-project.js";

const FIXTURE = path.join(PROJECT_ROOT, "test/fixtures/qiandongnan");
let dir = "";
let assistant: Assistant;
let index: LoadedIndex;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "jiceng-qiandongnan-"));
  cpSync(path.join(FIXTURE, "reports"), path.join(dir, "data/reports"), { recursive: true });
  cpSync(path.join(FIXTURE, "lexicon"), path.join(dir, "data/lexicon"), { recursive: true });
  // question words and synonyms are not about any one place: the shipped ones serve here too
  for (const f of ["stopwords.txt", "synonyms.txt"]) cpSync(path.join(PROJECT_ROOT, "data/lexicon", f), path.join(dir, "data/lexicon", f));
  const config = createConfig({}, dir);
  assistant = await createAssistant(config); // builds the index on first use
  index = await loadIndex(config);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a second prefecture (黔东南州)", () => {
  it("gives each article its county, and the prefecture only to the article that names no county", () => {
    const regions = Object.fromEntries(index.articles.map((a) => [a.title, a.region?.slug ?? null]));
    expect(regions).toEqual({
      "凯里市：“小区管家”让居民少跑腿": "kaili",
      "黔东南州雷山县：苗寨“议事长廊”商量事": "leishan",
      "黔东南州：全州推进基层减负": "qiandongnan",
    });
    expect(index.manifest.domainWords).toEqual(["小区管家", "议事长廊"]);
  });

  it("attaches figures to the county, not to the prefecture named beside it", () => {
    const fact = (raw: string) => index.facts.find((f) => f.raw === raw);
    expect(fact("326名")).toMatchObject({ value: 326, unit: "名", regionSlug: "kaili", region: "凯里市" });
    expect(fact("210名")).toMatchObject({ regionSlug: "leishan", region: "雷山县" });
    expect(fact("58处")).toMatchObject({ regionSlug: "leishan" });
    expect(fact("1300余个")).toMatchObject({ regionSlug: "qiandongnan" });
  });

  it("answers a question naming 凯里 from the 凯里 article", async () => {
    const a = await assistant.ask("凯里选聘了多少名小区管家？");
    expect(a.refused).toBe(false);
    expect(a.text).toContain("326");
    expect(a.citations.length).toBeGreaterThan(0);
    for (const c of a.citations) expect(c.articleId).toBe("kaili");
  });

  it("looks up a county's figures by its short name", () => {
    const s = assistant.stats("雷山");
    expect(s.kind).toBe("region");
    expect(s.facts.map((f) => f.raw)).toEqual(expect.arrayContaining(["210名", "1.2万人次"]));
    expect(s.facts.every((f) => f.regionSlug === "leishan")).toBe(true);
  });

  it("offers examples chosen from its own index when it has no examples.txt (never 铜仁's)", () => {
    const { samples } = assistant.info();
    expect(samples.questions.length).toBeGreaterThan(0);
    expect(samples.questions[0]).toBe("凯里管家上门");
    expect(samples.stats).toContain("雷山");
    expect(samples.topics).toEqual(["管家上门", "长廊议事"]);
    const overview = assistant.stats("").overview!;
    expect(overview.examples).toEqual(samples.stats);
    expect(overview.examples.join(" ")).not.toMatch(/碧江|铜仁/);
  });
});
