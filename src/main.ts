/**
 * `npm start`: the Telegram bot when BOT_TOKEN is set, the console chat
 * otherwise. Either builds the index first when it is missing.
 */
import { pathToFileURL } from "node:url";
import { createApp } from "./app.js";
import { userMessageOf } from "./errors.js";

/** Start the right channel. */
export async function runMain(options: { forceBot?: boolean } = {}): Promise<void> {
  const { config, logger, assistant } = await createApp();
  if (config.botToken) {
    const { runBot } = await import("./channels/telegram/run.js");
    await runBot(assistant, config, logger);
    return;
  }
  if (options.forceBot) {
    logger.error("BOT_TOKEN is not set / 未设置 BOT_TOKEN，无法启动 Telegram 机器人");
    process.exitCode = 1;
    return;
  }
  const { runConsoleChat } = await import("./channels/console/chat.js");
  await runConsoleChat(assistant);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain().catch((error: unknown) => {
    process.stderr.write(`${userMessageOf(error)}\n${error instanceof Error ? error.stack ?? "" : String(error)}\n`);
    process.exitCode = 1;
  });
}
