/** A temporary project folder with the shipped reports and lexicon, for tests on real files. */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createConfig, type Config } from "../../src/config.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A temp dir with data/reports, data/lexicon and prompts copied in, and a config pointing at it. */
export function createTempProject(env: Record<string, string> = {}): { dir: string; config: Config; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "jiceng-test-"));
  cpSync(path.join(ROOT, "data/reports"), path.join(dir, "data/reports"), { recursive: true });
  cpSync(path.join(ROOT, "data/lexicon"), path.join(dir, "data/lexicon"), { recursive: true });
  cpSync(path.join(ROOT, "prompts"), path.join(dir, "prompts"), { recursive: true });
  const config = createConfig(env, dir);
  return { dir, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The project root (for eval sets and fixtures). */
export const PROJECT_ROOT = ROOT;

/** A real assistant over a fresh temp project; call `cleanup` when done. */
export async function createTestAssistant(env: Record<string, string> = {}) {
  const { createAssistant } = await import("../../src/assistant/assistant.js");
  const project = createTempProject(env);
  const assistant = await createAssistant(project.config);
  return { ...project, assistant };
}
