/** Every Chinese string the core produces, reviewed in one place. */

export const messages = {
  emptyQuestion: "请输入您想问的问题，例如：社区怎么减负？",
  noContentQuestion: "没看懂这个问题。请用文字描述您想了解的基层治理做法或数据，例如：网格员有多少人？",
  refusal: "抱歉，现有报告里没有找到能回答这个问题的内容，我不便凭空作答。",
  outsidePlaces: (places: string[], covered: string[]) => `现有报告只涉及${covered.join("、")}的做法，没有关于${places.join("、")}的内容，无法回答。`,
  regionNotCovered: (regions: string[]) => `报告里${regions.join("、")}的部分没有提到这方面的内容。`,
  personalInfo: "报告不提供个人姓名、电话等个人信息，这个问题无法回答。",
  suggestIntro: "可以试试：",
  unknownSource: "没有找到这个出处编号，请检查后重试（例如 /source bijiang:2.3）。",
  badFileName: "文件名无效，请使用 .txt、.md 或 .docx 文件。",
  placesRecognised: (places: string[]) => `识别出的地区：${places.join("、")}。问题里提到这些地方（或它们所属的市州、省）时会用到这份报告。`,
  noPlaceRecognised:
    "没有识别出地区：文章里没有提到地区表 data/lexicon/regions.txt 里的地方。如需按地区提问，请在该文件加一行（例如 kaili 凯里市 凯里 @in:qiandongnan），再执行 /reindex。",
} as const;
