/** One reindex at a time per index folder, across processes. */
import { existsSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IndexError } from "../../src/errors.js";
import { reindex } from "../../src/index/build.js";
import { createTempProject } from "../helpers/temp-project.js";

let p: ReturnType<typeof createTempProject>;
beforeEach(() => {
  p = createTempProject();
});
afterEach(() => p.cleanup());

describe("reindex lock", () => {
  it("refuses while another live process holds the lock, and says so in Chinese", async () => {
    writeFileSync(`${p.config.indexDir}.lock`, String(process.ppid));
    const error = await reindex(p.config).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).userMessage).toContain("正在进行");
    expect(existsSync(`${p.config.indexDir}/manifest.json`)).toBe(false);
  });

  it("takes over a lock whose process is gone, and releases it when done", async () => {
    writeFileSync(`${p.config.indexDir}.lock`, "2147483646");
    const s = await reindex(p.config);
    expect(s.ok).toBe(true);
    expect(existsSync(`${p.config.indexDir}.lock`)).toBe(false);
  });

  it("refuses a second reindex of the same folder started while the first runs", async () => {
    const first = reindex(p.config);
    const second = await reindex(p.config).then(() => null, (e: unknown) => e);
    expect(second).toBeInstanceOf(IndexError);
    expect((await first).ok).toBe(true);
  });
});
