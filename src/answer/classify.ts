/** What shape of answer a question wants. */

/** Answer shapes. */
export type QuestionKind = "number" | "howto" | "example" | "compare" | "general";

const NUMBER = /(多少|几[个项名人次件户场期处张块起成回岁位所家套年]?|比例|占比|多大|多高|多长|多久|百分之|几成|数量|人数|规模|多远|多重|一个月能拿)/u;
const HOWTO = /(怎么|如何|咋|怎样|做法|办法|措施|举措|经验|制度|机制|标准|要求|规定|程序|流程|步骤|路径|有啥招|治理|解决)/u;
const EXAMPLE = /(例子|案例|故事|典型|举[几一]个|原话|素材|可以学|值得学|讲课|培训要用|PPT|ppt)/u;
const COMPARE = /(对比|比较|哪个更|谁更|谁的|分别|各是|各自|不一样|区别|异同|和.{1,8}(各|都))/u;

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
];

/** Units a figure answering this question may have, or null when the question does not say. */
export function expectedUnits(q: string): Set<string> | null {
  const units = new Set<string>();
  for (const [re, us] of UNIT_HINTS) if (re.test(q)) for (const u of us) units.add(u);
  return units.size ? units : null;
}
