/**
 * One turn of a conversation: small talk gets a friendly line and example
 * questions; a follow-up is resolved against the chat's last turn ("还有吗",
 * "具体怎么做", "那思南呢", "书记呢"); everything else is a new question for
 * the pipeline. Returns the answer and the chat's next state.
 */
import { CitationList } from "../answer/extractive.js";
import type { LlmComposer } from "../answer/llm.js";
import type { Answer } from "../answer/types.js";
import { stripRegionNames } from "../search/query.js";
import { normalizeText, splitSentences } from "../text/normalize.js";
import { isNounLike } from "../text/tokenize.js";
import { FOLLOW_UP_MAX_CHARS, MEMORY_MAX_SHOWN, isEllipsis, resolveFollowUp, type FollowUp, type Turn } from "./memory.js";
import { messages } from "./messages.js";
import { answerQuestion } from "./pipeline.js";
import type { Snapshot } from "./snapshot.js";

/** A question with at most this many topic words and no place leans on the conversation's place. */
export const ELLIPTICAL_MAX_KEYWORDS = 1;

/** Example questions offered with small talk (three tappable questions). */
export const SMALL_TALK_EXAMPLES = 3;

const END = "[呀啊呢吗嘛哈!！~～。.?？\\s]*$";
/** Greetings, thanks and questions about the assistant: a friendly line, never a refusal. */
export const SMALL_TALK: { kind: "greeting" | "thanks" | "whoAmI"; pattern: RegExp }[] = [
  { kind: "greeting", pattern: new RegExp(`^(你好|您好|hi|hello|hey|嗨|哈喽|哈啰|早上好|早安|中午好|下午好|晚上好|在吗|在不在|有人吗)${END}`, "iu") },
  { kind: "thanks", pattern: new RegExp(`^(谢谢|谢谢你|多谢|感谢|谢了|辛苦了|好的|收到|明白了|知道了|ok|👍)${END}`, "iu") },
  {
    kind: "whoAmI",
    pattern: new RegExp(`^(你是谁|你是什么|你叫什么|你叫啥|你能干啥|你能干什么|你能做什么|你会什么|你会干啥|你有什么用|有什么功能|怎么用|咋用)${END}`, "iu"),
  },
];

/** A request for examples that names no topic (给我几个例子): answered with the topics to choose from. */
export const EXAMPLES_WITHOUT_TOPIC = new RegExp(`^(给我|来|找|举)?(几个|一些|点|个)?(例子|案例|典型案例|典型)(吧|看看)?${END}`, "u");

/** The small-talk kind of a text, or null. */
export function smallTalkKind(text: string): "greeting" | "thanks" | "whoAmI" | null {
  const t = normalizeText(text);
  return SMALL_TALK.find((x) => x.pattern.test(t))?.kind ?? null;
}

function smallTalk(s: Snapshot, text: string): Answer {
  return { text, citations: [], refused: false, mode: "smalltalk", suggestions: s.samples().questions.slice(0, SMALL_TALK_EXAMPLES) };
}

/** The sentences of the cited passages that an answer shows (remembered so 还有吗 moves on). */
function shownSentences(a: Answer): string[] {
  const out: string[] = [];
  for (const c of a.citations) for (const sentence of splitSentences(c.quote)) if (a.text.includes(sentence)) out.push(sentence);
  return out;
}

/** 具体怎么做: the full paragraphs the last answer cited, each cited. */
function detail(s: Snapshot, follow: Extract<FollowUp, { kind: "detail" }>): Answer | null {
  const cites = new CitationList();
  const lines: string[] = [messages.detailIntro];
  for (const id of follow.sources) {
    const p = s.passage(id);
    if (p) lines.push(`【${p.region ?? p.title}】${p.text}[${cites.cite(p)}]`);
  }
  return cites.list.length ? { text: lines.join("\n"), citations: cites.list, refused: false, mode: "extractive", suggestions: [] } : null;
}

/**
 * Answer one turn; `next` is the chat's state after it (null: keep the last one).
 * `resolvedQuestion` is the fuller question a follow-up was read as (还有吗 →
 * the last question; 那思南呢 → 思南…), absent for a new question.
 */
export async function answerTurn(
  text: string,
  last: Turn | undefined,
  s: Snapshot,
  llm: LlmComposer | null,
  now = Date.now(),
): Promise<{ answer: Answer; next: Turn | null; resolvedQuestion?: string }> {
  const r = s.retriever;
  const talk = smallTalkKind(text);
  if (talk) return { answer: smallTalk(s, messages[talk]), next: null };
  if (EXAMPLES_WITHOUT_TOPIC.test(normalizeText(text))) {
    return { answer: { ...smallTalk(s, messages.askTopic), suggestions: s.samples().topics.map((t) => `/examples ${t}`) }, next: null };
  }
  const follow = resolveFollowUp(text, last, {
    findRegionNames: (t) => r.parse(t).regions.map((slug) => r.regions.display.get(slug) ?? slug),
    stripRegions: (t) => stripRegionNames(normalizeText(t), r.regions, { gap: "" }),
    keywords: (t) => r.parse(t).keywords,
    isNoun: isNounLike,
  });
  if (follow.kind === "detail" && last) {
    const a = detail(s, follow);
    if (a)
      return {
        answer: a,
        next: { ...last, shown: [...last.shown, ...shownSentences(a)].slice(-MEMORY_MAX_SHOWN), at: now },
        resolvedQuestion: follow.question,
      };
  }
  if (follow.kind === "more" && last) {
    const a = await answerQuestion({ question: follow.question, exclude: [], howto: false, shown: new Set(follow.shown) }, s, llm);
    const fresh = a.refused ? [] : shownSentences(a);
    if (fresh.length === 0)
      return {
        answer: { text: messages.nothingMore, citations: [], refused: false, mode: "extractive", suggestions: s.suggestions(last.regions) },
        next: { ...last, at: now },
        resolvedQuestion: follow.question,
      };
    return {
      answer: a,
      next: { ...last, cited: a.citations.map((c) => c.id), shown: [...last.shown, ...fresh].slice(-MEMORY_MAX_SHOWN), at: now },
      resolvedQuestion: follow.question,
    };
  }
  let question = follow.question;
  let rewritten = follow.kind === "rewrite";
  // an elliptical question (no place, at most one topic word: 覆盖了多少人次 after 万山…宣讲了多少场) stays where
  // the conversation is; a question with its own topic (社区工作者培训是怎么安排的) is a new question
  // (the cheap checks first: the text is parsed again only when it may lean on the conversation)
  const mayLean = follow.kind === "new" && last !== undefined && last.regions.length > 0 && Array.from(text.trim()).length <= FOLLOW_UP_MAX_CHARS;
  const parsed = mayLean ? r.parse(text) : null;
  if (last && parsed && parsed.regions.length === 0 && parsed.keywords.length <= ELLIPTICAL_MAX_KEYWORDS) {
    question = `${last.regions.map((slug) => r.regions.display.get(slug) ?? slug).join("和")}${text.trim()}`;
    rewritten = true;
  }
  // a bare 那思南呢 with nothing before it is a follow-up without its question: no overview guessed for it
  let a = await answerQuestion({ question, exclude: [], howto: false, overview: !(follow.kind === "new" && isEllipsis(text)) }, s, llm);
  // a rewritten follow-up says how it was understood
  if (rewritten) a = { ...a, text: `${messages.understoodAs(question)}\n${a.text}` };
  const resolved = rewritten ? { resolvedQuestion: question } : {};
  if (a.refused) return { answer: a, next: null, ...resolved };
  const next: Turn = { question, regions: r.parse(question).regions, cited: a.citations.map((c) => c.id), shown: shownSentences(a), at: now };
  return { answer: a, next, ...resolved };
}
