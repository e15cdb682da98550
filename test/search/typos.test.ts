import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadIndex } from "../../src/index/load.js";
import { loadLexicon } from "../../src/search/lexicon.js";
import { createRetriever } from "../../src/search/retrieve.js";
import { buildTypoVocabulary, correctTypos, toneless, type TypoVocabulary } from "../../src/search/typos.js";
import { loadDomainWords } from "../../src/text/domain-words.js";
import { configureTokenizer } from "../../src/text/tokenize.js";
import { PROJECT_ROOT, createTestAssistant } from "../helpers/temp-project.js";

/** A small corpus vocabulary: [word, passages containing it]. */
const CORPUS: [string, number][] = [
  ["网格员", 12],
  ["减负", 6],
  ["党员", 30],
  ["社区", 40],
  ["议事", 5],
  ["伤害", 2], // sounds like 上海 (a place: never corrected to it)
  ["推修", 1], // sounds like 退休 without tones (an everyday word: never corrected to it)
  ["办班", 3], // the characters of 班办 swapped
  ["当员", 1], // sounds like 党员 too, but rarer
  ["村情", 2],
  ["各村", 4], // sounds like 个村: 多少个村 counts villages and is never corrected to it
  ["指导员", 6], // 知道员 is cut 知道/员 by jieba: read across the words
  ["一站式", 2], // sounds like 驿站是: a window ending on 是 is two words, never this
];

let vocabulary: TypoVocabulary;

beforeAll(async () => {
  configureTokenizer(await loadDomainWords(path.join(PROJECT_ROOT, "data/lexicon")));
  vocabulary = buildTypoVocabulary({
    corpusWords: CORPUS,
    domainWords: ["网格员", "减负", "红色物业"],
    isStop: (w) => ["多少", "怎么", "有", "是"].includes(w),
    placeNames: ["思南", "思南县", "上海", "茅坪村", "碧江"],
  });
});

describe("correctTypos", () => {
  it("a typo jieba cuts into everyday words (知道员 → 知道/员) is read across them; a window ending on 是 is not", () => {
    expect(correctTypos("城市社区知道员一共选派了几名", vocabulary).corrected).toContain("指导员");
    expect(correctTypos("新就业群体驿站是在哪个街道设立的", vocabulary).corrected).toContain("驿站是");
  });

  it("a classifier after a count (多少个村) is not a typo for the corpus word that sounds like it (各村)", () => {
    expect(correctTypos("那是分布在多少个村", vocabulary).corrected).toBe("那是分布在多少个村");
  });

  it("reads homophones picked by a pinyin input method as the corpus words", () => {
    expect(correctTypos("网个员有多少人", vocabulary)).toEqual({ corrected: "网格员有多少人", corrections: [{ from: "网个员", to: "网格员" }] });
    expect(correctTypos("社区减付怎么做", vocabulary).corrections).toEqual([{ from: "减付", to: "减负" }]);
    expect(correctTypos("思南的党元有多少", vocabulary)).toMatchObject({ corrected: "思南的党员有多少", corrections: [{ from: "党元", to: "党员" }] });
  });

  it("prefers the most frequent corpus word of the same sound", () => {
    expect(toneless("当员")).toBe(toneless("党员"));
    expect(correctTypos("党元", vocabulary).corrections[0]?.to).toBe("党员");
  });

  it("leaves a correctly spelled question alone", () => {
    expect(correctTypos("网格员有多少人", vocabulary)).toEqual({ corrected: "网格员有多少人", corrections: [] });
    expect(correctTypos("碧江社区怎么减负", vocabulary).corrections).toEqual([]);
  });

  it("leaves an everyday word absent from the corpus alone when its sound matches nothing", () => {
    expect(correctTypos("社区附近有超市吗", vocabulary).corrections).toEqual([]);
  });

  it("never turns 退休 into anything: a dictionary word needs a domain word of exactly its sound", () => {
    expect(toneless("推修")).toBe(toneless("退休"));
    expect(correctTypos("社区工作者几岁退休", vocabulary).corrections).toEqual([]);
  });

  it("never corrects a place name, a word overlapping one, or one character", () => {
    expect(correctTypos("上海社区减负", vocabulary).corrections).toEqual([]);
    expect(correctTypos("茅坪村清垃圾", vocabulary).corrections).toEqual([]);
    expect(correctTypos("党", vocabulary).corrections).toEqual([]);
  });

  it("does not read a word as the same characters in another order (班办 is not 办班 mistyped)", () => {
    expect(correctTypos("能力提升班办了几期", vocabulary).corrections).toEqual([]);
  });
});

describe("typo correction through the assistant", () => {
  let project: Awaited<ReturnType<typeof createTestAssistant>>;
  beforeAll(async () => {
    project = await createTestAssistant();
  });
  afterAll(() => project?.cleanup());

  it("answers 网个员有多少人 with 2468 and says how it read the question", async () => {
    const a = await project.assistant.ask("网个员有多少人");
    expect(a.refused).toBe(false);
    expect(a.text.split("\n")[0]).toBe("（按“网格员”理解）");
    expect(a.text).toContain("2468");
  });

  it("puts the corrected text in the parsed query, so retrieval and the refusal check read it", async () => {
    const r = createRetriever(await loadIndex(project.config), await loadLexicon(project.config.lexiconDir));
    const q = r.parse("社区减付怎么做");
    expect(q.corrections).toEqual([{ from: "减付", to: "减负" }]);
    expect(q.raw).toBe("社区减付怎么做");
    expect(q.normalized).toBe("社区减负怎么做");
    expect(q.keywords).toContain("减负");
    expect(r.parse("社区工作者几岁退休").corrections).toEqual([]);
    const a = await project.assistant.ask("思南的党元有多少");
    expect(a.refused).toBe(false);
    expect(a.text).toContain("（按“党员”理解）");
  });
});

describe("pinyin typed without characters", () => {
  it("a run of Latin letters spelling a corpus word or a place is read as it (a place first)", () => {
    const v = buildTypoVocabulary({
      corpusWords: [
        ["村级", 3],
        ["后备", 4],
        ["完善", 9],
      ],
      domainWords: ["网格员"],
      isStop: () => false,
      placeNames: ["万山", "万山区"],
    });
    const { corrected, corrections } = correctTypos("wanshan cunji houbei 有多少人", v);
    expect(corrected).toBe("万山 村级 后备 有多少人");
    expect(corrections.map((c) => c.to)).toEqual(["万山", "村级", "后备"]);
    // English words are no pinyin of a corpus word and stay as typed
    expect(correctTypos("how many wanggeyuan", v).corrected).toBe("how many 网格员");
  });
});
