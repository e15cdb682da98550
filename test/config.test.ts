/**
 * Configuration from the environment: defaults that work offline, and every bad
 * value rejected with an error that names the variable (in English and Chinese).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createConfig } from "../src/config.js";
import { ConfigError } from "../src/errors.js";

const CWD = path.resolve("/srv/jiceng");

function rejection(env: Record<string, string | undefined>): ConfigError {
  try {
    createConfig(env, CWD);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

function expectRejected(env: Record<string, string | undefined>, variable: string): void {
  const e = rejection(env);
  expect(e.variable).toBe(variable);
  expect(e.message).toContain(variable);
  expect(e.userMessage).toContain(variable);
  expect(e.userMessage).toMatch(/[\u4e00-\u9fff]/u);
}

describe("createConfig", () => {
  it("works with an empty environment: offline defaults, paths under the working directory", () => {
    const c = createConfig({}, CWD);
    expect(c.botToken).toBeUndefined();
    expect(c.telegramApiRoot).toBeUndefined();
    expect(c.port).toBe(8080);
    expect([...c.adminIds]).toEqual([]);
    expect(c.reportsDir).toBe(path.join(CWD, "data/reports"));
    expect(c.indexDir).toBe(path.join(CWD, "data/index"));
    expect(c.lexiconDir).toBe(path.join(CWD, "data/lexicon"));
    expect(c.stateDir).toBe(path.join(CWD, "data/state"));
    expect(c.promptsDir).toBe(path.join(CWD, "prompts"));
    expect(c.llm).toBeUndefined();
    expect(c.embeddings).toBeUndefined();
    expect(c.logLevel).toBe("info");
  });

  it("treats empty strings (as in a copied .env.example) as unset", () => {
    const c = createConfig({ BOT_TOKEN: "", ADMIN_IDS: "", PORT: "", LLM_BASE_URL: "", LLM_MODEL: "", EMBEDDINGS_BASE_URL: "", LOG_LEVEL: "" }, CWD);
    expect(c.botToken).toBeUndefined();
    expect(c.adminIds.size).toBe(0);
    expect(c.port).toBe(8080);
    expect(c.llm).toBeUndefined();
    expect(c.embeddings).toBeUndefined();
    expect(c.logLevel).toBe("info");
  });

  it("reads every setting when given", () => {
    const c = createConfig(
      {
        BOT_TOKEN: "123:abc",
        TELEGRAM_API_ROOT: "http://127.0.0.1:9000/",
        ADMIN_IDS: " 42, 1001 ,7",
        PORT: "3000",
        REPORTS_DIR: "/data/r",
        INDEX_DIR: "idx",
        LLM_BASE_URL: "http://localhost:11434/v1",
        LLM_MODEL: "qwen2.5",
        LLM_API_KEY: "k",
        LLM_TIMEOUT_MS: "5000",
        EMBEDDINGS_BASE_URL: "https://emb.example.com/v1",
        EMBEDDINGS_MODEL: "bge-m3",
        LOG_LEVEL: "debug",
      },
      CWD,
    );
    expect(c.botToken).toBe("123:abc");
    expect(c.telegramApiRoot).toBe("http://127.0.0.1:9000");
    expect([...c.adminIds].sort((a, b) => a - b)).toEqual([7, 42, 1001]);
    expect(c.port).toBe(3000);
    expect(c.reportsDir).toBe("/data/r");
    expect(c.indexDir).toBe(path.join(CWD, "idx"));
    expect(c.llm).toEqual({ baseUrl: "http://localhost:11434/v1", apiKey: "k", model: "qwen2.5", timeoutMs: 5000 });
    expect(c.embeddings).toEqual({ baseUrl: "https://emb.example.com/v1", model: "bge-m3", apiKey: undefined });
    expect(c.logLevel).toBe("debug");
  });

  it.each(["abc", "12,abc", "12;13", "12,,13", "-5", "1.5"])("rejects ADMIN_IDS=%j naming ADMIN_IDS", (value) => {
    expectRejected({ ADMIN_IDS: value }, "ADMIN_IDS");
  });

  it.each(["http", "80a", "123456", "-1"])("rejects PORT=%j naming PORT", (value) => {
    expectRejected({ PORT: value }, "PORT");
  });

  it.each([
    ["TELEGRAM_API_ROOT", "api.telegram.org"],
    ["LLM_BASE_URL", "localhost:11434"],
    ["EMBEDDINGS_BASE_URL", "ftp://example.com"],
    ["WEBHOOK_URL", "not a url"],
  ])("rejects %s=%j (not an http(s) URL) naming the variable", (variable, value) => {
    expectRejected({ [variable]: value, LLM_MODEL: "m", EMBEDDINGS_MODEL: "m" }, variable);
  });

  it("rejects LLM_BASE_URL without LLM_MODEL, naming LLM_MODEL", () => {
    expectRejected({ LLM_BASE_URL: "http://localhost:11434/v1" }, "LLM_MODEL");
  });

  it("rejects EMBEDDINGS_BASE_URL without EMBEDDINGS_MODEL, naming EMBEDDINGS_MODEL", () => {
    expectRejected({ EMBEDDINGS_BASE_URL: "http://localhost:11434/v1" }, "EMBEDDINGS_MODEL");
  });

  it("rejects an unknown LOG_LEVEL and a non-numeric LLM_TIMEOUT_MS", () => {
    expectRejected({ LOG_LEVEL: "verbose" }, "LOG_LEVEL");
    expectRejected({ LLM_TIMEOUT_MS: "20s" }, "LLM_TIMEOUT_MS");
  });

  it("ignores unrelated environment variables", () => {
    expect(() => createConfig({ PATH: "/usr/bin", HOME: "/root", CI: "true" }, CWD)).not.toThrow();
  });

  it("fleet mode: reads REDIS_URL, DATABASE_URL, WEBHOOK_SECRET and INSTANCE_ID; none of them by default", () => {
    expect(createConfig({}, CWD)).toMatchObject({ redisUrl: undefined, databaseUrl: undefined, webhookSecret: undefined });
    const c = createConfig(
      {
        REDIS_URL: "redis://127.0.0.1:6379",
        DATABASE_URL: "postgres://u:p@db:5432/j",
        WEBHOOK_URL: "https://bot.example/tg",
        WEBHOOK_SECRET: "s3cret_shared-by-all",
        INSTANCE_ID: "a1",
      },
      CWD,
    );
    expect(c).toMatchObject({
      redisUrl: "redis://127.0.0.1:6379",
      databaseUrl: "postgres://u:p@db:5432/j",
      webhookSecret: "s3cret_shared-by-all",
      instanceId: "a1",
    });
  });

  it("fleet mode: a webhook fleet without a shared WEBHOOK_SECRET is refused, naming it; bad URLs and secrets are named", () => {
    expectRejected({ WEBHOOK_URL: "https://bot.example/tg", REDIS_URL: "redis://r:6379" }, "WEBHOOK_SECRET");
    expectRejected({ WEBHOOK_URL: "https://bot.example/tg", DATABASE_URL: "postgres://db/j" }, "WEBHOOK_SECRET");
    expectRejected({ WEBHOOK_SECRET: "short" }, "WEBHOOK_SECRET");
    expectRejected({ WEBHOOK_SECRET: "has spaces in it, not allowed" }, "WEBHOOK_SECRET");
    expectRejected({ REDIS_URL: "localhost:6379" }, "REDIS_URL");
    expectRejected({ DATABASE_URL: "mysql://db/j" }, "DATABASE_URL");
    // one webhook instance without Redis/PostgreSQL may still make its own secret
    expect(() => createConfig({ WEBHOOK_URL: "https://bot.example/tg" }, CWD)).not.toThrow();
  });
});

describe("WeCom settings", () => {
  it("starts WeCom only with both BotID and Secret, and names the missing one", () => {
    expect(createConfig({}).wecom).toBeUndefined();
    const c = createConfig({ WECOM_BOT_ID: "aib1", WECOM_BOT_SECRET: "s", WECOM_WS_URL: "wss://ws.gov.example", WECOM_ADMIN_USERIDS: "zhangsan, lisi" });
    expect(c.wecom).toEqual({ botId: "aib1", secret: "s", wsUrl: "wss://ws.gov.example", adminUserIds: new Set(["zhangsan", "lisi"]) });
    expect(() => createConfig({ WECOM_BOT_ID: "aib1" })).toThrow(/WECOM_BOT_SECRET/);
    // a Secret alone starts nothing and is only redacted (main's hostile suite sets one to check the redaction)
    expect(createConfig({ WECOM_BOT_SECRET: "wecom-secret-abcdef" }).wecom).toBeUndefined();
    expect(() => createConfig({ WECOM_BOT_ID: "aib1", WECOM_BOT_SECRET: "s", WECOM_WS_URL: "https://x" })).toThrow(/WECOM_WS_URL/);
  });
});
