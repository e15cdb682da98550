/** Every Chinese string the core produces, reviewed in one place. */

export const messages = {
  emptyQuestion: "请输入您想问的问题，例如：社区怎么减负？",
  noContentQuestion: "没看懂这个问题。请用文字描述您想了解的基层治理做法或数据，例如：网格员有多少人？",
  refusal: "抱歉，现有报告里没有找到能回答这个问题的内容，我不便凭空作答。",
  outsidePlaces: (places: string[], covered: string[]) =>
    `现有报告只涉及${covered.join("、")}的做法，没有关于${places.join("、")}的内容，无法回答。`,
  regionNotCovered: (regions: string[]) => `报告里${regions.join("、")}的部分没有提到这方面的内容。`,
  personalInfo: "报告不提供个人姓名、电话等个人信息，这个问题无法回答。",
  suggestIntro: "可以试试：",
  unknownSource: "没有找到这个出处编号，请检查后重试（例如 /source bijiang:2.3）。",
  badFileName: "文件名无效，请使用 .txt、.md 或 .docx 文件。",
  fileNameTooLong: (maxBytes: number) => `文件名太长（最多约 ${Math.floor(maxBytes / 3)} 个汉字），请改短后再发送。`,
  replaceExpired: "这个替换确认已失效（超过 10 分钟或已处理），没有做任何改动。如需替换，请重新发送文件。",
} as const;
