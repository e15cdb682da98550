/** What shape of answer a question wants. */
import { MEASURE_ASKED, UNIT_HINTS } from "../facts/units.js";
import { ASKS_LIST, ASKS_SHARE, ASKS_SOURCES, SAME_MEASURES } from "./policy.js";

/** Answer shapes. */
export type QuestionKind = "number" | "howto" | "example" | "compare" | "general";

const NUMBER =
  /((?:是|有|要|花|拿|投|占)好多|总数|总人数|好多(?:钱|人|个|块|次|户|件)?[？?]?$|多少|几[个项名人次件户场期处张块起成回岁位所家套年]?|比例|占比|多大|多高|多长|多久|百分之|几成|数量|人数|规模|多远|多重|一个月能拿)/u;
const HOWTO = /(怎么|如何|咋|怎样|做法|办法|措施|举措|经验|制度|机制|标准|要求|规定|程序|流程|步骤|路径|有啥招|治理|解决)/u;
const EXAMPLE = /(例子|案例|故事|典型|举[几一]个|原话|素材|可以学|值得学|讲课|培训要用|PPT|ppt)/u;
const COMPARE = /(对比|比较|哪个更|谁更|谁的|分别|各是|各自|不一样|区别|异同|和.{1,8}(各|都))/u;

/** True when the question asks for the items of a list (哪几个, 分别是, 小标题…): the policy's rule. */
export function asksForList(q: string): boolean {
  return ASKS_LIST.test(q) || ASKS_SOURCES.test(q) || /[几两二三四五六七八九十\d][个项条大](?!人).*(啥|什么|哪些|哪几|咋说|怎么说)/u.test(q);
}

/** Classify a normalised question. `regions` is how many regions it names. */
export function classifyQuestion(question: string, regions: number): QuestionKind {
  // a quoted name (“党员故事会”, “小事不出楼栋”) is what is asked about, not how: 故事 there asks for no story
  const q = question.replace(/“[^“”]*”/gu, "“”");
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

/** Units a figure answering this question may have, or null when the question does not say. */
export function expectedUnits(q: string): Set<string> | null {
  const units = new Set<string>();
  for (const [re, us] of UNIT_HINTS) if (re.test(q)) for (const u of us) units.add(u);
  const measure = MEASURE_ASKED.exec(q);
  if (measure) units.add(measure[1]!);
  // a share asked outright (按工资的百分之几, 占比多少) is a share, whatever else the question names
  if (ASKS_SHARE.test(q)) return new Set(["%"]);
  // items of a list are counted in 条 or 项 alike (列了几条指标 is answered by 设置10项指标)
  for (const group of SAME_MEASURES) if (group.some((u) => units.has(u))) for (const u of group) units.add(u);
  return units.size ? units : null;
}
