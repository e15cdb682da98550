/**
 * Every Chinese string the Telegram bot shows, in one place so wording is
 * reviewed together. Strings are Telegram HTML: anything that interpolates
 * user or corpus text takes it already escaped (see `render.ts`), and the
 * helpers here escape what they are given.
 */
import { REINDEX_BUSY_MESSAGE } from "../../errors.js";
import { escapeHtml } from "./html.js";

/** Command menu registered with setMyCommands (descriptions: 3–256 chars). */
export const COMMANDS: readonly { command: string; description: string }[] = [
  { command: "start", description: "开始使用，看看能问什么" },
  { command: "help", description: "使用说明和全部命令" },
  { command: "ask", description: "提问，例如 /ask 社区怎么减负" },
  { command: "stats", description: "查数据，例如 /stats 网格员" },
  { command: "examples", description: "找案例，例如 /examples 红色物业" },
  { command: "sources", description: "资料库里有哪些报告" },
  { command: "source", description: "查看引用原文，例如 /source bijiang:2.3" },
  { command: "id", description: "查看我的 Telegram 用户 ID（设置管理员时用）" },
];

/** Extra commands shown in admins' private chats. */
export const ADMIN_COMMANDS: readonly { command: string; description: string }[] = [
  { command: "reindex", description: "管理员：重建索引" },
  { command: "reports", description: "管理员：查看报告清单" },
  { command: "feedback", description: "管理员：查看最近的差评" },
  { command: "remove", description: "管理员：删除一份报告（需确认）" },
];

/** `，例如 <code>/stats 网格员</code>` for a sample, nothing without one. */
function example(command: string, sample: string | undefined): string {
  return sample ? `，例如 <code>${command} ${escapeHtml(sample)}</code>` : "";
}

export const messages = {
  welcome: (name: string, info: { reports: number; passages: number; regions: string[] }) =>
    [
      `${escapeHtml(name)}，您好！我是<b>基层通</b>，帮基层工作者从治理报告里找做法、找案例、查数据。`,
      `资料库现有 ${info.reports} 份报告、${info.passages} 个段落${info.regions.length ? `，涉及${escapeHtml(info.regions.join("、"))}` : ""}。每个回答都标注出处 [1]，点按钮即可查看原文。`,
      "直接发问题就行，比如点下面的例子试试：",
    ].join("\n\n"),

  /** Help; its examples come from the assistant (data/lexicon/examples.txt, else the index). */
  help: (info: {
    reports: number;
    articles: number;
    passages: number;
    facts: number;
    regions: readonly string[];
    samples: { stats: readonly string[]; topics: readonly string[] };
  }) =>
    [
      "<b>基层通 使用说明</b>",
      "直接发送问题即可（群里请用 /ask 问题，或 @我，或回复我的消息）。",
      [
        "/ask 问题 — 提问，例如 <code>/ask 社区怎么减负</code>",
        `/stats 关键词 — 查数据${example("/stats", info.samples.stats[0])}；只写地区${info.regions[0] ? `如 <code>/stats ${escapeHtml(info.regions[0])}</code> ` : ""}看该地区主要数字；不带关键词看总览`,
        `/examples 主题 — 给培训找案例${example("/examples", info.samples.topics[0])}`,
        "/sources — 资料库里的报告",
        "/source 编号 — 查看引用的原文段落，例如 <code>/source bijiang:2.3</code>",
        "/id — 查看自己的用户 ID（管理员设置 ADMIN_IDS 时用）",
      ].join("\n"),
      "回答里的 [1] [2] 是出处编号，下方按钮可打开原文；👍/👎 帮助我们改进。",
      `资料库：${info.reports} 份报告，${info.articles} 篇文章，${info.passages} 个段落，${info.facts} 条数据。`,
    ].join("\n\n"),

  adminHelp: [
    "<b>管理员命令</b>",
    "/reindex — 重建索引（期间照常回答问题）",
    "/reports — 报告清单（文件、编码、段落数、数据条数）",
    "/feedback — 最近的 👎 反馈及对应问题",
    "/remove 文件名 — 删除一份报告（回复「确认」后才删除）",
    "直接发送 .txt / .md / .docx 文件 — 添加新报告并建立索引（支持 GBK 编码）",
  ].join("\n"),

  yourId: (userId: number, chatId: number, isAdmin: boolean) =>
    [
      `您的 Telegram 用户 ID：<code>${userId}</code>`,
      chatId !== userId ? `本群 ID：<code>${chatId}</code>` : null,
      isAdmin ? "您是管理员。" : "把这个数字写进 .env 的 ADMIN_IDS（多个用英文逗号分隔）并重启，即可成为管理员。",
    ]
      .filter(Boolean)
      .join("\n"),

  // Questions
  emptyQuestion: "请写上要问的问题，例如：<code>/ask 社区怎么减负</code>",
  questionTooLong: (max: number) => `问题太长了（超过 ${max} 字）。请用一两句话说清要问的事，我来帮您找。`,
  sourcesHeading: "<b>来源</b>",
  suggestionsHeading: "可以试试问：",
  feedbackUp: "👍 有用",
  feedbackDown: "👎 没用",
  feedbackThanks: "谢谢反馈！",
  feedbackThanksDown: "谢谢反馈，我们会据此改进。",
  feedbackExpired: "这条回答的记录已过期，无法评价。",
  feedbackElsewhere: "这个评价与所在的消息不符，没有记录。",

  // Sources
  sourceTooLong: (max: number) => `出处编号太长（最多 ${max} 个字符）。编号形如 <code>bijiang:2.3</code>，见回答下方的来源列表。`,
  sourceUsage: "请在 /source 后写上出处编号，例如：<code>/source bijiang:2.3</code>（编号见回答下方的来源列表）。",
  sourceNotFound: (id: string) => `找不到编号为 <code>${escapeHtml(id)}</code> 的段落。可能是资料已更新，请重新提问获取最新出处。`,
  noSources: "资料库里还没有报告。",
  sourcesHeadingList: (n: number) => `<b>资料库共 ${n} 份报告</b>`,

  // Stats and examples
  statsNone: (q: string) => `没有找到与「${escapeHtml(q)}」相关的数据。可以换个说法，或发送 /stats 看总览。`,
  statsHeading: (q: string) => `<b>「${escapeHtml(q)}」相关数据</b>`,
  statsRegionHeading: (region: string) => `<b>${escapeHtml(region)} 主要数据</b>`,
  statsOverviewHeading: "<b>数据总览</b>",
  statsMore: (n: number) => `还有 ${n} 条，看全部：`,
  examplesUsage: "请在 /examples 后写上主题，例如：<code>/examples 红色物业</code>",
  examplesNone: (topic: string) => `没有找到关于「${escapeHtml(topic)}」的案例。可以换个说法，或发送 /sources 看资料库里有什么。`,
  examplesHeading: (topic: string) => `<b>「${escapeHtml(topic)}」案例</b>`,

  // Admin
  adminOnly: "抱歉，这个功能仅限管理员使用。如需添加报告或重建索引，请联系管理员。",
  adminPrivateOnly: "管理命令请在与我的私聊中使用。",
  uploadRefused: "抱歉，只有管理员可以上传报告。如需补充资料，请把文件交给管理员。",
  reindexBusy: escapeHtml(REINDEX_BUSY_MESSAGE),
  reindexStarted: "⏳ 正在重建索引…（期间照常回答问题）",
  reindexFailed: (msg: string) => `❌ 重建索引失败：${escapeHtml(msg)}\n原有索引保持不变，照常使用。`,
  uploadWrongType: (name: string) => `不支持「${escapeHtml(name)}」这种文件。请发送 .txt、.md 或 .docx 格式的报告。`,
  uploadTooLarge: (name: string, maxMb: number) => `文件「${escapeHtml(name)}」太大了，报告文件不能超过 ${maxMb} MB。`,
  uploadDownloading: (name: string) => `⏳ 正在接收「${escapeHtml(name)}」…`,
  uploadFailed: (msg: string) => `❌ ${escapeHtml(msg)}`,
  replaceAsk: (name: string, minutes: number) =>
    `已有同名报告「${escapeHtml(name)}」。要用新文件替换它吗？\n替换后旧文件会先保留为备份，新索引生效后才删除；不确认则不做任何改动（${minutes} 分钟内有效）。`,
  replaceYes: "✅ 确认替换",
  replaceNo: "取消",
  replaceCancelled: "已取消，报告和索引都没有改动。",
  uploadDuplicate: (name: string, of: string) => `「${escapeHtml(name)}」与已有报告「${escapeHtml(of)}」内容相同，没有重复添加。`,
  feedbackEmpty: "最近没有 👎 反馈。",
  feedbackHeading: (up: number, down: number) => `<b>最近的 👎 反馈</b>（累计 👍 ${up} · 👎 ${down}）`,

  // Everything else
  rateLimited: "您发得太快了，请稍等片刻再发。我会继续回答已收到的问题。",
  rateLimitedShort: "操作太频繁，请稍后再试。",
  unsupportedMessage: "我只能看懂文字。请直接用文字提问，例如「社区怎么减负？」，或发送 /help 查看用法。",
  unknownCommand: "我不认识这个命令。发送 /help 查看可用命令，或直接用文字提问。",
  staleButton: "这个按钮已失效，请重新提问。",
  apology: "抱歉，处理时出了点问题，请稍后再试。",
} as const;

/** Chinese label of a reindex progress stage. */
export function progressText(p: { stage: string; file?: string; done?: number; total?: number; passages?: number }): string {
  switch (p.stage) {
    case "read":
      return `⏳ 正在读取报告（${p.done ?? 0}/${p.total ?? 0}）${p.file ? `：${escapeHtml(p.file)}` : ""}`;
    case "embed":
      return `⏳ 正在计算向量（${p.passages ?? 0} 个段落）…`;
    case "graph":
      return `⏳ 正在构建检索图（${p.passages ?? 0} 个段落）…`;
    case "write":
      return "⏳ 正在写入索引…";
    default:
      return "⏳ 处理中…";
  }
}
