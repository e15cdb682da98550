/**
 * The one unit table: which units a figure can carry, how a printed unit maps
 * to the unit a fact stores, which units a question asks for, and which units
 * make a region's headline figures. Fact extraction, question classification,
 * answer writing, answer validation and the /stats lookup all read it from
 * here, so a unit added once is understood everywhere.
 */

/**
 * Units recognised right after a number, longest first (元/月 must be tried
 * before 元, 人次 before 人). Covers DESIGN.md's list (名 人 人次 个 项 块 次 件 户
 * 亩 元/月 万元 % 岁 场 期 处 张 桶 公里 起; 余 is an approximation marker, see
 * `FIGURE`). 年, 月 and 日 are deliberately absent: 2025年 and 7月 are dates.
 */
export const UNITS = [
  "元/月",
  "元/年",
  "万元",
  "亿元",
  "人次",
  "公里",
  "千米",
  "平方米",
  "名",
  "人",
  "个",
  "项",
  "块",
  "次",
  "件",
  "户",
  "亩",
  "元",
  "%",
  "岁",
  "场",
  "期",
  "处",
  "张",
  "桶",
  "起",
  "套",
  "份",
  "所",
  "支",
  "家",
  "座",
  "批",
  "篇",
  "条",
  "间",
  "台",
  "辆",
  "天",
] as const;

/** A unit as printed in the text. */
export type PrintedUnit = (typeof UNITS)[number];

/** Measure words: a noun phrase after them says what is counted (43个户外劳动者驿站). */
export const MEASURE_WORDS: ReadonlySet<string> = new Set(Array.from("名个项块处张桶套份所支家座批篇条间台辆场期件户"));

/** Printed money units stored as 元 with their multiplier (5万元 is the fact 50000 元). */
const SCALED_UNITS: Readonly<Record<string, number>> = { 万元: 10_000, 亿元: 100_000_000 };

/** Multipliers written before the unit (3万人, 1.2亿元). */
const SCALES: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };

/** The units as a regex alternation (slashes escaped), longest first. */
export const UNIT_ALTERNATION = UNITS.map((u) => u.replace("/", "\\/")).join("|");

/**
 * A figure: optional approximation before it (近/超过/约…), the number, an
 * optional scale (万/亿), optional 余/多, the unit, optional 以上/左右/余 after.
 * Groups: 1 approx-before, 2 number, 3 scale, 4 approx-mid, 5 unit, 6 approx-after.
 * Global: use with `matchAll`, or make a fresh copy for `exec` loops.
 */
export const FIGURE = new RegExp(`(近|超过|超|约|逾|将近)?(\\d+(?:\\.\\d+)?)(万|亿)?(余|多)?(${UNIT_ALTERNATION})(以上|以下|左右|余|多)?`, "gu");

/** The unit a fact stores for a printed unit, and the multiplier its value takes (万元 → 元 ×10000). */
export function normalizeUnit(printed: string, scale: string | undefined): { unit: string; factor: number } {
  const factor = (scale ? (SCALES[scale] ?? 1) : 1) * (SCALED_UNITS[printed] ?? 1);
  return { unit: SCALED_UNITS[printed] ? "元" : printed, factor };
}

/**
 * Numbers written in Chinese numerals count as figures when a unit follows
 * them (两千人, 三百个): the unit is a lookahead, for `numbersIn` in answer validation.
 */
export const CHINESE_FIGURE = new RegExp(`[零一二两三四五六七八九十百千万亿]{2,}(?=${UNIT_ALTERNATION})`, "gu");

/** Question words that say which unit the figure has (几岁 → 岁, 多少钱 → 元 …). */
export const UNIT_HINTS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/几岁|多大年纪|多大岁数|年龄|年纪/u, ["岁"]],
  [/多少钱|工资|报酬|薪酬|收入|能拿|元|增收|节约|成本/u, ["元", "元/月", "元/年"]],
  [/几成|比例|占比|百分之|%|率/u, ["%"]],
  [/多少人次|几人次/u, ["人次"]],
  [/多少人|几个人|几人|几名|多少名|人数/u, ["人", "名", "人次"]],
  [/几期|多少期/u, ["期"]],
  [/几次|几回|多少次|多少回/u, ["次", "场", "期", "起"]],
  [/几场|多少场/u, ["场"]],
  [/几项|多少项/u, ["项"]],
  [/几件|多少件/u, ["件"]],
  [/几户|多少户/u, ["户"]],
  [/几处|多少处/u, ["处"]],
  [/几起|多少起/u, ["起"]],
  [/多少亩|几亩|多大面积/u, ["亩"]],
  [/多长|多远|几公里|多少公里/u, ["公里", "千米"]],
  // 多少个/几个 counts things, or people (几个党员 is stated as 5名); other measure words may state it
  [/(多少|几|好多)个(?!人|名)/u, ["个", "处", "块", "支", "家", "所", "座", "间", "套", "人", "名"]],
];

/** A measure word right after 多少/几 names the unit itself (几块 → 块, 多少张 → 张). */
export const MEASURE_ASKED = /(?:多少|几|好多)(块|张|桶|套|份|所|支|家|座|批|篇|条|间|台|辆)/u;

/** Units of a region's headline figures: people, money, shares, ages, coverage — in that order of rank. */
export const KEY_UNITS: readonly string[] = ["人", "名", "元/月", "元", "%", "岁", "人次", "户", "个", "亩", "公里"];

/** Key units that are headline figures at any size (a share, a wage, an age); other units need a value of 10 or more. */
export const HEADLINE_ANY_VALUE_UNITS: readonly string[] = ["%", "元", "元/月", "岁"];

/** One figure found in a sentence by `FIGURE`. */
export interface FigureMatch {
  /** The figure as printed (近2468名). */
  raw: string;
  /** Where it starts in the sentence. */
  index: number;
  /** The unit a fact would store (万元 → 元). */
  unit: string;
  /** Where the number itself starts (after 近/超过…). */
  numberAt: number;
  /** Where the printed unit ends (before 以上/左右…). */
  unitEnd: number;
}

/** Every figure with a unit in a text, in order (a number glued to a longer one is skipped). */
export function figuresIn(text: string): FigureMatch[] {
  const out: FigureMatch[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const index = m.index ?? 0;
    if (/[\d.]/.test(text.slice(Math.max(0, index - 1), index))) continue; // part of a longer number
    const numberAt = index + (m[1]?.length ?? 0);
    const unitEnd = index + m[0].length - (m[6]?.length ?? 0);
    out.push({ raw: m[0], index, unit: normalizeUnit(m[5]!, m[3]).unit, numberAt, unitEnd });
  }
  return out;
}
