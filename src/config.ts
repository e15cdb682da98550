/**
 * The only reader of `process.env`. `createConfig(input)` is pure so tests can
 * build a config from a plain object; `loadConfig()` reads `.env` + the process.
 */
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "./errors.js";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const urlString = optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
  message: "must be an http(s) URL / 必须是 http(s) 网址",
});

const envSchema = z.object({
  BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: urlString,
  WEBHOOK_URL: urlString,
  PORT: optionalString.refine((v) => v === undefined || /^\d{1,5}$/.test(v), {
    message: "must be a port number / 必须是端口号",
  }),
  ADMIN_IDS: optionalString.refine((v) => v === undefined || /^\s*\d+(\s*,\s*\d+)*\s*$/.test(v), {
    message: "must be comma-separated numeric Telegram user ids / 必须是逗号分隔的数字用户 ID",
  }),
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_WS_URL: optionalString.refine((v) => v === undefined || /^wss?:\/\/[^\s]+$/.test(v), {
    message: "must be a ws(s):// URL / 必须是 ws(s):// 地址",
  }),
  WECOM_ADMIN_USERIDS: optionalString.refine((v) => v === undefined || /^\s*[^\s,]+(\s*,\s*[^\s,]+)*\s*$/.test(v), {
    message: "must be comma-separated WeCom userids / 必须是逗号分隔的企业微信 userid",
  }),
  REPORTS_DIR: optionalString,
  INDEX_DIR: optionalString,
  STATE_DIR: optionalString,
  LEXICON_DIR: optionalString,
  WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(v), {
    message: "must be 16-256 characters of A-Z a-z 0-9 _ - (Telegram's rule) / 必须是 16–256 个字母、数字、下划线或连字符",
  }),
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\/[^\s]+$/.test(v), {
    message: "must be a redis:// or rediss:// URL / 必须是 redis:// 或 rediss:// 地址",
  }),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
    message: "must be a postgres:// or postgresql:// URL / 必须是 postgres:// 或 postgresql:// 地址",
  }),
  INSTANCE_ID: optionalString,
  PROMPTS_DIR: optionalString,
  LLM_BASE_URL: urlString,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_TIMEOUT_MS: optionalString.refine((v) => v === undefined || /^\d+$/.test(v), {
    message: "must be milliseconds / 必须是毫秒数",
  }),
  EMBEDDINGS_BASE_URL: urlString,
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** Validated, typed configuration. Paths are absolute. */
export interface Config {
  botToken?: string;
  telegramApiRoot?: string;
  webhookUrl?: string;
  /**
   * The secret Telegram sends with every webhook update (X-Telegram-Bot-Api-Secret-Token).
   * Shared by every instance of a fleet; without it a single instance makes its own.
   */
  webhookSecret?: string;
  port: number;
  /** Fleet mode: Redis for follow-up memory, rate limits, the reindex lock and the "new index" signal. */
  redisUrl?: string;
  /** Fleet mode: PostgreSQL for feedback (answers and votes); SQLite under `stateDir` without it. */
  databaseUrl?: string;
  /** This instance's name in logs, /healthz and the "new index" signal (default host:pid). */
  instanceId?: string;
  adminIds: ReadonlySet<number>;
  /** WeCom 智能机器人 (long connection): set when both WECOM_BOT_ID and WECOM_BOT_SECRET are. */
  wecom?: { botId: string; secret: string; wsUrl?: string; adminUserIds: ReadonlySet<string> };
  reportsDir: string;
  indexDir: string;
  stateDir: string;
  lexiconDir: string;
  promptsDir: string;
  llm?: { baseUrl: string; apiKey?: string; model: string; timeoutMs: number };
  embeddings?: { baseUrl: string; model: string; apiKey?: string };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Every secret value in the environment (secretsOf): the logger redacts each from every line. */
  secrets: readonly string[];
}

/** Variables whose whole value is a secret. */
const SECRET_VARIABLES = ["BOT_TOKEN", "LLM_API_KEY", "EMBEDDINGS_API_KEY", "WECOM_BOT_SECRET", "WEBHOOK_SECRET"] as const;
/** Variables that are URLs which may carry a password. */
const SECRET_URL_VARIABLES = ["REDIS_URL", "DATABASE_URL"] as const;

/**
 * The secret values of an environment: whole values of SECRET_VARIABLES and
 * the passwords (raw and decoded) in SECRET_URL_VARIABLES. Read from the raw
 * input so variables other modules validate are covered too.
 */
export function secretsOf(input: Record<string, string | undefined>): string[] {
  const out = new Set<string>();
  for (const v of SECRET_VARIABLES) {
    const value = input[v]?.trim();
    if (value) out.add(value);
  }
  for (const v of SECRET_URL_VARIABLES) {
    const value = input[v]?.trim();
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.password) {
        out.add(url.password);
        out.add(decodeURIComponent(url.password));
      }
    } catch {
      // not a URL: another module reports it; its credentials, if any, are `user:pass@` text
      const m = /\/\/[^:/@\s]*:([^@\s]+)@/.exec(value);
      if (m?.[1]) out.add(m[1]);
    }
  }
  return [...out];
}

/** Build a config from an environment-like record. Throws ConfigError naming the bad variable. */
export function createConfig(input: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "?");
    throw new ConfigError(variable, issue?.message ?? "invalid");
  }
  const env = parsed.data;
  const abs = (p: string | undefined, fallback: string) => path.resolve(cwd, p ?? fallback);
  if (env.LLM_BASE_URL && !env.LLM_MODEL) throw new ConfigError("LLM_MODEL", "required when LLM_BASE_URL is set / 设置 LLM_BASE_URL 时必须同时设置");
  if (env.EMBEDDINGS_BASE_URL && !env.EMBEDDINGS_MODEL) {
    throw new ConfigError("EMBEDDINGS_MODEL", "required when EMBEDDINGS_BASE_URL is set / 设置 EMBEDDINGS_BASE_URL 时必须同时设置");
  }
  // a BotID without its Secret cannot connect: said at start-up. A Secret alone starts nothing (no bot to connect
  // as) and is not an error: it is still redacted from every log line like any configured secret (Config.secrets).
  if (env.WECOM_BOT_ID && !env.WECOM_BOT_SECRET) {
    throw new ConfigError("WECOM_BOT_SECRET", "WECOM_BOT_ID and WECOM_BOT_SECRET go together / 企业微信机器人的 BotID 和 Secret 必须同时设置");
  }
  const wecomAdmins = new Set(
    (env.WECOM_ADMIN_USERIDS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if (env.WEBHOOK_URL && (env.REDIS_URL || env.DATABASE_URL) && !env.WEBHOOK_SECRET) {
    // a fleet of webhook instances each making its own secret: the last to start wins, the others get 401
    throw new ConfigError(
      "WEBHOOK_SECRET",
      "required for a fleet (WEBHOOK_URL with REDIS_URL or DATABASE_URL): every instance must share it / 多实例部署必须设置同一个 WEBHOOK_SECRET",
    );
  }
  const adminIds = new Set(
    (env.ADMIN_IDS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number),
  );
  return {
    botToken: env.BOT_TOKEN,
    telegramApiRoot: env.TELEGRAM_API_ROOT?.replace(/\/+$/, ""),
    webhookUrl: env.WEBHOOK_URL,
    webhookSecret: env.WEBHOOK_SECRET,
    redisUrl: env.REDIS_URL,
    databaseUrl: env.DATABASE_URL,
    instanceId: env.INSTANCE_ID,
    port: env.PORT ? Number(env.PORT) : 8080,
    adminIds,
    wecom:
      env.WECOM_BOT_ID && env.WECOM_BOT_SECRET
        ? { botId: env.WECOM_BOT_ID, secret: env.WECOM_BOT_SECRET, wsUrl: env.WECOM_WS_URL, adminUserIds: wecomAdmins }
        : undefined,
    reportsDir: abs(env.REPORTS_DIR, "data/reports"),
    indexDir: abs(env.INDEX_DIR, "data/index"),
    stateDir: abs(env.STATE_DIR, "data/state"),
    lexiconDir: abs(env.LEXICON_DIR, "data/lexicon"),
    promptsDir: abs(env.PROMPTS_DIR, "prompts"),
    llm:
      env.LLM_BASE_URL && env.LLM_MODEL
        ? { baseUrl: env.LLM_BASE_URL, apiKey: env.LLM_API_KEY, model: env.LLM_MODEL, timeoutMs: Number(env.LLM_TIMEOUT_MS ?? 20_000) }
        : undefined,
    embeddings:
      env.EMBEDDINGS_BASE_URL && env.EMBEDDINGS_MODEL
        ? { baseUrl: env.EMBEDDINGS_BASE_URL, model: env.EMBEDDINGS_MODEL, apiKey: env.EMBEDDINGS_API_KEY }
        : undefined,
    logLevel: env.LOG_LEVEL ?? "info",
    secrets: secretsOf(input),
  };
}

/** Read `.env` (if present) and the process environment, then validate. */
export async function loadConfig(): Promise<Config> {
  const dotenv = await import("dotenv");
  dotenv.config({ quiet: true });
  return createConfig(process.env);
}
