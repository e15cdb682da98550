/** Which eval sets load: own always, shared ones when present, the sealed one only on request. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultEvalSets } from "../../src/eval/sets.js";

const base = mkdtempSync(path.join(os.tmpdir(), "jiceng-sets-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const qa = (id: string) => `${JSON.stringify({ id, question: "网格员有多少人", evidence: ["网格员"], must_include: ["2468"] })}\n`;

function project(name: string, dirs: string[]): string {
  const root = path.join(base, name, "jiceng");
  for (const d of dirs) {
    mkdirSync(path.join(root, d), { recursive: true });
    writeFileSync(path.join(root, d, "qa.jsonl"), qa(d));
  }
  mkdirSync(root, { recursive: true });
  return root;
}

describe("defaultEvalSets", () => {
  it("loads only the own set when nothing is beside the project, and --sealed with no sealed folder is no error", async () => {
    const root = project("alone", ["test/eval"]);
    expect((await defaultEvalSets({ root })).map((s) => s.name)).toEqual(["own"]);
    expect((await defaultEvalSets({ root, sealed: true })).map((s) => s.name)).toEqual(["own"]);
  });

  it("loads own, dev and dev-colloquial when present, and sealed only when asked", async () => {
    const root = project("full", ["test/eval", "../shared/eval/dev", "../shared/eval/dev-colloquial", "test/eval/sealed"]);
    expect((await defaultEvalSets({ root })).map((s) => s.name)).toEqual(["own", "dev", "dev-colloquial"]);
    const sets = await defaultEvalSets({ root, sealed: true });
    expect(sets.map((s) => s.name)).toEqual(["own", "dev", "dev-colloquial", "sealed"]);
    expect(sets[3]!.qa[0]!.id).toBe("test/eval/sealed");
  });
});
