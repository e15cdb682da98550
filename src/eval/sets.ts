/** Evaluation sets: folders of JSONL files (qa.jsonl, stats.jsonl, unanswerable.jsonl, dialogues.jsonl), as in test/eval. */
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

/** One turn of a dialogue: what the worker types and what the reply cannot avoid stating. */
export interface DialogueTurn {
  question: string;
  must_include?: string[];
  /** Expected refusal flag, when the turn checks it. */
  refused?: boolean;
}

/** A conversation in one chat: turns share follow-up context (dialogues.jsonl). */
export interface DialogueItem {
  id: string;
  turns: DialogueTurn[];
}

/** One named evaluation set (any file may be missing). */
export interface EvalSet {
  name: string;
  dir: string;
  qa: QaItem[];
  stats: StatsItem[];
  unanswerable: UnanswerableItem[];
  dialogues: DialogueItem[];
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
  const [qa, stats, unanswerable, dialogues] = await Promise.all([
    readJsonl<QaItem>(path.join(dir, "qa.jsonl")),
    readJsonl<StatsItem>(path.join(dir, "stats.jsonl")),
    readJsonl<UnanswerableItem>(path.join(dir, "unanswerable.jsonl")),
    readJsonl<DialogueItem>(path.join(dir, "dialogues.jsonl")),
  ]);
  return { name, dir, qa, stats, unanswerable, dialogues };
}

/** Where an evaluation set lives, relative to the project root; shared sets sit beside the project and may be absent. */
export const EVAL_SET_DIRS = {
  own: "test/eval",
  dev: "../shared/eval/dev",
  "dev-colloquial": "../shared/eval/dev-colloquial",
  /** The first sealed set: scored once, then spent (since used as a development set). */
  sealed: "test/eval/sealed",
  /** The second sealed set: scored once at the end of its session, then spent. */
  sealed2: "test/eval/sealed2",
  /** The third sealed set: scored once (at dbd8780), then spent. */
  sealed3: "test/eval/sealed3",
  /** The fourth sealed set: scored once (at 28c3768), then spent. */
  sealed4: "test/eval/sealed4",
  /** The fifth sealed set, written after the fourth was spent: scored once, at the end. */
  sealed5: "test/eval/sealed5",
} as const;

/** A set's name in reports. */
export type EvalSetName = keyof typeof EVAL_SET_DIRS;

/** The folder of a named set under a project root. */
export function evalSetDir(name: EvalSetName, root = process.cwd()): string {
  return path.resolve(root, EVAL_SET_DIRS[name]);
}

/** True when the folder holds at least one of the set's files. */
export function hasEvalSet(dir: string): boolean {
  return ["qa.jsonl", "stats.jsonl", "unanswerable.jsonl", "dialogues.jsonl"].some((f) => existsSync(path.join(dir, f)));
}

/**
 * Every set present: the project's own (test/eval) always, `dev` and `dev-colloquial`
 * from ../shared/eval/ when they are there, and the sealed sets (test/eval/sealed,
 * sealed2 … sealed5) only when asked for — each is scored once, after the work.
 * Missing folders are skipped.
 */
export async function defaultEvalSets(options: { root?: string; sealed?: boolean } = {}): Promise<EvalSet[]> {
  const root = options.root ?? process.cwd();
  const names: EvalSetName[] = ["own", "dev", "dev-colloquial", ...(options.sealed ? (["sealed", "sealed2", "sealed3", "sealed4", "sealed5"] as const) : [])];
  const sets: EvalSet[] = [];
  for (const name of names) {
    const dir = evalSetDir(name, root);
    if (hasEvalSet(dir)) sets.push(await loadEvalSet(name, dir));
  }
  return sets.filter((s) => s.qa.length + s.stats.length + s.unanswerable.length + s.dialogues.length > 0);
}
