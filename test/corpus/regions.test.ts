import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectRegion, parseGazetteer, regionNames } from "../../src/corpus/regions.js";
import { PROJECT_ROOT } from "../helpers/temp-project.js";

const gazetteer = parseGazetteer(readFileSync(path.join(PROJECT_ROOT, "data/lexicon/regions.txt"), "utf8"));

describe("sub-places of a region", () => {
  it("takes only the places printed right after the county's name", () => {
    const r = detectRegion("印江土家族苗族自治县岩昌街道：做实民生服务", "近年来,印江土家族苗族自治县岩昌街道聚焦群众需求。", gazetteer);
    expect(r?.slug).toBe("yinjiang");
    expect(r?.places).toEqual(["岩昌街道"]);
  });

  it("accepts a place's short form as a name, but never an everyday word", () => {
    const names = regionNames({ slug: "jiangkou", name: "江口县", short: "江口", places: ["水平村", "东河村", "茅坪村"] }, gazetteer);
    expect(names).toContain("东河");
    expect(names).toContain("茅坪");
    expect(names).toContain("水平村");
    expect(names).not.toContain("水平");
  });
});
