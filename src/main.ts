/**
 * `npm start`: the Telegram bot when BOT_TOKEN is set, the console chat
 * otherwise. Either builds the index first when it is missing.
 */
import { pathToFileURL } from "node:url";
import { createApp } from "./app.js";
import { JicengError, userMessageOf } from "./errors.js";
import { redact } from "./logger.js";

/** Start the right channel; resolves with the process exit code when it stops. */
export async function runMain(options: { forceBot?: boolean } = {}): Promise<number> {
  const { config, logger, assistant, shared } = await createApp();
  if (config.botToken) {
    const { runBot } = await import("./channels/telegram/run.js");
    try {
      await runBot(assistant, config, logger, shared);
    } finally {
      await shared.close();
    }
    return 0;
  }
  await shared.close(); // the console chat is one person: nothing to share
  if (options.forceBot) {
    logger.error("BOT_TOKEN is not set / 未设置 BOT_TOKEN，无法启动 Telegram 机器人");
    return 1;
  }
  const { runConsoleChat } = await import("./channels/console/chat.js");
  await runConsoleChat(assistant);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // a JicengError (bad .env, unreadable reports) says in Chinese what to fix; stacks are for bugs
      process.stderr.write(redact(`${userMessageOf(error)}\n${error instanceof JicengError ? "" : `${error instanceof Error ? error.stack ?? "" : String(error)}\n`}`));
      process.exitCode = 1;
    },
  );
}
