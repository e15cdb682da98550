/**
 * `npm start`: every channel whose credentials are set, in one process sharing
 * one assistant and one conversation layer (Telegram with BOT_TOKEN, WeCom
 * with WECOM_BOT_ID + WECOM_BOT_SECRET); the console chat when none is. A new
 * channel registers here and nowhere else outside its folder.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { createConversation } from "./conversation/conversation.js";
import { JicengError, userMessageOf } from "./errors.js";
import { redact } from "./logger.js";

/** Where the console chat writes its logs (never into the conversation). */
export const CONSOLE_LOG_FILE = "console.log";

/** Whether any chat channel has its credentials. */
function hasChannel(config: Config): boolean {
  return Boolean(config.botToken || config.wecom);
}

/** Start the right channels; resolves with the process exit code when they stop. */
export async function runMain(options: { forceBot?: boolean } = {}): Promise<number> {
  const { config, logger, assistant, shared } = await createApp({ logFile: (c) => (hasChannel(c) ? undefined : path.join(c.stateDir, CONSOLE_LOG_FILE)) });
  // one conversation layer for every channel; follow-ups live in the assistant's ConversationStore (Redis in a fleet)
  const conversation = createConversation(assistant);
  const running: Promise<void>[] = [];
  if (config.botToken) {
    const { runBot } = await import("./channels/telegram/run.js");
    running.push(runBot(assistant, config, logger, { conversation, shared }));
  }
  if (config.wecom) {
    // WeCom needs no Redis: one long connection per bot, so one instance; its feedback goes where Telegram's does
    const { runWecom } = await import("./channels/wecom/run.js");
    const { openFeedbackStore } = await import("./channels/telegram/run.js");
    running.push(runWecom(conversation, config, logger, await openFeedbackStore(config, logger)));
  }
  if (running.length) {
    try {
      await Promise.all(running);
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
  await runConsoleChat(conversation);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runMain().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // a JicengError (bad .env, unreadable reports) says in Chinese what to fix; stacks are for bugs
      process.stderr.write(
        redact(`${userMessageOf(error)}\n${error instanceof JicengError ? "" : `${error instanceof Error ? (error.stack ?? "") : String(error)}\n`}`),
      );
      process.exitCode = 1;
    },
  );
}
