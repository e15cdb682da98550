/**
 * The domain words of data/lexicon/domain-words.txt cut the tokens cached in
 * the index: the build and the loader use the same list, and an edited list
 * (or gazetteer) makes the cached tokens stale, so they are cut again.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest, reindex } from "../../src/index/build.js";
import { cachePaths } from "../../src/index/cache-files.js";
import { currentIndexDir } from "../../src/index/versions.js";
import { ensureIndex, loadIndex } from "../../src/index/load.js";
import { loadDomainWords, parseDomainWords } from "../../src/text/domain-words.js";
import { configureTokenizer, tokenizerDomainWords } from "../../src/text/tokenize.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let base = "";
let config: { reportsDir: string; indexDir: string; lexiconDir: string; embeddings: undefined };

async function cachedTokens(): Promise<string[]> {
  const m = await readManifest(config.indexDir);
  const lists = await Promise.all(
    m!.reports.map(async (r) => JSON.parse(await readFile(cachePaths((await currentIndexDir(config.indexDir))!, r.hash).tokens, "utf8")) as string[][]),
  );
  return lists.flat(2);
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), "jiceng-lexicon-key-"));
  await cp(path.join(root, "data/reports"), path.join(base, "reports"), { recursive: true });
  await cp(path.join(root, "data/lexicon"), path.join(base, "lexicon"), { recursive: true });
  config = { reportsDir: path.join(base, "reports"), indexDir: path.join(base, "index"), lexiconDir: path.join(base, "lexicon"), embeddings: undefined };
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("domain words", () => {
  it("parse with comments, several a line, each once", () => {
    expect(parseDomainWords("# 注释 网格员\n网格员 红色物业\n\n  一肩挑 # 行尾注释\n")).toEqual(["网格员", "红色物业", "一肩挑"]);
  });

  it("cut the index's tokens and are recorded in the manifest", async () => {
    const shipped = await loadDomainWords(config.lexiconDir);
    expect(shipped).toContain("网格员");
    await reindex(config);
    const m = await readManifest(config.indexDir);
    expect(m?.domainWords).toEqual(shipped);
    expect(await cachedTokens()).toContain("w:网格员");
  });

  it("re-cut cached reports when the list changes, even on an incremental reindex", async () => {
    const file = path.join(config.lexiconDir, "domain-words.txt");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(/网格员/g, ""));
    try {
      const before = (await readManifest(config.indexDir))!.lexiconKey;
      const s = await reindex(config);
      expect(s.unchanged.length).toBe(1); // the report itself did not change…
      expect(s.embedded).toBeGreaterThan(0); // …but its passages were cut and embedded again
      expect((await readManifest(config.indexDir))!.lexiconKey).not.toBe(before);
      expect(await cachedTokens()).not.toContain("w:网格员");
    } finally {
      await writeFile(file, text);
    }
  });

  it("are the ones the index was built with when it is loaded, and a stale index is rebuilt", async () => {
    configureTokenizer([]);
    // the lexicon file was restored after the last build: ensureIndex sees the index is stale
    const index = await ensureIndex(config);
    expect(index.manifest.domainWords).toContain("网格员");
    expect(tokenizerDomainWords()).toEqual(index.manifest.domainWords);
    configureTokenizer([]);
    await loadIndex(config);
    expect(tokenizerDomainWords()).toContain("网格员");
  });
});
