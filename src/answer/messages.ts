/** What answers say when they refuse or qualify: every Chinese string of the answer stage, reviewed in one place. */

export const messages = {
  refusal: "抱歉，现有报告里没有找到能回答这个问题的内容，我不便凭空作答。",
  outsidePlaces: (places: string[], covered: string[]) => `现有报告只涉及${covered.join("、")}的做法，没有关于${places.join("、")}的内容，无法回答。`,
  regionNotCovered: (regions: string[]) => `报告里${regions.join("、")}的部分没有提到这方面的内容。`,
  personalInfo: "报告不提供个人姓名、电话等个人信息，这个问题无法回答。",
  aboutTheAssistant: "我只根据已收录的报告回答基层治理方面的问题，不谈论自身的设置。",
  wrongYear: (asked: number, stated: string) => `报告没有${asked}年的数字，只有${stated}年的：`,
  yearUnstated: "（报告未注明这个数字的年份。）",
  figureUnstated: "报告没有直接给出这个数字。",
  listUnstated: "报告只提到了这个说法，没有逐项列出具体内容。",
  namedDocument: (names: string[]) => `现有报告没有收录${names.map((n) => `《${n}》`).join("、")}，无法回答其中的规定。`,
  overviewIntro: "报告里这些地方的主要做法（点开出处看原文，或接着问具体哪一项）：",
  whenUnstated: "报告没有提到具体的时间。",
  frequencyUnstated: "报告没有说多久一次。",
  wrongYearText: (asked: number) => `报告没有提到${asked}年的情况。`,
  relatedIntro: "报告里相关的内容有：",
  /** The first line of an answer to a question with homophone typos: how it was read. */
  readAs: (words: string[]) => `（按${words.map((w) => `“${w}”`).join("")}理解）`,
  /** A figure asked of a place around the regions (贵州省) answered with the regions' own. */
  withinFigures: (places: string[], regions: string[]) => `报告里没有${places.join("、")}的汇总数字；以下是其中${regions.join("、")}的：`,
  /** A place around the regions whose own passages are cited too (黔东南州 with its own article). */
  withinOwnFigures: (places: string[]) => `以下是${places.join("、")}及其中各地的数字：`,
  /** Practice asked of a place around the regions, answered from the places in it. */
  withinPractice: (places: string[]) => `以下是${places.join("、")}各地的做法：`,
  /** A total asked of a place around the regions (贵州全省…多少): the reports give the regions' figures only. */
  noTotal: (places: string[]) => `报告里没有${places.join("、")}的汇总数字，不能拿其中某地的数字代替。`,
} as const;
