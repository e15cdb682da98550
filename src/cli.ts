/**
 * `npm run --silent jiceng -- <command>`: the machine interface (README, "Machine interface").
 * stdout carries results (text or JSON); logs go to stderr. Flags are parsed in `cli-args.ts`.
 */
import path from "node:path";
import readline from "node:readline";
import { createApp } from "./app.js";
import { createSharedState } from "./fleet/shared-state.js";
import type { Answer } from "./answer/types.js";
import type { Assistant, StatsResult } from "./assistant/types.js";
import { renderAnswerText, renderExamplesText, renderReindexSummaryText, renderStatsText } from "./assistant/render-text.js";
import { loadConfig, type Config } from "./config.js";
import { JicengError, ReindexBusyError, userMessageOf } from "./errors.js";
import { CliUsageError, hitCount, parseCommandLine, USAGE, type ParsedCommandLine } from "./cli-args.js";
import { defaultEvalSets, evalSetDir, hasEvalSet, loadEvalSet } from "./eval/sets.js";
import { formatEval, runEval } from "./eval/run.js";
import { reindex } from "./index/build.js";
import { createLogger, redact, type Logger } from "./logger.js";
import type { Hit } from "./search/types.js";

/** ask's JSON shape (README, "Machine interface"; fields may be added, never renamed). */
export function askJson(query: string, a: Answer & { ms: number }) {
  return {
    query,
    answer: a.text,
    refused: a.refused,
    citations: a.citations.map((c) => ({
      n: c.n,
      id: c.id,
      articleId: c.articleId,
      title: c.title,
      region: c.region,
      section: c.section,
      paragraph: c.paragraph,
      quote: c.quote,
    })),
    mode: a.mode,
    suggestions: a.suggestions,
    ms: a.ms,
  };
}

/**
 * One `ask --jsonl` input line: a plain question (no context), or a JSON object
 * `{"chat": "c1", "question": "那思南呢？"}` whose `chat` keys the conversation.
 */
export function askLine(line: string): { question: string; chat: string | null } {
  const t = line.trim();
  if (t.startsWith("{")) {
    try {
      const o = JSON.parse(t) as { chat?: unknown; question?: unknown };
      if (o && typeof o === "object" && typeof o.question === "string") {
        return { question: o.question, chat: o.chat === undefined || o.chat === null ? null : String(o.chat) };
      }
    } catch {
      // not JSON after all: a question that starts with a brace
    }
  }
  return { question: line, chat: null };
}

/** search's JSON shape. */
export function searchJson(query: string, hits: Hit[]) {
  return {
    query,
    hits: hits.map((h) => ({
      id: h.passage.id,
      articleId: h.passage.articleId,
      title: h.passage.title,
      region: h.passage.region,
      section: h.passage.section,
      text: h.passage.text,
      score: Math.round(h.score * 1e6) / 1e6,
    })),
  };
}

/** stats' JSON shape. */
export function statsJson(query: string, s: StatsResult) {
  return {
    query,
    kind: s.kind,
    facts: s.facts.map((f) => ({
      value: f.value,
      raw: f.raw,
      unit: f.unit,
      approx: f.approx,
      label: f.label,
      region: f.region,
      year: f.year,
      sentence: f.sentence,
      citation: f.citation,
    })),
    ...(s.overview ? { overview: s.overview } : {}),
  };
}

/** Read stdin line by line, answering each in order; one output line per input line, never a crash. */
async function jsonl(handle: (line: string) => Promise<unknown>, empty: (line: string) => unknown): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
  for await (const line of rl) {
    let out: unknown;
    try {
      out = await handle(line);
    } catch (error) {
      // one output line per input line, always; the cause goes to stderr
      process.stderr.write(`line ${JSON.stringify(line.slice(0, 80))}: ${error instanceof Error ? error.message : String(error)}\n`);
      out = empty(line);
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

/**
 * With REDIS_URL, a CLI reindex takes the fleet's reindex lock and tells every
 * running instance to load the new index; without it, the index folder's file lock suffices.
 */
async function reindexInFleet<T>(config: Config, logger: Logger, job: () => Promise<T>): Promise<T> {
  if (!config.redisUrl) return job();
  const shared = await createSharedState(config, logger);
  try {
    const release = await shared.reindex?.acquire();
    if (release === null) throw new ReindexBusyError("another instance of the fleet holds the reindex lock");
    try {
      const result = await job();
      await shared.reindex?.announce();
      return result;
    } finally {
      await release?.();
    }
  } finally {
    await shared.close();
  }
}

async function withAssistant<T>(fn: (a: Assistant) => Promise<T>): Promise<T> {
  // one-shot commands keep follow-ups in this process (`ask --jsonl` chats are the input's, not the fleet's)
  const app = await createApp({ logLevel: "warn", local: true });
  return fn(app.assistant);
}

async function main(argv: string[]): Promise<number> {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === "bench") {
    const { benchCommand } = await import("./bench/cli.js");
    return benchCommand(parsed.args);
  }
  const { command, flags, text } = parsed;
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const k = hitCount(flags.k);
  switch (command) {
    case "reindex": {
      const config = await loadConfig();
      const logger = createLogger(flags.json ? "warn" : config.logLevel === "info" ? "warn" : config.logLevel, { secrets: config.secrets });
      try {
        const s = await reindexInFleet(config, logger, () => reindex(config, { full: flags.full, logger }));
        if (flags.json) process.stdout.write(`${JSON.stringify(s)}\n`);
        else process.stdout.write(`${renderReindexSummaryText(s)}\n`);
        return 0;
      } catch (error) {
        const msg = userMessageOf(error);
        if (flags.json) process.stdout.write(`${JSON.stringify({ ok: false, error: msg })}\n`);
        // busy is not a failure: the one message, as the bot and the console show it
        if (error instanceof ReindexBusyError) process.stderr.write(`${msg}\n`);
        else
          process.stderr.write(
            redact(`重建索引失败，旧索引保持不变：${msg}\n${error instanceof Error && !(error instanceof JicengError) ? `${error.stack}\n` : ""}`),
          );
        return 1;
      }
    }
    case "ask":
      return withAssistant(async (a) => {
        if (flags.jsonl) {
          await jsonl(
            async (line) => {
              const { question, chat } = askLine(line);
              // lines with the same chat share follow-up context, as messages in one chat do
              return { ...askJson(question, await a.ask(question, chat === null ? {} : { chatId: `cli:${chat}` })), ...(chat === null ? {} : { chat }) };
            },
            (line) => ({ query: askLine(line).question, answer: "", refused: true, citations: [], ms: 0 }),
          );
        } else if (flags.json) {
          process.stdout.write(`${JSON.stringify(askJson(text, await a.ask(text)))}\n`);
        } else process.stdout.write(`${renderAnswerText(await a.ask(text))}\n`);
        return 0;
      });
    case "search":
      return withAssistant(async (a) => {
        if (flags.jsonl)
          await jsonl(
            async (line) => searchJson(line, await a.search(line, k)),
            (line) => ({ query: line, hits: [] }),
          );
        else if (flags.json) process.stdout.write(`${JSON.stringify(searchJson(text, await a.search(text, k)))}\n`);
        else {
          const hits = await a.search(text, k);
          process.stdout.write(
            hits.length
              ? hits.map((h, i) => `${i + 1}. [${h.passage.id}] 《${h.passage.title}》· ${h.passage.section}\n   ${h.passage.text}`).join("\n") + "\n"
              : "没有找到相关段落。\n",
          );
        }
        return 0;
      });
    case "stats":
      return withAssistant(async (a) => {
        if (flags.jsonl)
          await jsonl(
            async (line) => statsJson(line, a.stats(line)),
            (line) => ({ query: line, facts: [] }),
          );
        else if (flags.json) process.stdout.write(`${JSON.stringify(statsJson(text, a.stats(text)))}\n`);
        else process.stdout.write(`${renderStatsText(a.stats(text))}\n`);
        return 0;
      });
    case "examples":
      return withAssistant(async (a) => {
        const ex = await a.examples(text);
        if (flags.json) process.stdout.write(`${JSON.stringify({ query: text, examples: ex })}\n`);
        else process.stdout.write(`${renderExamplesText(text, ex)}\n`);
        return 0;
      });
    case "chat": {
      const { runConsoleChat } = await import("./channels/console/chat.js");
      const { createConversation } = await import("./conversation/conversation.js");
      const { CONSOLE_LOG_FILE } = await import("./main.js");
      // the chat's logs go to a file: never mixed into the conversation on this terminal
      const app = await createApp({ logFile: (c) => path.join(c.stateDir, CONSOLE_LOG_FILE) });
      await runConsoleChat(createConversation(app.assistant));
      return 0;
    }
    case "bot": {
      const { runMain } = await import("./main.js");
      return runMain({ forceBot: true });
    }
    case "eval":
      return withAssistant(async (a) => {
        const sets = flags.set ? [await loadEvalSet(flags.set, flags.set)] : await defaultEvalSets({ sealed: flags.sealed });
        if (flags.sealed && !flags.set && !hasEvalSet(evalSetDir("sealed"))) {
          process.stderr.write(`eval: no sealed set in ${evalSetDir("sealed")} (qa.jsonl, stats.jsonl, unanswerable.jsonl); scoring the others\n`);
        }
        const reports = [];
        for (const set of sets) reports.push(await runEval(a, set));
        if (flags.json) process.stdout.write(`${JSON.stringify(reports)}\n`);
        else process.stdout.write(`${reports.map((r) => formatEval(r, flags.verbose)).join("\n")}\n`);
        return 0;
      });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // a JicengError already says in Chinese what went wrong; a stack trace is for bugs only
    process.stderr.write(
      redact(`${userMessageOf(error)}\n${error instanceof JicengError ? "" : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`}`),
    );
    process.exitCode = 1;
  },
);
