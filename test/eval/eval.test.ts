/**
 * Quality floors: the eval runs on the real index and its figures may not fall
 * below what the issues promise (#10's floors on own and dev). The project's own set (test/eval) always runs;
 * the shared sets (../shared/eval/dev, ../shared/eval/dev-colloquial) run when they
 * are beside the project, and their tests are skipped with a note when they are not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/assistant/types.js";
import { formatEval, runEval, type EvalReport } from "../../src/eval/run.js";
import { evalSetDir, hasEvalSet, loadEvalSet } from "../../src/eval/sets.js";
import { createTestAssistant, PROJECT_ROOT } from "../helpers/temp-project.js";

const devDir = evalSetDir("dev", PROJECT_ROOT);
const colloquialDir = evalSetDir("dev-colloquial", PROJECT_ROOT);
const hasDev = hasEvalSet(devDir);
const hasColloquial = hasEvalSet(colloquialDir);
for (const [has, dir] of [
  [hasDev, devDir],
  [hasColloquial, colloquialDir],
] as const) {
  if (!has) console.log(`[eval] SKIPPED: no shared eval set at ${dir}; only the project's own set (test/eval) is scored`);
}

let assistant: Assistant;
let cleanup: () => void;
beforeAll(async () => {
  ({ assistant, cleanup } = await createTestAssistant());
});
afterAll(() => cleanup());

/** The floors of the answer-policy issue (#10) on the development sets (own and dev). */
function expectFloors(r: EvalReport) {
  expect(r.retrieval.hit5, "hit@5").toBeGreaterThanOrEqual(0.95);
  expect(r.retrieval.mrr, "MRR").toBeGreaterThanOrEqual(0.92);
  expect(r.answers.mustInclude, "must_include").toBeGreaterThanOrEqual(0.92);
  expect(r.answers.citationsValid, "citations valid").toBe(1);
  expect(r.answers.numbersVerified, "numbers verified").toBe(1);
  expect(r.answers.wronglyRefused, "wrongly refused").toBeLessThanOrEqual(0.02);
  expect(r.refusals.refused, "unanswerable refused").toBeGreaterThanOrEqual(0.95);
  expect(r.stats.top3, "stats top3").toBeGreaterThanOrEqual(0.95);
}

describe("eval floors", () => {
  it("holds on the project's own set (test/eval)", async () => {
    const set = await loadEvalSet("own", evalSetDir("own", PROJECT_ROOT));
    expect(set.qa.length).toBeGreaterThanOrEqual(30);
    expect(set.dialogues.length).toBeGreaterThanOrEqual(30);
    const r = await runEval(assistant, set);
    console.log(formatEval(r));
    expectFloors(r);
    // multi-turn conversations (follow-ups, small talk), each in its own chat
    expect(r.dialogues.turnsPassed, "dialogue turns passed").toBeGreaterThanOrEqual(0.95);
  });

  it.skipIf(!hasDev)("holds on the shared dev set", async () => {
    const r = await runEval(assistant, await loadEvalSet("dev", devDir));
    console.log(formatEval(r));
    expectFloors(r);
  });

  // New wordings (colloquial, indirect numbers, traps): a generalisation check, never tuned on.
  // Floors are the targets (must_include ≥ 0.85, wrongly refused ≤ 0.05, traps ≥ 0.90,
  // stats ≥ 0.90), reached by general changes (0.903, 0.032, 1.000, 0.938 on 2026-11-29).
  it.skipIf(!hasColloquial)("does not fall on the shared dev-colloquial set", async () => {
    const r = await runEval(assistant, await loadEvalSet("dev-colloquial", colloquialDir));
    console.log(formatEval(r));
    expect(r.answers.citationsValid, "citations valid").toBe(1);
    expect(r.answers.numbersVerified, "numbers verified").toBe(1);
    expect(r.answers.mustInclude, "must_include").toBeGreaterThanOrEqual(0.85);
    expect(r.answers.wronglyRefused, "wrongly refused").toBeLessThanOrEqual(0.05);
    expect(r.refusals.refused, "unanswerable refused").toBeGreaterThanOrEqual(0.9);
    expect(r.stats.top3, "stats top3").toBeGreaterThanOrEqual(0.9);
  });
});
