/** Evaluation sets: JSONL files in the format of ../shared/eval/dev. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** A question with evidence strings and must-include strings. */
export interface QaItem {
  id: string;
  question: string;
  article?: string;
  evidence: string[];
  must_include: string[];
  kind?: string;
}

/** A statistics lookup with its expected figure. */
export interface StatsItem {
  id: string;
  query: string;
  region?: string | null;
  expect_value: string;
  expect_unit?: string;
  approx?: string | null;
}

/** A question the reports do not answer. */
export interface UnanswerableItem {
  id: string;
  question: string;
}

/** One named evaluation set (any file may be missing). */
export interface EvalSet {
  name: string;
  dir: string;
  qa: QaItem[];
  stats: StatsItem[];
  unanswerable: UnanswerableItem[];
}

async function readJsonl<T>(file: string): Promise<T[]> {
  if (!existsSync(file)) return [];
  const text = await readFile(file, "utf8");
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Load an evaluation set from a folder (qa.jsonl, stats.jsonl, unanswerable.jsonl). */
export async function loadEvalSet(name: string, dir: string): Promise<EvalSet> {
  const [qa, stats, unanswerable] = await Promise.all([
    readJsonl<QaItem>(path.join(dir, "qa.jsonl")),
    readJsonl<StatsItem>(path.join(dir, "stats.jsonl")),
    readJsonl<UnanswerableItem>(path.join(dir, "unanswerable.jsonl")),
  ]);
  return { name, dir, qa, stats, unanswerable };
}

/** The default sets: the project's own (test/eval) and the shared dev set when present. */
export async function defaultEvalSets(cwd = process.cwd()): Promise<EvalSet[]> {
  const sets: EvalSet[] = [await loadEvalSet("own", path.join(cwd, "test/eval"))];
  const dev = path.resolve(cwd, "../shared/eval/dev");
  if (existsSync(dev)) sets.push(await loadEvalSet("dev", dev));
  return sets.filter((s) => s.qa.length + s.stats.length + s.unanswerable.length > 0);
}
