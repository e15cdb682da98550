/**
 * Console chat: the same commands as the bot, on stdin/stdout. Each line is a
 * command or a question; admin commands are allowed (the console is local).
 */
import readline from "node:readline";
import type { Assistant } from "../../assistant/types.js";
import { renderAnswerText, renderExamplesText, renderPassageText, renderReindexSummaryText, renderSourcesText, renderStatsText } from "../../assistant/render-text.js";
import { userMessageOf } from "../../errors.js";

/** Help text of the console chat; its examples are the assistant's (data/lexicon/examples.txt, else the index). */
export function consoleHelp(info: ReturnType<Assistant["info"]>): string {
  const stats = [...info.samples.stats.slice(0, 1), ...info.regions.slice(0, 1)].map((k) => `/stats ${k}`);
  const topic = info.samples.topics[0];
  return [
    "基层通 · 命令：",
    "  直接输入问题，或 /ask 问题      从报告中找答案（带出处）",
    `  /stats [关键词]                 查数据${stats.length ? `，如 ${stats.join("、")}` : ""}`,
    `  /examples 主题                  找培训案例${topic ? `，如 /examples ${topic}` : ""}`,
    "  /sources                        报告列表",
    "  /source 编号                    查看原文段落，如 /source bijiang:2.3",
    "  /reindex                        重建索引",
    "  /help                           帮助；/quit 退出",
  ].join("\n");
}

/** Handle one console line; returns the reply text (null to quit). */
export async function handleConsoleLine(assistant: Assistant, line: string, chatId = "console"): Promise<string | null> {
  const text = line.trim();
  if (!text) return "";
  const m = /^\/(\w+)(?:@\w+)?\s*([\s\S]*)$/.exec(text);
  try {
    if (!m) return renderAnswerText(await assistant.ask(text, { chatId }));
    const [, cmd, arg = ""] = m;
    switch (cmd) {
      case "quit":
      case "exit":
        return null;
      case "start":
      case "help":
        return consoleHelp(assistant.info());
      case "ask":
        return renderAnswerText(await assistant.ask(arg, { chatId }));
      case "stats":
        return renderStatsText(assistant.stats(arg));
      case "examples":
        return arg.trim() ? renderExamplesText(arg.trim(), await assistant.examples(arg)) : "请在 /examples 后写上主题，例如 /examples 红色物业";
      case "sources":
      case "reports":
        return renderSourcesText(assistant.sources());
      case "source":
        return renderPassageText(assistant.source(arg));
      case "reindex":
        return renderReindexSummaryText(await assistant.reindex({ full: arg.includes("full") }));
      default:
        return `不认识的命令 /${cmd}。\n${consoleHelp(assistant.info())}`;
    }
  } catch (error) {
    return userMessageOf(error);
  }
}

/** Run the console chat until EOF or /quit. */
export async function runConsoleChat(assistant: Assistant, input = process.stdin, output = process.stdout): Promise<void> {
  const info = assistant.info();
  output.write(`基层通已就绪：${info.reports} 份报告、${info.articles} 篇文章，涉及${info.regions.join("、")}。输入 /help 查看命令。\n`);
  const rl = readline.createInterface({ input, terminal: false });
  const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
  if (interactive) output.write("> ");
  for await (const line of rl) {
    const reply = await handleConsoleLine(assistant, line);
    if (reply === null) break;
    if (reply) output.write(`${reply}\n\n`);
    if (interactive) output.write("> ");
  }
  rl.close();
}
