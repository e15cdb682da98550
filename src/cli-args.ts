/**
 * Command-line parsing for `src/cli.ts`, with `node:util` `parseArgs` in strict mode: an
 * unknown flag, a missing value or a stray argument is a usage error (exit code 2) and
 * nothing runs. Kept apart from `cli.ts` so tests can import it without starting the CLI.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** The usage text printed by `help` and after a usage error. */
export const USAGE = `用法 / usage: npm run --silent jiceng -- <command>
  reindex [--full] [--json]        build or update the index
  ask "问题" | ask --json "问题" | ask --jsonl   answer questions
  search "问题" [--k 5] [--json] | search --jsonl [--k 5]   retrieval only
  stats "关键词" [--json] | stats --jsonl   fact lookup
  examples "主题" [--json]          trainer examples
  chat                             console chat
  bot                              Telegram bot (needs BOT_TOKEN)
  eval [--set DIR] [--json] [-v] [--sealed]   quality report (--sealed adds the sealed sets test/eval/sealed*)
  bench [--sizes 1,100,1000] [--questions N] [--concurrency N] [--seed N] [--json] [--out DIR]   performance report
  bench --fleet [--sizes 100] [--questions N] [--concurrency N] [--json]                      answers/s with one and two instances`;

type Options = NonNullable<ParseArgsConfig["options"]>;

const help = { type: "boolean", short: "h" } as const;
const json = { type: "boolean" } as const;
const jsonl = { type: "boolean" } as const;

/** Each command's flags; `positionals` says whether it takes free text (the question, keyword or topic). */
const COMMANDS = {
  reindex: { options: { full: { type: "boolean" }, json, help }, positionals: false },
  ask: { options: { json, jsonl, help }, positionals: true },
  search: { options: { json, jsonl, k: { type: "string" }, help }, positionals: true },
  stats: { options: { json, jsonl, help }, positionals: true },
  examples: { options: { json, help }, positionals: true },
  chat: { options: { help }, positionals: false },
  bot: { options: { help }, positionals: false },
  eval: { options: { set: { type: "string" }, json, verbose: { type: "boolean", short: "v" }, sealed: { type: "boolean" }, help }, positionals: false },
} as const satisfies Record<string, { options: Options; positionals: boolean }>;

/** A command whose flags this module parses (`bench` parses its own, in `src/bench/cli.ts`). */
export type CliCommand = keyof typeof COMMANDS;

/** Parsed flags: booleans for switches, strings for values. */
export interface CliFlags {
  full?: boolean;
  json?: boolean;
  jsonl?: boolean;
  k?: string;
  set?: string;
  verbose?: boolean;
  sealed?: boolean;
  help?: boolean;
}

/** The outcome of parsing a command line. */
export type ParsedCommandLine = { kind: "help" } | { kind: "bench"; args: string[] } | { kind: "command"; command: CliCommand; flags: CliFlags; text: string };

/** A bad command line: the message names the command and the offending flag or argument. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

function isCommand(name: string): name is CliCommand {
  return Object.hasOwn(COMMANDS, name);
}

/** Parse `argv` (without node and the script). Throws {@link CliUsageError} on an unknown command or flag. */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return { kind: "help" };
  if (command === "bench") return { kind: "bench", args: rest };
  if (!isCommand(command)) throw new CliUsageError(`未知命令 / unknown command: ${command}`);
  // widened to the generic option type: values then come back as string | boolean, checked below
  const spec: { options: Options; positionals: boolean } = COMMANDS[command];
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: spec.positionals, strict: true });
  } catch (error) {
    // node:util says which flag ("Unknown option '--ful'"); keep its words and name the command
    throw new CliUsageError(`jiceng ${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const flags: CliFlags = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === "boolean" || typeof value === "string") (flags as Record<string, string | boolean>)[key] = value;
  }
  return { kind: "command", command, flags, text: parsed.positionals.join(" ") };
}

/** `--k N` as a number of hits between 1 and 50 (5 when absent or not a number). */
export function hitCount(k: string | undefined): number {
  return Math.max(1, Math.min(50, Number(k ?? 5) || 5));
}
