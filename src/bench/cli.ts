/**
 * `jiceng bench [--sizes 1,100,1000] [--questions N] [--concurrency N] [--seed N] [--json] [--out DIR]`.
 * Progress goes to stderr; the table (or one JSON object with --json) to stdout.
 */
import { DEFAULT_SIZES, formatTable, runBench, writeBenchOutputs } from "./run.js";

const USAGE = "用法 / usage: jiceng bench [--sizes 1,100,1000] [--questions 300] [--concurrency 4] [--seed N] [--json] [--out DIR]";

/** Parsed bench flags. */
export interface BenchArgs {
  sizes: number[];
  questions: number;
  concurrency: number;
  seed?: number;
  json: boolean;
  out?: string;
}

/** Parse the bench flags; throws an Error with a readable message on bad input. */
export function parseBenchArgs(args: string[]): BenchArgs {
  const out: BenchArgs = { sizes: DEFAULT_SIZES, questions: 300, concurrency: 4, json: false };
  const positive = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (!v || !Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=") ? (a.split(/=(.*)/s, 2) as [string, string]) : [a, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case "--sizes": {
        const v = value();
        out.sizes = (v ?? "").split(",").map((s) => positive("--sizes", s.trim()));
        break;
      }
      case "--questions":
        out.questions = positive("--questions", value());
        break;
      case "--concurrency":
        out.concurrency = positive("--concurrency", value());
        break;
      case "--seed":
        out.seed = positive("--seed", value());
        break;
      case "--json":
        out.json = true;
        break;
      case "--out": {
        const v = value();
        if (!v) throw new Error("--out needs a folder");
        out.out = v;
        break;
      }
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return out;
}

/** Entry point used by `src/cli.ts`. Returns the exit code. */
export async function benchCommand(args: string[]): Promise<number> {
  let parsed: BenchArgs;
  try {
    parsed = parseBenchArgs(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const report = await runBench({
      sizes: parsed.sizes,
      questions: parsed.questions,
      concurrency: parsed.concurrency,
      seed: parsed.seed,
      onLog: (line) => process.stderr.write(`${line}\n`),
    });
    if (parsed.out) {
      const md = await writeBenchOutputs(report, parsed.out);
      process.stderr.write(`bench: report written to ${md}\n`);
    }
    process.stdout.write(parsed.json ? `${JSON.stringify(report)}\n` : `${formatTable(report)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
