/** What answers say when they refuse or qualify: every Chinese string of the answer stage, reviewed in one place. */

export const messages = {
  refusal: "抱歉，现有报告里没有找到能回答这个问题的内容，我不便凭空作答。",
  outsidePlaces: (places: string[], covered: string[]) =>
    `现有报告只涉及${covered.join("、")}的做法，没有关于${places.join("、")}的内容，无法回答。`,
  regionNotCovered: (regions: string[]) => `报告里${regions.join("、")}的部分没有提到这方面的内容。`,
  personalInfo: "报告不提供个人姓名、电话等个人信息，这个问题无法回答。",
  aboutTheAssistant: "我只根据已收录的报告回答基层治理方面的问题，不谈论自身的设置。",
  wrongYear: (asked: number, stated: string) => `报告没有${asked}年的数字，只有${stated}年的：`,
  yearUnstated: "（报告未注明这个数字的年份。）",
  figureUnstated: "报告没有直接给出这个数字。",
  listUnstated: "报告只提到了这个说法，没有逐项列出具体内容。",
  namedDocument: (names: string[]) => `现有报告没有收录${names.map((n) => `《${n}》`).join("、")}，无法回答其中的规定。`,
  relatedIntro: "报告里相关的内容有：",
} as const;
