/**
 * Running the bot: long polling through @grammyjs/runner (updates of different
 * chats processed concurrently, each chat in order), or a webhook served by
 * node:http when WEBHOOK_URL is set. API calls are retried where Telegram says
 * so (auto-retry). Stops gracefully on SIGINT/SIGTERM.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { run } from "@grammyjs/runner";
import { GrammyError, HttpError, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Assistant } from "../../assistant/types.js";
import type { Config } from "../../config.js";
import type { Conversation } from "../../conversation/conversation.js";
import { ConfigError, JicengError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import { createBot, type JicengBot } from "./bot.js";
import { createFeedbackStore, type FeedbackStore } from "./feedback-store.js";
import { createLocalState, type SharedState } from "../../fleet/shared-state.js";
import type { BotLimits } from "./deps.js";
import { ADMIN_COMMANDS, COMMANDS } from "./messages.js";
import type { RateLimitOptions } from "./middlewares/rate-limit.js";
import { describeError } from "./reply.js";

/** Update kinds the bot handles; Telegram sends nothing else. */
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** A running bot. */
export interface BotHandle {
  mode: "polling" | "webhook";
  bot: JicengBot;
  /** Stop fetching updates, wait for handlers in progress, close the HTTP server and the feedback store. */
  stop(): Promise<void>;
  /** Settles when the bot has stopped. */
  task: Promise<void>;
}

/** Options for tests and embedding; production uses the defaults. */
export interface StartBotOptions {
  botInfo?: UserFromGetMe;
  rateLimit?: RateLimitOptions;
  limits?: Partial<BotLimits>;
  /** Long-polling timeout in seconds (default 30). */
  pollingTimeoutSeconds?: number;
  /** How long to keep trying to reach the Bot API server at startup (default 60 s). */
  startupTimeoutMs?: number;
  /** The conversation layer shared with other channels (default: one over `assistant`). */
  conversation?: Conversation;
  /** Fleet state (Redis) or this process's memory (default). */
  shared?: SharedState;
  /** A feedback store to use instead of the configured one (PostgreSQL with DATABASE_URL, else SQLite). */
  feedback?: FeedbackStore;
}

/**
 * Most of what Telegram sends can wait this long for its answer before the
 * webhook request is answered anyway (the handler goes on). Telegram resends an
 * update whose request fails or times out; answering in time prevents that.
 */
const WEBHOOK_HANDLER_TIMEOUT_MS = 8_000;

/** The configured feedback store: PostgreSQL for a fleet (DATABASE_URL), else SQLite under STATE_DIR. */
export async function openFeedbackStore(config: Config, logger: Logger): Promise<FeedbackStore & { health?: () => string }> {
  if (!config.databaseUrl) return createFeedbackStore(config.stateDir);
  const { createPgFeedbackStore } = await import("./feedback-store-pg.js");
  return createPgFeedbackStore(config.databaseUrl, logger);
}

/** A polling instance must not run while a webhook is set: it would switch off every other instance's updates. */
export class WebhookActiveError extends JicengError {
  override readonly name = "WebhookActiveError";
  constructor(readonly url: string) {
    super(
      `A webhook is set (${url}); polling would delete it and cut off the instances serving it. Set WEBHOOK_URL to join them, or delete the webhook on purpose first.`,
      `这个机器人已设置 Webhook（${url}），可能有其他实例正在用它接收消息。轮询模式启动会把它删掉，让那些实例收不到消息，所以没有启动。要加入它们，请设置 WEBHOOK_URL；确实不再需要 Webhook 时，请先手动删除（deleteWebhook）。`,
    );
  }
}

/**
 * Register the command menu (everyone) and the admin menu (each admin's private
 * chat). Non-essential: failures are logged and ignored.
 */
export async function registerCommands(bot: JicengBot, config: Config, logger: Logger): Promise<void> {
  try {
    await bot.api.setMyCommands([...COMMANDS]);
  } catch (err) {
    logger.warn({ err: describeError(err) }, "setMyCommands failed (ignored)");
  }
  for (const adminId of config.adminIds) {
    try {
      await bot.api.setMyCommands([...COMMANDS, ...ADMIN_COMMANDS], { scope: { type: "chat", chat_id: adminId } });
    } catch (err) {
      // Typical cause: the admin has not opened a chat with the bot yet.
      logger.warn({ err: describeError(err), adminId }, "setMyCommands for admin failed (ignored)");
    }
  }
}

/** Turn a failed getMe into an error an admin can act on (in Chinese), without the token. */
function explainStartupError(err: unknown): unknown {
  if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
    return new ConfigError("BOT_TOKEN", "Telegram rejected the token; copy it again from @BotFather / Telegram 不认可这个令牌，请从 @BotFather 重新复制");
  }
  if (err instanceof HttpError) {
    return new JicengError(
      `Cannot reach the Telegram Bot API server: ${err.message}`,
      "连不上 Telegram 服务器。请检查网络、代理，或 TELEGRAM_API_ROOT 设置。",
      { cause: err },
    );
  }
  return err;
}

/** Build the bot and start it in polling or webhook mode. Resolves once it is receiving updates. */
export async function startBot(assistant: Assistant, config: Config, logger: Logger, options: StartBotOptions = {}): Promise<BotHandle> {
  const token = config.botToken;
  if (!token) throw new ConfigError("BOT_TOKEN", "required to run the Telegram bot / 运行 Telegram 机器人需要设置");
  const shared = options.shared ?? createLocalState(config.instanceId);
  const feedback: FeedbackStore & { health?: () => string } = options.feedback ?? (await openFeedbackStore(config, logger));
  const bot = createBot(token, {
    assistant,
    config,
    logger,
    feedback,
    shared,
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.conversation ? { conversation: options.conversation } : {}),
  });
  // Honour 429 retry_after (up to a minute) and retry 5xx a few times; give up on network errors
  // rather than stall a chat for hours (the runner retries its own getUpdates calls).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));

  // grammY retries getMe while the network is down; give up after a while so a wrong
  // TELEGRAM_API_ROOT or a missing proxy is reported instead of hanging silently.
  const startupTimeoutMs = options.startupTimeoutMs ?? 60_000;
  const slow = setTimeout(() => logger.warn("still trying to reach the Telegram Bot API server…"), Math.min(5_000, startupTimeoutMs / 2));
  const gaveUp = AbortSignal.timeout(startupTimeoutMs);
  try {
    // grammY types its signal with the abort-controller shim; Node's AbortSignal is the same at runtime.
    await bot.init(gaveUp as Parameters<typeof bot.init>[0]);
  } catch (err) {
    await bot.feedbackStore.close();
    throw explainStartupError(gaveUp.aborted ? new HttpError("Network request for 'getMe' timed out", err) : err);
  } finally {
    clearTimeout(slow);
  }
  logger.info({ username: bot.botInfo.username, mode: config.webhookUrl ? "webhook" : "polling", admins: config.adminIds.size }, "telegram bot starting");
  if (config.adminIds.size === 0) {
    logger.warn("ADMIN_IDS is empty: nobody can reindex or add reports from the chat. Send /id to the bot to learn your user id.");
  }
  // The menu is cosmetic: do not hold up answering questions for it.
  void registerCommands(bot, config, logger);

  const health = () => ({ instance: shared.instanceId, ...shared.health(), ...(feedback.health ? { postgres: feedback.health() } : {}) });
  if (config.webhookUrl) return startWebhook(bot, config, logger, health);

  // Polling never deletes a webhook: another instance of a fleet may have set it (getUpdates would
  // fail with 409 anyway). A set webhook stops this instance with the reason; an unknown state is logged.
  try {
    const info = await bot.api.getWebhookInfo();
    if (info.url) {
      await bot.feedbackStore.close();
      throw new WebhookActiveError(info.url);
    }
  } catch (err) {
    if (err instanceof WebhookActiveError) throw err;
    logger.warn({ err: describeError(err) }, "getWebhookInfo failed: polling anyway (a webhook, if any, is left in place)");
  }
  const runner = run(bot, {
    runner: {
      fetch: { timeout: options.pollingTimeoutSeconds ?? 30, allowed_updates: ALLOWED_UPDATES },
      retryInterval: "exponential",
      silent: true,
    },
    sink: { concurrency: 100 },
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      if (runner.isRunning()) await runner.stop();
      await bot.feedbackStore.close();
      logger.info("telegram bot stopped");
    })();
    return stopping;
  };
  const task = (async () => {
    await runner.task();
    await stop();
  })();
  return { mode: "polling", bot, stop, task };
}

async function startWebhook(bot: JicengBot, config: Config, logger: Logger, health: () => Record<string, string>): Promise<BotHandle> {
  const webhookUrl = new URL(config.webhookUrl ?? "");
  const path = webhookUrl.pathname || "/";
  // a fleet shares one secret (every instance registers the same webhook); one instance may make its own
  const secretToken = config.webhookSecret ?? randomBytes(32).toString("hex");
  // grammY answers 401 to an update without this secret in X-Telegram-Bot-Api-Secret-Token
  const handle = webhookCallback(bot, "http", { secretToken, onTimeout: "return", timeoutMilliseconds: WEBHOOK_HANDLER_TIMEOUT_MS });
  let stopping: Promise<void> | null = null;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/healthz") {
      // 200 while this instance answers (a Redis or PostgreSQL outage is a note, not a failure); 503 while stopping
      const body = { ok: !stopping, ...health() };
      res.writeHead(stopping ? 503 : 200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    if (req.method !== "POST" || url.pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger.error({ err: describeError(err) }, "webhook request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  try {
    await bot.api.setWebhook(webhookUrl.href, { secret_token: secretToken, allowed_updates: ALLOWED_UPDATES });
  } catch (error) {
    // no webhook, no bot: do not leave the HTTP server holding the process open
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  logger.info({ port: config.port, path }, "webhook listening");

  let resolveTask: () => void = () => undefined;
  const task = new Promise<void>((resolve) => {
    resolveTask = resolve;
  });
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections(); // a load balancer's keep-alive connections would hold close() open
      await closed;
      await bot.feedbackStore.close();
      logger.info("telegram bot stopped");
      resolveTask();
    })();
    return stopping;
  };
  return { mode: "webhook", bot, stop, task };
}

/**
 * Run the bot until SIGINT or SIGTERM (what `npm start` calls when BOT_TOKEN is
 * set). Resolves after a graceful stop.
 */
export async function runBot(
  assistant: Assistant,
  config: Config,
  logger: Logger,
  options: { conversation?: Conversation; shared?: SharedState } = {},
): Promise<void> {
  const handle = await startBot(assistant, config, logger, {
    ...(options.conversation ? { conversation: options.conversation } : {}),
    ...(options.shared ? { shared: options.shared } : {}),
  });
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "stopping telegram bot");
    void handle.stop();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await handle.task;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
