/**
 * Multi-turn conversations through the channel-free assistant on the real
 * index: each follow-up kind, small talk, and what must not be taken for a
 * follow-up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/assistant/types.js";
import { createTestAssistant } from "../helpers/temp-project.js";

let assistant: Assistant;
let cleanup: () => void;
beforeAll(async () => {
  ({ assistant, cleanup } = await createTestAssistant());
});
afterAll(() => cleanup());

/** Ask the turns in one chat; the answers in order. */
async function dialogue(chat: string, ...turns: string[]) {
  const out = [];
  for (const t of turns) out.push(await assistant.ask(t, { chatId: chat }));
  return out;
}

const sentencesOf = (text: string) =>
  text
    .split(/(?<=。)/u)
    .map((s) => s.replace(/^[•【】\s\p{Script=Han}]*】/u, "").trim())
    .filter((s) => s.length > 12);

describe("follow-ups", () => {
  it("具体怎么做 gives the full paragraphs behind the last answer, not the same sentences", async () => {
    const [first, detail] = await dialogue("d1", "碧江业委会和物业怎么三方联动", "具体怎么做？");
    expect(detail!.refused).toBe(false);
    expect(detail!.text).not.toBe(first!.text);
    for (const c of first!.citations) expect(detail!.text).toContain(c.quote);
  });

  it("还有吗 never repeats a sentence, moves on, and says plainly when nothing is left", async () => {
    const answers = await dialogue("d2", "社区怎么减负", "还有吗", "还有吗", "还有吗", "还有吗", "还有吗");
    const seen = new Set<string>();
    for (const a of answers.filter((x) => !x.text.includes("都已经给您了"))) {
      for (const s of sentencesOf(a.text)) {
        expect(seen.has(s), s).toBe(false);
        seen.add(s);
      }
    }
    expect(answers[1]!.text).toMatch(/挂牌40余块|僵尸群|排队抓尾/u);
    expect(answers.at(-1)!.text).toContain("都已经给您了");
  });

  it("a subject swap keeps the rest of the question (社工一个月多少钱 → 书记呢)", async () => {
    const [, swap] = await dialogue("d3", "社工一个月多少钱", "书记呢");
    expect(swap!.text).toContain("5741");
    expect(swap!.text).toContain("按“书记一个月多少钱”理解");
  });

  it("a place swap (那思南呢) answers the same question for the other place", async () => {
    const [, swap] = await dialogue("d4", "碧江业委会和物业怎么三方联动", "那思南呢？");
    expect(swap!.refused).toBe(false);
    expect(swap!.citations.every((c) => c.region === "思南县")).toBe(true);
  });

  it("a year swap (2024年呢) is refused when the report has another year, naming it", async () => {
    const [first, swap] = await dialogue("d5", "2025年万山发展了多少农村党员", "2024年呢");
    expect(first!.text).toContain("108");
    expect(swap!.refused).toBe(true);
    expect(swap!.text).toContain("只有2025年的");
  });

  it("a figure swap (占比呢) asks for the other figure of the same thing", async () => {
    const [, swap] = await dialogue("d6", "2025年万山发展了多少农村党员", "占比呢");
    expect(swap!.text).toContain("71.3%");
  });

  it("a short question that names no place stays where the conversation is", async () => {
    const [, next] = await dialogue("d9", "万山把宣讲送到田间地头，一共宣讲了多少场", "覆盖了多少人次");
    expect(next!.text).toContain("2500余人次");
    expect(next!.text).toContain("按“万山区覆盖了多少人次”理解");
  });

  it("a follow-up without a previous turn, or in another chat, is an ordinary short question", async () => {
    await dialogue("d7", "碧江网格员有多少");
    const [other] = await dialogue("d8", "书记呢");
    expect(other!.text).not.toContain("按“");
  });
});

describe("small talk", () => {
  it("greetings, thanks and 你是谁 get a friendly line and three example questions, never a refusal", async () => {
    for (const q of ["你好", "谢谢", "你是谁", "hi", "你能干啥"]) {
      const a = await assistant.ask(q);
      expect(a.refused, q).toBe(false);
      expect(a.mode, q).toBe("smalltalk");
      expect(a.citations, q).toEqual([]);
      expect(a.suggestions.length, q).toBe(3);
    }
  });

  it("给我几个例子 without a topic offers the topics", async () => {
    const a = await assistant.ask("给我几个例子");
    expect(a.refused).toBe(false);
    expect(a.suggestions.every((s) => s.startsWith("/examples "))).toBe(true);
  });

  it("what the reports do not cover is still refused", async () => {
    expect((await assistant.ask("今天天气怎么样")).refused).toBe(true);
    // everyday words only: 晚上 is printed in a report (晚上散步), but a word of time is no topic
    expect((await assistant.ask("推荐个本地特产，晚上带回家")).refused).toBe(true);
  });
});

describe("comparisons and whole-place questions", () => {
  it("碧江和思南有啥不一样 shows each place's practices by section heading, never says a place is absent", async () => {
    for (const q of ["碧江和思南有啥不一样", "碧江和思南有什麼不同"]) {
      const a = await assistant.ask(q);
      expect(a.refused, q).toBe(false);
      expect(a.text, q).toContain("【碧江区】");
      expect(a.text, q).toContain("【思南县】");
      expect(a.text, q).toContain("强化减负松绑");
      expect(a.text, q).not.toContain("没有提到");
    }
  });

  it("碧江有啥经验 lists that place's practices by section heading", async () => {
    const a = await assistant.ask("碧江有啥经验");
    expect(a.refused).toBe(false);
    expect(a.citations.every((c) => c.region === "碧江区")).toBe(true);
    expect(a.citations.length).toBeGreaterThanOrEqual(4);
  });

  it("思南和玉屏哪个党员多 lines up each place's count (52 and 40), not a share", async () => {
    const a = await assistant.ask("思南和玉屏哪个党员多");
    expect(a.text).toMatch(/党员：52名/u);
    expect(a.text).toContain("党员：40名");
    expect(a.text).not.toContain("党员占比：28%"); // the quoted sentence may mention it; the figure lined up is the count
  });
});

describe("trainer cases", () => {
  it("every case of /examples is about the topic (网格化管理 gives grid cases, not 编号管理), as a card with place and figures", async () => {
    const ex = await assistant.examples("网格化管理");
    expect(ex.length).toBeGreaterThanOrEqual(2);
    for (const e of ex) expect(`${e.citation.section}${e.summary}`).toContain("网格");
    expect(ex.some((e) => e.keyFigures.includes("2468人"))).toBe(true);
    expect(ex.every((e) => e.place.length > 0)).toBe(true);
  });

  it("openings (近年来…) are not cases", async () => {
    const ex = await assistant.examples("减负");
    expect(ex.length).toBeGreaterThan(0);
    for (const e of ex) expect(e.summary.startsWith("近年来")).toBe(false);
  });
});

describe("stats lookups of a counted thing", () => {
  it("万山几个村 finds the count of villages (83个), not the region's headline people figures", () => {
    const s = assistant.stats("万山几个村");
    expect(s.facts.slice(0, 3).map((f) => f.raw)).toContain("83个");
  });
});

describe("questions about an article's own structure", () => {
  it("那篇稿子分了几块 / 大标题 gets the article's section headings, each cited, even with no topic word the reports use", async () => {
    for (const [q, heading] of [
      ["玉屏那篇稿子一共分几块写的", "聚焦主责主业"],
      ["讲万山农村党员的那篇文章，大标题有哪些", "严格发展程序"],
      ["碧江这篇稿子的结构是怎样的", "强化保障激励"],
    ] as const) {
      const a = await assistant.ask(q);
      expect(a.refused, q).toBe(false);
      expect(a.text, q).toContain("的各部分");
      expect(a.text, q).toContain(heading);
      expect(a.citations.length, q).toBeGreaterThanOrEqual(3);
    }
  });

  it("a slogan in an article's title (“三步走”) is answered by its sections; a topic question with 几个方面 is not an outline", async () => {
    const steps = await assistant.ask("万山讲的“三步走”，具体指哪三步");
    expect(steps.text).toContain("注重源头培育");
    expect(steps.text).toContain("强化教育管理");
    const topic = await assistant.ask("思南的红色物业从哪几个方面改善了小区环境");
    expect(topic.text).not.toContain("的各部分");
  });
});

describe("lists printed inside a sentence", () => {
  it("a list printed with the count or kind the question names (…3种方式, “三级审查”) is the one given", async () => {
    const ways = await assistant.ask("万山的无职党员可以通过几种方式认领岗位");
    expect(ways.text).toContain("民主推荐");
    expect(ways.text).toContain("支部委派");
    const levels = await assistant.ask("万山发展党员要过哪三级审查");
    expect(levels.text).toContain("基层党委预审");
    const chain = await assistant.ask("茅坪村的三级治理体系是哪三级");
    expect(chain.text).toContain("网格党小组");
    expect(chain.text).toContain("党员中心户");
  });
});

describe("a question whose parts are in neighbouring paragraphs", () => {
  it("铸魂, 强身 and 提效, one paragraph each, are answered together; passages of different sections are not joined", async () => {
    const a = await assistant.ask("三抓三促里铸魂、强身、提效这三条，各自抓的是什么");
    expect(a.refused).toBe(false);
    expect(a.text).toContain("组织建设");
    expect(a.text).toContain("制度规范");
  });
});

describe("changes and second parts", () => {
  it("从什么变成什么 is answered by the sentence that states the change (从“被动应对”到“主动服务”)", async () => {
    const a = await assistant.ask("思南的红色物业让小区治理从什么样变到什么样了");
    expect(a.refused).toBe(false);
    expect(a.text).toContain("从“被动应对”到“主动服务”");
  });

  it("a number question with a part that asks what it is called shows that sentence too", async () => {
    const a = await assistant.ask("碧江社工的薪酬管理办法叫什么，平均每月多少钱");
    expect(a.text).toContain("4116元/月");
    expect(a.text).toContain("五岗二十级二档");
  });
});

describe("how an article opens", () => {
  it("开头怎么说的 is answered from the lead paragraph of the place's article", async () => {
    const a = await assistant.ask("万山那篇报道开头是怎么讲的");
    expect(a.refused).toBe(false);
    expect(a.text).toContain("近年来,万山区");
    expect(a.citations[0]!.id).toBe("wanshan:0.1");
  });
});

describe("a comparison that asks each place for its own figure", () => {
  it("each place's figure comes from its own part of the question (2468 网格员 for 碧江, 52 业主党员 for 思南)", async () => {
    const a = await assistant.ask("碧江专兼职网格员有多少人，思南蓝色港湾业主党员有几名，对比一下");
    expect(a.text).toMatch(/【碧江区】专兼职网格员：2468人/u);
    expect(a.text).toMatch(/【思南县】业主党员：52名/u);
  });
});

describe("a quotation asked with blanks", () => {
  it("“权…责…、人…事…” is filled from the quoted phrase of the place's report, cited", async () => {
    const a = await assistant.ask("碧江说社区难在“权…责…、人…事…”，原话是什么");
    expect(a.refused).toBe(false);
    expect(a.text).toContain("权小责大、人少事多");
  });
});

describe("a question that names its items and asks about each", () => {
  it("抓理论、抓制度分别是为了什么: each item by the sentence that names it, cited", async () => {
    const a = await assistant.ask("茅坪村三抓三促里，抓理论、抓制度分别是为了什么");
    expect(a.refused).toBe(false);
    expect(a.text).toContain("抓理论武装促“铸魂”");
    expect(a.text).toContain("抓制度规范促“提效”");
    expect(a.citations).toHaveLength(2);
  });
});
