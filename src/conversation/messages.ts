/**
 * Every Chinese string the conversation layer produces, reviewed in one place.
 * Plain text: the channel's renderer escapes it for its format.
 */
import { REINDEX_BUSY_MESSAGE } from "../errors.js";

export const messages = {
  helpTitle: "基层通 使用说明",
  helpIntro: "直接发送问题即可，每个回答都标注出处 [1]。",
  helpGroup: "在群里请 @我 再提问。",
  helpCommands: (samples: { stats?: string; region?: string; topic?: string }) => [
    "/ask 问题 — 提问，例如 /ask 社区怎么减负",
    `/stats 关键词 — 查数据${samples.stats ? `，例如 /stats ${samples.stats}` : ""}${samples.region ? `；只写地区如 /stats ${samples.region} 看主要数字` : ""}；不带关键词看总览`,
    `/examples 主题 — 给培训找案例${samples.topic ? `，例如 /examples ${samples.topic}` : ""}`,
    "/sources — 资料库里的报告",
    "/source 编号 — 查看引用的原文段落，例如 /source bijiang:2.3",
  ],
  helpAdmin: [
    "/reindex — 重建索引（期间照常回答问题）",
    "/reports — 报告清单",
    "/remove 文件名 — 删除一份报告（需要确认）",
    "发送 .txt / .md / .docx 文件 — 添加新报告",
  ],
  helpAdminTitle: "管理员命令",
  helpCorpus: (i: { reports: number; articles: number; passages: number; facts: number }) =>
    `资料库：${i.reports} 份报告，${i.articles} 篇文章，${i.passages} 个段落，${i.facts} 条数据。`,
  welcome: (i: { reports: number; regions: readonly string[] }) =>
    `您好！我是基层通，帮基层工作者从治理报告里找做法、找案例、查数据。资料库现有 ${i.reports} 份报告${i.regions.length ? `，涉及${i.regions.join("、")}` : ""}。直接发问题就行，比如：`,

  emptyQuestion: "请写上要问的问题，例如：社区怎么减负？",
  questionTooLong: (max: number) => `问题太长了（超过 ${max} 字）。请用一两句话说清要问的事。`,
  unknownCommand: (cmd: string) => `我不认识 /${cmd} 这个命令。发送 /help 查看可用命令，或直接用文字提问。`,
  suggestIntro: "可以试试问：",
  resolvedQuestion: (asked: string, readAs: string) => `${asked}（理解为：${readAs}）`,
  sourceHint: "发送 /source 编号 查看原文",

  statsNone: (q: string) => `没有找到与「${q}」相关的数据。可以换个说法，或发送 /stats 看总览。`,
  statsHeading: (q: string) => `「${q}」相关数据`,
  statsRegionHeading: (region: string) => `${region} 主要数据`,
  statsOverviewHeading: "数据总览",
  statsOverview: (o: { reports: number; articles: number; facts: number; regions: readonly string[] }) =>
    `${o.reports} 份报告 · ${o.articles} 篇文章 · ${o.facts} 条数据${o.regions.length ? `；地区：${o.regions.join("、")}` : ""}`,
  statsMoreLabel: (n: number) => `更多（还有 ${n} 条）`,
  statsTry: "可以这样查：",
  examplesUsage: "请在 /examples 后写上主题，例如：/examples 红色物业",
  examplesNone: (topic: string) => `没有找到关于「${topic}」的案例。可以换个说法，或发送 /sources 看资料库里有什么。`,
  examplesHeading: (topic: string) => `「${topic}」案例`,
  sourcesHeading: (n: number) => `资料库共 ${n} 份报告`,
  noSources: "资料库里还没有报告。",
  sourceUsage: "请在 /source 后写上出处编号，例如：/source bijiang:2.3（编号见回答下方的来源）。",
  sourceNotFound: (id: string) => `找不到编号为 ${id} 的段落。可能是资料已更新，请重新提问获取最新出处。`,

  adminOnly: "抱歉，这个功能仅限管理员使用。如需添加报告或重建索引，请联系管理员。",
  uploadRefused: "抱歉，只有管理员可以上传报告。如需补充资料，请把文件交给管理员。",
  busy: REINDEX_BUSY_MESSAGE,
  reindexStarted: "⏳ 正在重建索引…（期间照常回答问题）",
  reindexFailed: (msg: string) => `❌ 重建索引失败：${msg}。原有索引保持不变，照常使用。`,
  reindexDone: (seconds: string, s: { reports: number; articles: number; passages: number }) =>
    `✅ 索引已更新（用时 ${seconds} 秒）：现有 ${s.reports} 份报告、${s.articles} 篇文章、${s.passages} 个段落。`,
  reindexChanges: (c: { added: readonly string[]; changed: readonly string[]; removed: readonly string[] }) =>
    [
      c.added.length ? `新增 ${c.added.join("、")}` : "",
      c.changed.length ? `更新 ${c.changed.join("、")}` : "",
      c.removed.length ? `移除 ${c.removed.join("、")}` : "",
    ]
      .filter(Boolean)
      .join("；") || "报告没有变化。",
  uploadReceiving: (name: string) => `⏳ 正在接收「${name}」…`,
  uploadFailed: (msg: string) => `❌ 没能添加：${msg}`,
  uploadDuplicate: (name: string, of: string) => `「${name}」与已有报告「${of}」内容相同，没有重复添加。`,
  uploadAdded: (name: string, n: number) => `✅ 已添加报告「${name}」，读出 ${n} 篇文章：`,
  uploadReplaced: (name: string, n: number) => `✅ 已替换报告「${name}」（旧文件已删除），读出 ${n} 篇文章：`,
  replaceConfirm: (name: string, minutes: number) =>
    `已有同名报告「${name}」。要用新文件替换它吗？替换后旧文件会先保留为备份，新索引生效后才删除。回复「确认」替换，回复「取消」放弃；不确认则不做任何改动（${minutes} 分钟内有效）。`,
  confirmLabel: "确认",
  cancelLabel: "取消",
  uploadTry: "现在就可以就这份报告提问，比如：",
  progressRead: (done: number, total: number) => `⏳ 正在读取报告（${done}/${total}）…`,
  progressIndex: (passages: number) => `⏳ 正在建立检索（${passages} 个段落）…`,
  progressWrite: "⏳ 正在保存…",
  progressUpload: (name: string, step: string) => `「${name}」${step}`,

  removeUsage: "请在 /remove 后写上文件名，例如：/remove 报告.txt（文件名见 /reports）。",
  removeUnknown: (file: string, known: readonly string[]) => `没有名为「${file}」的报告。现有：${known.join("、") || "无"}`,
  removeConfirm: (file: string, articles: readonly string[]) =>
    `确定删除报告「${file}」吗？其中有 ${articles.length} 篇文章：${articles.slice(0, 5).join("、")}${articles.length > 5 ? "…" : ""}。回复「确认」删除，回复「取消」放弃（2 分钟内有效）。`,
  removeStale: (file: string) => `「${file}」在确认前已经变了，请重新发送 /remove ${file}。`,
  removeDone: (file: string) => `🗑 已删除报告「${file}」。`,
  nothingToConfirm: "没有等待确认的操作。",
  cancelled: "已取消，什么都没有改变。",
} as const;
