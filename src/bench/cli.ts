/**
 * `jiceng bench [--sizes 1,100,1000] [--questions N] [--concurrency N] [--seed N] [--json] [--out DIR]`,
 * and `jiceng bench --fleet [--sizes 100] [--questions N] [--concurrency N]` (answers/s with one and two instances).
 * Progress goes to stderr; the table (or one JSON object with --json) to stdout.
 */
import { parseArgs } from "node:util";
import { DEFAULT_SIZES, formatTable, runBench, writeBenchOutputs } from "./run.js";

const USAGE =
  "用法 / usage: jiceng bench [--sizes 1,100,1000] [--questions 300] [--concurrency 4] [--seed N] [--ingest 2,8,20|0] [--json] [--out DIR]\n" +
  "              jiceng bench --fleet [--sizes 100] [--questions 300] [--concurrency 8] [--json]";

/** Ingest sizes timed by default (MB): the issue-14 figures, up to the 20 MB upload limit. */
const DEFAULT_INGEST_MB = [2, 8, 20];

/** Parsed bench flags. */
export interface BenchArgs {
  sizes: number[];
  questions: number;
  concurrency: number;
  seed?: number;
  json: boolean;
  out?: string;
  /** Sizes in MB of the generated single reports whose ingest is timed. */
  ingest: number[];
  /** One and two bot instances behind a load balancer (`--fleet`); absent without the flag. */
  fleet?: true;
}

/** Parse the bench flags (`node:util` parseArgs, strict); throws an Error naming the flag on bad input. */
export function parseBenchArgs(args: string[]): BenchArgs {
  const { values } = parseArgs({
    args,
    options: {
      sizes: { type: "string" },
      questions: { type: "string" },
      concurrency: { type: "string" },
      seed: { type: "string" },
      json: { type: "boolean" },
      out: { type: "string" },
      ingest: { type: "string" },
      fleet: { type: "boolean" },
    },
    allowPositionals: false,
    strict: true,
  });
  const positive = (flag: string, v: string): number => {
    const n = Number(v);
    if (!v || !Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
    return n;
  };
  const fleet = values.fleet ?? false;
  const out: BenchArgs = {
    sizes: fleet ? [100] : DEFAULT_SIZES,
    questions: 300,
    concurrency: fleet ? 8 : 4,
    json: values.json ?? false,
    // a fleet run measures throughput only: no ingest timing
    ingest: fleet ? [] : DEFAULT_INGEST_MB,
    ...(fleet ? { fleet } : {}),
  };
  if (values.ingest !== undefined) out.ingest = values.ingest === "0" ? [] : values.ingest.split(",").map((s) => positive("--ingest", s.trim()));
  if (values.sizes !== undefined) out.sizes = values.sizes.split(",").map((s) => positive("--sizes", s.trim()));
  if (values.questions !== undefined) out.questions = positive("--questions", values.questions);
  if (values.concurrency !== undefined) out.concurrency = positive("--concurrency", values.concurrency);
  if (values.seed !== undefined) out.seed = positive("--seed", values.seed);
  if (values.out !== undefined) {
    if (!values.out) throw new Error("--out needs a folder");
    out.out = values.out;
  }
  return out;
}

/** Entry point used by `src/cli.ts`. Returns the exit code. */
export async function benchCommand(args: string[]): Promise<number> {
  let parsed: BenchArgs;
  try {
    parsed = parseBenchArgs(args);
  } catch (error) {
    process.stderr.write(`jiceng bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.fleet) return fleetCommand(parsed);
  try {
    const report = await runBench({
      sizes: parsed.sizes,
      questions: parsed.questions,
      concurrency: parsed.concurrency,
      seed: parsed.seed,
      ingestMb: parsed.ingest,
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

/** `bench --fleet`: Redis and PostgreSQL are used when REDIS_URL / DATABASE_URL are configured. */
async function fleetCommand(parsed: BenchArgs): Promise<number> {
  try {
    const { loadConfig } = await import("../config.js");
    const { runFleetBench, formatFleetTable } = await import("./fleet.js");
    const config = await loadConfig();
    const report = await runFleetBench({
      size: parsed.sizes[0] ?? 100,
      questions: parsed.questions,
      concurrency: parsed.concurrency,
      ...(parsed.seed !== undefined ? { seed: parsed.seed } : {}),
      ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      onLog: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(parsed.json ? `${JSON.stringify(report)}\n` : `${formatFleetTable(report)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`bench --fleet failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
