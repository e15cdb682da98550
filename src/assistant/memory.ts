/**
 * A small conversation state per chat, so short follow-ups are understood:
 * "还有吗" (what has not been shown yet), "具体怎么做" (the full paragraphs
 * behind the last answer), and elliptical questions that replace one part of
 * the last one: the place ("那思南呢"), the year ("2024年呢"), the figure asked
 * for ("占比呢") or the subject ("书记呢"). Bounded and expiring; the state is
 * plain JSON, kept in a ConversationStore (this process's memory, or Redis in
 * a fleet).
 */

/** What is remembered of a chat's last topic. */
export interface Turn {
  /** The last question, resolved (follow-ups rewritten into full questions). */
  question: string;
  /** Region slugs it named. */
  regions: string[];
  /** Passage ids the last answer cited. */
  cited: string[];
  /** Sentences shown so far on this topic (they grow with each "还有吗"). */
  shown: string[];
  at: number;
}

/** Follow-up memory lasts this long without a new question (a worker's pause, not a day; the README promises 10 minutes). */
export const FOLLOW_UP_TTL_MS = 10 * 60_000;
/** Sentences remembered as shown per chat (a long "还有吗" session cannot grow without bound). */
export const MEMORY_MAX_SHOWN = 200;
/** A follow-up is short; a longer text is a new question. */
export const FOLLOW_UP_MAX_CHARS = 24;

/** How a text relates to the last turn. */
export type FollowUp =
  | { kind: "new"; question: string }
  /** 还有吗: the same question, without what was shown. */
  | { kind: "more"; question: string; shown: string[] }
  /** 具体怎么做: the full paragraphs the last answer cited. */
  | { kind: "detail"; question: string; sources: string[] }
  /** An elliptical question rewritten from the last one. */
  | { kind: "rewrite"; question: string; replaced: "place" | "year" | "unit" | "subject" };

const END = "[？?。!！~～]*$";
const MORE = new RegExp(`^(还有吗|还有呢|还有没有|还有别的吗|还有其他的吗|其他的呢|别的呢|再来点|再来|更多|继续|接着说|下一个)${END}`, "u");
const DETAIL = new RegExp(
  `^(具体(怎么|咋)?(做|搞|弄|办)的?|具体(说说|讲讲|点|些)|详细(说说|点|讲讲|些)?|怎么做的|咋做的|咋搞的|展开说说|展开讲讲|原文呢|全文呢)[呢]?${END}`,
  "u",
);
/** An elliptical question: (那)X呢 / X怎么样. */
const ELLIPSIS = new RegExp(`^(?:那|那么|那在|那换成)?(.{1,12}?)(?:呢|怎么样|咋样|的情况呢|那边呢|的呢|是怎么做的)${END}`, "u");
const YEAR = /^(?:((?:19|20)?\d{2})年|(去年|前年|今年))$/u;
/** Words that ask for a different figure of the same thing (占比呢, 人数呢). */
const UNIT_SWAP = /^(占比|比例|比重|人数|多少人|几个人|多少钱|工资|报酬|平均|年龄|多少次|几次|多少个|几个|总数)$/u;
/** Question words stripped from the last question before a different figure is asked for. */
const NUMBER_ASK = /(多少钱|多少|几个|几名|几人|几次|几项|几|好多)/gu;

/** What resolving needs to know about the corpus. */
export interface FollowUpHelpers {
  /** Region display names a text names. */
  findRegionNames(text: string): string[];
  /** The text without region names. */
  stripRegions(text: string): string;
  /** Content keywords of a question, in order. */
  keywords(text: string): string[];
  /** True when a word names a thing (a noun), not an action or a manner. */
  isNoun(word: string): boolean;
}

function withYear(question: string, year: string, lastQuestion: string): string {
  const fullYear = (y: string) => (y.length === 2 ? `20${y}` : y);
  const lastYear = /((?:19|20)\d{2})年/u.exec(lastQuestion)?.[1];
  let target: string | null = null;
  const m = YEAR.exec(year);
  if (m?.[1]) target = fullYear(m[1]);
  else if (m?.[2] && lastYear) target = String(Number(lastYear) - (m[2] === "去年" ? 1 : m[2] === "前年" ? 2 : 0));
  if (!target) return `${year}${question}`;
  return lastYear ? question.replace(`${lastYear}年`, `${target}年`) : `${target}年${question}`;
}

/** True when a text is an elliptical follow-up (那思南呢, 书记呢) that needs a previous turn to mean anything. */
export function isEllipsis(text: string): boolean {
  return /^(那|那么)/u.test(text.trim()) && ELLIPSIS.test(text.trim());
}

/** Resolve a text against the last turn (a new question when it is not a follow-up). */
export function resolveFollowUp(text: string, last: Turn | undefined, helpers: FollowUpHelpers): FollowUp {
  const t = text.trim();
  if (!last || Array.from(t).length > FOLLOW_UP_MAX_CHARS) return { kind: "new", question: text };
  if (MORE.test(t)) return { kind: "more", question: last.question, shown: last.shown };
  if (DETAIL.test(t)) return { kind: "detail", question: last.question, sources: last.cited };
  const m = ELLIPSIS.exec(t);
  if (!m) return { kind: "new", question: text };
  const x = m[1]!.trim();
  const places = helpers.findRegionNames(x);
  if (places.length) return { kind: "rewrite", question: `${places.join("和")}${helpers.stripRegions(last.question)}`, replaced: "place" };
  if (YEAR.test(x)) return { kind: "rewrite", question: withYear(last.question, x, last.question), replaced: "year" };
  if (UNIT_SWAP.test(x)) {
    const base = last.question.replace(NUMBER_ASK, "").replace(/[？?。!！呢]+$/u, "");
    return { kind: "rewrite", question: `${base}的${x}是多少`, replaced: "unit" };
  }
  // the subject: the first noun of the last question that is not a place gives way to the new one
  const subject = helpers.keywords(helpers.stripRegions(last.question)).find((k) => helpers.isNoun(k));
  if (subject && helpers.keywords(x).length > 0) {
    return { kind: "rewrite", question: last.question.replace(subject, x), replaced: "subject" };
  }
  return { kind: "new", question: text };
}
