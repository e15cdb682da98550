/**
 * Run the WeCom channel until SIGINT/SIGTERM (what `npm start` calls when
 * WECOM_BOT_ID and WECOM_BOT_SECRET are set). Connection, heartbeats and
 * reconnection with backoff are the SDK's; an auth failure is logged clearly
 * (without the secret) and retried.
 */
import type { Config } from "../../config.js";
import type { Conversation } from "../../conversation/conversation.js";
import { ConfigError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { FeedbackStore } from "../telegram/feedback-store.js";
import { createWecomBot } from "./bot.js";

/** Start the channel and wait for a stop signal. */
export async function runWecom(conversation: Conversation, config: Config, logger: Logger, feedback: FeedbackStore): Promise<void> {
  if (!config.wecom) throw new ConfigError("WECOM_BOT_ID", "required to run the WeCom bot / 运行企业微信机器人需要设置 WECOM_BOT_ID 和 WECOM_BOT_SECRET");
  const bot = createWecomBot({ conversation, feedback, config: config.wecom, logger });
  logger.info({ wsUrl: config.wecom.wsUrl ?? "default" }, "starting wecom channel");
  void bot.start();
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, "stopping wecom channel");
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      void bot
        .stop()
        .then(() => feedback.close())
        .catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, "wecom feedback store did not close cleanly"))
        .then(resolve);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
