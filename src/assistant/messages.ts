/** Every Chinese string the core produces, reviewed in one place. */

export const messages = {
  emptyQuestion: "请输入您想问的问题，例如：社区怎么减负？",
  noContentQuestion: "没看懂这个问题。请用文字描述您想了解的基层治理做法或数据，例如：网格员有多少人？",
  suggestIntro: "可以试试：",
  unknownSource: "没有找到这个出处编号，请检查后重试（例如 /source bijiang:2.3）。",
  badFileName: "文件名无效，请使用 .txt、.md 或 .docx 文件。",
  greeting: "您好！我是基层通，根据已收录的基层治理报告回答问题，每句话都标明出处。可以这样问：",
  thanks: "不客气！还有问题随时问我。可以接着问：",
  whoAmI: "我是基层通：从已收录的基层治理报告里找答案，数字和做法都标明出处，可以点开核对；也能查数据（/stats）、找培训案例（/examples）。可以这样问：",
  askTopic: "想找哪方面的案例？可以选一个主题：",
  nothingMore: "关于这个问题，报告里能找到的内容都已经给您了。可以换个角度问，或问问别的地方的做法。",
  understoodAs: (question: string) => `（按“${question}”理解）`,
  detailIntro: "以下是出处原文：",
  fileNameTooLong: (maxBytes: number) => `文件名太长（最多约 ${Math.floor(maxBytes / 3)} 个汉字），请改短后再发送。`,
  replaceExpired: "这个替换确认已失效（超过 10 分钟或已处理），没有做任何改动。如需替换，请重新发送文件。",
  placesRecognised: (places: string[]) => `识别出的地区：${places.join("、")}。问题里提到这些地方（或它们所属的市州、省）时会用到这份报告。`,
  noPlaceRecognised:
    "没有识别出地区：文章里没有提到地区表 data/lexicon/regions.txt 里的地方。如需按地区提问，请在该文件加一行（例如 kaili 凯里市 凯里 @in:qiandongnan），再执行 /reindex。",
} as const;
