import { describe, expect, it } from "vitest";
import { CHINESE_FIGURE, figuresIn, MEASURE_WORDS, normalizeUnit, UNITS } from "../../src/facts/units.js";
import { expectedUnits } from "../../src/answer/classify.js";
import { numbersIn } from "../../src/answer/validate.js";

describe("the unit table", () => {
  it("every measure word is a unit of the table", () => {
    expect([...MEASURE_WORDS].filter((u) => !(UNITS as readonly string[]).includes(u))).toEqual([]);
  });

  it("has every unit DESIGN.md names (余 is an approximation, not a unit)", () => {
    for (const u of "名 人 人次 个 项 块 次 件 户 亩 元/月 万元 % 岁 场 期 处 张 桶 公里 起".split(" ")) expect(UNITS).toContain(u);
  });

  it("lists longer units before their prefixes, so 元/月 and 人次 are not read as 元 and 人", () => {
    UNITS.forEach((u, i) => {
      for (const later of UNITS.slice(i + 1)) expect(later.startsWith(u) && later !== u).toBe(false);
    });
  });

  it("stores money in 元 with its multiplier", () => {
    expect(normalizeUnit("万元", undefined)).toEqual({ unit: "元", factor: 10_000 });
    expect(normalizeUnit("人", "万")).toEqual({ unit: "人", factor: 10_000 });
    expect(normalizeUnit("元/月", undefined)).toEqual({ unit: "元/月", factor: 1 });
  });

  it("finds figures with their stored unit and skips dates", () => {
    const found = figuresIn("2025年，全区近2468名网格员月均报酬4116元/月，投入1.5万元以上。");
    expect(found.map((f) => [f.raw, f.unit])).toEqual([
      ["近2468名", "名"],
      ["4116元/月", "元/月"],
      ["1.5万元以上", "元"],
    ]);
    const first = found[0]!;
    expect(first.numberAt).toBe(first.index + 1);
  });

  it("is the table question classification and validation read", () => {
    expect([...(expectedUnits("网格员几岁") ?? [])]).toEqual(["岁"]);
    expect(numbersIn("共两千人参加")).toEqual(["两千"]);
    expect("三十余个".match(CHINESE_FIGURE)).toBeNull(); // 余 sits between: not a unit
  });
});
