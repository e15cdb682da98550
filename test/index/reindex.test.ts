/**
 * Reindex on a temp copy of data/reports + data/lexicon: a full build, incremental
 * updates by content hash, a failed reindex keeping the old index, GBK reports,
 * and article ids that stay stable when a later report is about the same place.
 * The steps build on each other, in order.
 */
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IndexError, JicengError } from "../../src/errors.js";
import { readManifest, reindex } from "../../src/index/build.js";
import { ensureIndex, loadIndex, type LoadedIndex } from "../../src/index/load.js";
import { PIPELINE_VERSION, type Manifest, type ReindexSummary } from "../../src/index/types.js";
import { tokenize } from "../../src/text/tokenize.js";
import { currentIndexDir } from "../../src/index/versions.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIGEST = "tongren-governance-digest.txt";
/** Sorts before the digest by name, so only first-indexed order can keep `bijiang` for the digest. */
const EXTRA = "bijiang-more.txt";

const EXTRA_TEXT = [
  "# 碧江区：“积分超市”激发居民参与热情",
  "",
  "灯塔记",
  "",
  "近年来,碧江区在灯塔街道试点社区“积分超市”,居民参加志愿服务、垃圾分类可以获得积分,凭积分兑换生活用品。",
  "",
  "## 积分兑换 激发参与",
  "",
  "截至目前,试点社区累计兑换生活用品3000余件,参与居民达到1200余人。",
  "",
].join("\n");

interface Dirs {
  base: string;
  reportsDir: string;
  indexDir: string;
  lexiconDir: string;
}

const cleanup: string[] = [];

async function makeDirs(): Promise<Dirs> {
  const base = await mkdtemp(path.join(tmpdir(), "jiceng-reindex-"));
  cleanup.push(base);
  const reportsDir = path.join(base, "reports");
  const lexiconDir = path.join(base, "lexicon");
  await cp(path.join(root, "data/reports"), reportsDir, { recursive: true });
  await cp(path.join(root, "data/lexicon"), lexiconDir, { recursive: true });
  return { base, reportsDir, indexDir: path.join(base, "index"), lexiconDir };
}

const configOf = (d: Dirs) => ({ reportsDir: d.reportsDir, indexDir: d.indexDir, lexiconDir: d.lexiconDir, embeddings: undefined });

async function manifestOf(d: Dirs): Promise<Manifest> {
  const m = await readManifest(d.indexDir);
  if (!m) throw new Error("no manifest");
  return m;
}

function reportOf(m: Manifest, file: string): Manifest["reports"][number] {
  const r = m.reports.find((x) => x.file === file);
  if (!r) throw new Error(`${file} not in manifest`);
  return r;
}

/** Only the index folder is left next to it: no temp or old folders from the swap. */
async function expectNoLeftovers(d: Dirs): Promise<void> {
  const names = (await readdir(d.base)).filter((n) => n.startsWith("index"));
  expect(names).toEqual(["index"]);
  expect((await readdir(path.join(d.indexDir, "versions"))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
}

/** The folder of the version being served. */
async function served(d: Dirs): Promise<string> {
  const dir = await currentIndexDir(d.indexDir);
  expect(dir).not.toBeNull();
  return dir!;
}

/** BM25 top passages for a query, over the loaded index. */
function bm25Top(index: LoadedIndex, query: string, k = 3) {
  const terms = new Map<string, number>();
  for (const t of tokenize(query)) terms.set(t, (terms.get(t) ?? 0) + 1);
  return index.bm25.search(terms, k).map((s) => index.passages[s.doc]!);
}

afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe("reindex, step by step", () => {
  let d: Dirs;
  let first: ReindexSummary;
  let digestPassages: number;

  beforeAll(async () => {
    d = await makeDirs();
  });

  it("builds the full index from scratch", async () => {
    first = await reindex(configOf(d));
    expect(first.ok).toBe(true);
    expect(first.reports).toBe(1);
    expect(first.articles).toBe(4);
    expect(first.passages).toBeGreaterThan(40);
    expect(first.facts).toBeGreaterThan(80);
    expect(first.added).toEqual([DIGEST]);
    expect(first.changed).toEqual([]);
    expect(first.removed).toEqual([]);
    expect(first.embedded).toBe(first.passages);
    expect(first.reusedVectors).toBe(0);
    expect(first.idfRefit).toBe(true);

    const m = await manifestOf(d);
    const r = reportOf(m, DIGEST);
    expect(r.encoding).toBe("utf-8");
    expect(r.articleIds).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
    expect(m.totals).toEqual({ reports: 1, articles: 4, passages: first.passages, facts: first.facts });
    expect(m.embedder.kind).toBe("hashing");
    for (const f of ["manifest.json", "idf.json", `reports/${r.hash}.json`, "hnsw/hnswlib.index", "hnsw/docstore.json", "hnsw/args.json"]) {
      expect(existsSync(path.join(await served(d), f)), f).toBe(true);
    }
    expect((await readdir(path.join(await served(d), "vectors"))).filter((n) => n.startsWith(r.hash))).toHaveLength(1);
    digestPassages = r.passages;
    await expectNoLeftovers(d);
  });

  it("loads what it built: passages, facts, BM25 and the vector store", async () => {
    const index = await loadIndex(configOf(d));
    expect(index.passages).toHaveLength(first.passages);
    expect(index.facts).toHaveLength(first.facts);
    expect(index.articles.map((a) => a.id)).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
    expect(index.position.get("bijiang:2.3")).toBeDefined();
    const [top] = bm25Top(index, "专兼职网格员有多少");
    expect(top?.id).toBe("bijiang:2.3");
    const docs = await index.vectorStore.similaritySearch("社区工作者平均报酬 一肩挑", 3);
    expect(docs.map((doc) => doc.metadata.id)).toContain("bijiang:4.1");
  });

  it("an unchanged reindex embeds nothing and reuses every vector", async () => {
    const before = await manifestOf(d);
    const s = await reindex(configOf(d));
    expect(s.embedded).toBe(0);
    expect(s.reusedVectors).toBe(first.passages);
    expect(s.unchanged).toEqual([DIGEST]);
    expect(s.added).toEqual([]);
    expect(s.changed).toEqual([]);
    expect(s.removed).toEqual([]);
    expect(s.idfRefit).toBe(false);
    const after = await manifestOf(d);
    expect(after.reports).toEqual(before.reports);
    expect(after.idf).toEqual(before.idf);
    await expectNoLeftovers(d);
  });

  it("a GBK report added later is indexed, searchable, and its 碧江 article gets bijiang-2 while the digest keeps bijiang", async () => {
    await writeFile(path.join(d.reportsDir, EXTRA), iconv.encode(EXTRA_TEXT, "gbk"));
    const s = await reindex(configOf(d));
    expect(s.added).toEqual([EXTRA]);
    expect(s.unchanged).toEqual([DIGEST]);
    expect(s.reusedVectors).toBe(digestPassages);
    const m = await manifestOf(d);
    const extra = reportOf(m, EXTRA);
    expect(extra.encoding).toBe("gb18030");
    expect(s.embedded).toBe(extra.passages);
    expect(reportOf(m, DIGEST).articleIds).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
    expect(extra.articleIds).toEqual(["bijiang-2"]);

    const index = await loadIndex(configOf(d));
    const article = index.articles.find((a) => a.id === "bijiang-2")!;
    expect(article.title).toBe("碧江区：“积分超市”激发居民参与热情");
    expect(article.byline).toBe("灯塔记");
    expect(article.region?.slug).toBe("bijiang");
    const [top] = bm25Top(index, "积分超市怎么兑换生活用品");
    expect(top?.articleId).toBe("bijiang-2");
    expect(top?.text).toContain("积分超市");
    const docs = await index.vectorStore.similaritySearch("积分超市 兑换生活用品", 3);
    expect(String(docs[0]?.metadata.id)).toMatch(/^bijiang-2:/);
    expect(index.facts.find((f) => f.raw === "3000余件")).toMatchObject({ value: 3000, approx: "余", region: "碧江区" });
    // the digest's passages kept their citation ids
    expect(index.position.has("bijiang:2.3")).toBe(true);
    expect(index.passages.find((p) => p.id === "bijiang:2.3")?.text).toContain("2468人");
  });

  it("changing one report re-embeds only that report; ids stay where they were", async () => {
    const changed = `${EXTRA_TEXT}\n兑换活动每月举办一次,居民参与热情持续高涨。\n`;
    await writeFile(path.join(d.reportsDir, EXTRA), iconv.encode(changed, "gbk"));
    const s = await reindex(configOf(d));
    expect(s.changed).toEqual([EXTRA]);
    expect(s.unchanged).toEqual([DIGEST]);
    expect(s.added).toEqual([]);
    const m = await manifestOf(d);
    expect(s.embedded).toBe(reportOf(m, EXTRA).passages);
    expect(s.reusedVectors).toBe(digestPassages);
    expect(reportOf(m, DIGEST).articleIds).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
    expect(reportOf(m, EXTRA).articleIds).toEqual(["bijiang-2"]);
    const index = await loadIndex(configOf(d));
    expect(index.passages.some((p) => p.text.includes("兑换活动每月举办一次"))).toBe(true);
    await expectNoLeftovers(d);
  });

  it("changing the first report keeps its ids and reuses the later report's vectors", async () => {
    const file = path.join(d.reportsDir, DIGEST);
    const original = await readFile(file);
    await writeFile(file, Buffer.concat([original, Buffer.from("\n碧江区持续深化党建引领基层治理。\n")]));
    try {
      const s = await reindex(configOf(d));
      expect(s.changed).toEqual([DIGEST]);
      expect(s.unchanged).toEqual([EXTRA]);
      const m = await manifestOf(d);
      expect(s.embedded).toBe(reportOf(m, DIGEST).passages);
      expect(s.reusedVectors).toBe(reportOf(m, EXTRA).passages);
      expect(reportOf(m, DIGEST).articleIds).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
      expect(reportOf(m, EXTRA).articleIds).toEqual(["bijiang-2"]);
    } finally {
      await writeFile(file, original);
    }
    const back = await reindex(configOf(d));
    expect(back.changed).toEqual([DIGEST]);
    expect(reportOf(await manifestOf(d), DIGEST).passages).toBe(digestPassages);
  });

  it("a heading-less report is one article titled by its file name", async () => {
    await writeFile(path.join(d.reportsDir, "院坝会.md"), "近年来,江口县推行“院坝会”议事机制,群众的事群众商量着办。\n\n全县各村每月召开一次院坝会。\n");
    const s = await reindex(configOf(d));
    expect(s.added).toEqual(["院坝会.md"]);
    const r = reportOf(await manifestOf(d), "院坝会.md");
    expect(r.title).toBe("院坝会");
    expect(r.reportId).toMatch(/^r-[0-9a-f]{8}$/);
    expect(r.articleIds).toEqual(["jiangkou"]);
    const index = await loadIndex(configOf(d));
    expect(index.articles.find((a) => a.id === "jiangkou")?.title).toBe("院坝会");
  });

  it("removing reports drops their passages and re-embeds nothing", async () => {
    await rm(path.join(d.reportsDir, "院坝会.md"));
    await rm(path.join(d.reportsDir, EXTRA));
    const s = await reindex(configOf(d));
    expect(s.removed.sort()).toEqual([EXTRA, "院坝会.md"].sort());
    expect(s.unchanged).toEqual([DIGEST]);
    expect(s.embedded).toBe(0);
    expect(s.passages).toBe(digestPassages);
    const index = await loadIndex(configOf(d));
    expect(index.articles.map((a) => a.id)).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
    expect(index.passages.some((p) => p.articleId === "bijiang-2" || p.articleId === "jiangkou")).toBe(false);
    expect(bm25Top(index, "积分超市").every((p) => !p.text.includes("积分超市"))).toBe(true);
    await expectNoLeftovers(d);
  });

  describe("a failed reindex names the file and leaves the previous index in place", () => {
    async function expectFailureKeepsIndex(file: string, write: () => Promise<void>) {
      const before = await manifestOf(d);
      const beforeJson = await readFile(path.join(await served(d), "manifest.json"), "utf8");
      await write();
      try {
        const error = await reindex(configOf(d)).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(JicengError);
        const e = error as JicengError;
        expect(e.message).toContain(file);
        expect(e.userMessage).toContain(file);
        expect(e.userMessage).toMatch(/[\u4e00-\u9fff]/u);
        const after = await manifestOf(d);
        expect(after.builtAt).toBe(before.builtAt);
        expect(await readFile(path.join(await served(d), "manifest.json"), "utf8")).toBe(beforeJson);
        const index = await loadIndex(configOf(d));
        expect(index.passages).toHaveLength(before.totals.passages);
        expect(bm25Top(index, "专兼职网格员")[0]?.id).toBe("bijiang:2.3");
        await expectNoLeftovers(d);
      } finally {
        await rm(path.join(d.reportsDir, file), { recursive: true, force: true });
      }
    }

    it("a binary .txt", async () => {
      await expectFailureKeepsIndex("broken.txt", () =>
        writeFile(path.join(d.reportsDir, "broken.txt"), Buffer.concat([Buffer.from("碧江区"), Buffer.alloc(32), Buffer.from([0xff, 0xd8, 0xff, 0xe0])])),
      );
    });

    it("an empty .md", async () => {
      await expectFailureKeepsIndex("empty.md", () => writeFile(path.join(d.reportsDir, "empty.md"), ""));
    });

    it("a .txt that cannot be read at all (a folder)", async () => {
      await expectFailureKeepsIndex("folder.txt", () => mkdir(path.join(d.reportsDir, "folder.txt")));
    });

    it("a .txt in an unknown encoding", async () => {
      await expectFailureKeepsIndex("garbage.txt", () => writeFile(path.join(d.reportsDir, "garbage.txt"), new Uint8Array(300).fill(0xff)));
    });

    it("after the bad file is gone, reindex works again and embeds nothing", async () => {
      const s = await reindex(configOf(d));
      expect(s.embedded).toBe(0);
      expect(s.unchanged).toEqual([DIGEST]);
    });
  });

  it("--full re-embeds everything and refits IDF, with the same ids", async () => {
    const s = await reindex(configOf(d), { full: true });
    expect(s.embedded).toBe(digestPassages);
    expect(s.reusedVectors).toBe(0);
    expect(s.idfRefit).toBe(true);
    // a full rebuild still reports what changed against the index it replaces
    expect(s.unchanged).toEqual([DIGEST]);
    expect(s.added).toEqual([]);
    expect(reportOf(await manifestOf(d), DIGEST).articleIds).toEqual(["bijiang", "sinan", "yuping", "wanshan"]);
    await expectNoLeftovers(d);
  });
});

describe("the whole digest saved as GBK", () => {
  it("indexes to exactly the same passages and facts as the UTF-8 file", async () => {
    const utf8 = await makeDirs();
    const gbk = await makeDirs();
    const text = await readFile(path.join(utf8.reportsDir, DIGEST), "utf8");
    await writeFile(path.join(gbk.reportsDir, DIGEST), iconv.encode(text, "gbk"));
    await reindex(configOf(utf8));
    await reindex(configOf(gbk));
    const a = await loadIndex(configOf(utf8));
    const b = await loadIndex(configOf(gbk));
    expect(reportOf(b.manifest, DIGEST).encoding).toBe("gb18030");
    expect(b.passages.map((p) => [p.id, p.text])).toEqual(a.passages.map((p) => [p.id, p.text]));
    expect(b.facts.map((f) => [f.raw, f.label, f.region])).toEqual(a.facts.map((f) => [f.raw, f.label, f.region]));
    const [top] = bm25Top(b, "红色物业 蓝色港湾小区 三方联动");
    expect(top?.articleId).toBe("sinan");
  });
});

describe("a reports folder with nothing to index", () => {
  it("fails with a Chinese message and writes no index", async () => {
    const d = await makeDirs();
    await rm(d.reportsDir, { recursive: true });
    await mkdir(d.reportsDir);
    await writeFile(path.join(d.reportsDir, "notes.pdf"), "x");
    await expect(reindex(configOf(d))).rejects.toMatchObject({ userMessage: expect.stringMatching(/没有/) });
    expect(await currentIndexDir(d.indexDir)).toBeNull();
    expect(existsSync(path.join(d.indexDir, "versions")) ? await readdir(path.join(d.indexDir, "versions")) : []).toEqual([]);
    expect((await readdir(d.base)).filter((n) => n.startsWith("index") && n !== "index")).toEqual([]);
  });
});

describe("loading", () => {
  it("a missing index is an IndexError with a Chinese message; ensureIndex builds it", async () => {
    const d = await makeDirs();
    const error = await loadIndex(configOf(d)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).userMessage).toMatch(/reindex/);
    const index = await ensureIndex(configOf(d));
    expect(index.passages.length).toBeGreaterThan(40);
    expect(index.manifest.pipelineVersion).toBe(PIPELINE_VERSION);
  });

  it("ensureIndex rebuilds an index made by an older pipeline", async () => {
    const d = await makeDirs();
    await reindex(configOf(d));
    const file = path.join(await served(d), "manifest.json");
    const old = JSON.parse(await readFile(file, "utf8")) as Manifest;
    await writeFile(file, JSON.stringify({ ...old, pipelineVersion: PIPELINE_VERSION - 1 }));
    const index = await ensureIndex(configOf(d));
    expect(index.manifest.pipelineVersion).toBe(PIPELINE_VERSION);
    expect(index.manifest.builtAt).not.toBe(old.builtAt);
  });

  it("a broken index (a report cache missing) is an IndexError asking for a reindex", async () => {
    const d = await makeDirs();
    await reindex(configOf(d));
    const m = await manifestOf(d);
    await rm(path.join(await served(d), "reports", `${m.reports[0]!.hash}.json`));
    await expect(loadIndex(configOf(d))).rejects.toMatchObject({ name: "IndexError", userMessage: expect.stringMatching(/损坏/) });
    // the next reindex repairs it
    await reindex(configOf(d));
    expect((await loadIndex(configOf(d))).passages).toHaveLength(m.totals.passages);
  });
});
