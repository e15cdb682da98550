/** What shape of answer a question wants. */
import { ASKS_LIST } from "./policy.js";

/** Answer shapes. */
export type QuestionKind = "number" | "howto" | "example" | "compare" | "general";

const NUMBER = /((?:是|有|要|花|拿|投|占)好多|好多(?:钱|人|个|块|次|户|件)?[？?]?$|多少|几[个项名人次件户场期处张块起成回岁位所家套年]?|比例|占比|多大|多高|多长|多久|百分之|几成|数量|人数|规模|多远|多重|一个月能拿)/u;
const HOWTO = /(怎么|如何|咋|怎样|做法|办法|措施|举措|经验|制度|机制|标准|要求|规定|程序|流程|步骤|路径|有啥招|治理|解决)/u;
const EXAMPLE = /(例子|案例|故事|典型|举[几一]个|原话|素材|可以学|值得学|讲课|培训要用|PPT|ppt)/u;
const COMPARE = /(对比|比较|哪个更|谁更|谁的|分别|各是|各自|不一样|区别|异同|和.{1,8}(各|都))/u;

/** True when the question asks for the items of a list (哪几个, 分别是, 小标题…): the policy's rule. */
export function asksForList(q: string): boolean {
  return ASKS_LIST.test(q) || /[几两二三四五六七八九十\d][个项条大](?!人).*(啥|什么|哪些|哪几|咋说|怎么说)/u.test(q);
}

/** Classify a normalised question. `regions` is how many regions it names. */
export function classifyQuestion(q: string, regions: number): QuestionKind {
  if (regions >= 2 || COMPARE.test(q)) return "compare";
  if (EXAMPLE.test(q)) return "example";
  if (NUMBER.test(q)) return "number";
  if (HOWTO.test(q)) return "howto";
  return "general";
}

/** True when the question asks for a figure (used even inside comparisons). */
export function asksForNumber(q: string): boolean {
  return NUMBER.test(q);
}

/** Question words that say which unit the figure has (几岁 → 岁, 多少钱 → 元 …). */
const UNIT_HINTS: [RegExp, string[]][] = [
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
  // 多少个/几个 counts things, or people (几个党员 is stated as 5名), and other measure words may state it
  [/(多少|几|好多)个(?!人|名)/u, ["个", "处", "块", "支", "家", "所", "座", "间", "套", "人", "名"]],
  [/(多少|几|好多)(块|张|桶|套|份|所|支|家|座|批|篇|条|间|台|辆)/u, []],
];

/** A measure word right after 多少/几 names the unit itself (几块 → 块). */
const MEASURE_ASKED = /(?:多少|几|好多)(块|张|桶|套|份|所|支|家|座|批|篇|条|间|台|辆)/u;

/** Units a figure answering this question may have, or null when the question does not say. */
export function expectedUnits(q: string): Set<string> | null {
  const units = new Set<string>();
  for (const [re, us] of UNIT_HINTS) if (re.test(q)) for (const u of us) units.add(u);
  const measure = MEASURE_ASKED.exec(q);
  if (measure) units.add(measure[1]!);
  return units.size ? units : null;
}
