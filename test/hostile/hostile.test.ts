/**
 * The hostile-input suite (issue 14): each of the ten findings of the probe,
 * on real components — real files, a real index, the real assistant with its
 * reindex child process. Big inputs are generated here, never committed; no
 * test measures time (the bench does).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync, crc32 } from "node:zlib";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { cleanReportName, displayName, MAX_FILE_NAME_BYTES } from "../../src/assistant/report-upload.js";
import { MAX_PASSAGE_CHARS, MAX_SENTENCE_CHARS } from "../../src/chunk/chunk.js";
import { createFeedbackStore } from "../../src/channels/telegram/feedback-store.js";
import { createConfig } from "../../src/config.js";
import { decodeReport } from "../../src/corpus/read.js";
import { loadGazetteer } from "../../src/corpus/regions.js";
import { JicengError } from "../../src/errors.js";
import { analyzeReport, readManifest, reindex } from "../../src/index/build.js";
import { loadIndex } from "../../src/index/load.js";
import { acquireLock } from "../../src/index/lock.js";
import { currentIndexDir } from "../../src/index/versions.js";
import { createLogger } from "../../src/logger.js";
import { createTestAssistant, PROJECT_ROOT } from "../helpers/temp-project.js";

const LEXICON = path.join(PROJECT_ROOT, "data/lexicon");
const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

/** A folder with the shipped reports, an index folder beside it, and the config for both. */
async function indexDirs() {
  const base = await mkdtemp(path.join(tmpdir(), "jiceng-hostile-"));
  temps.push(base);
  await cp(path.join(PROJECT_ROOT, "data/reports"), path.join(base, "reports"), { recursive: true });
  return { base, config: { reportsDir: path.join(base, "reports"), indexDir: path.join(base, "index"), lexiconDir: LEXICON, embeddings: undefined } };
}

/** A minimal zip writer (deflate), enough for .docx files; `declare` overrides the size written in the headers. */
function zip(entries: { name: string; data: Buffer; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflateRawSync(e.data);
    const size = e.declare ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** document.xml of `n` bytes: one paragraph of spaces (deflates about 1000:1). */
function bombXml(n: number): Buffer {
  const head = Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>');
  const tail = Buffer.from("</w:t></w:r></w:p></w:body></w:document>");
  return Buffer.concat([head, Buffer.alloc(n - head.length - tail.length, 0x20), tail]);
}

const noIds = (articles: unknown[]) => articles.map((_, i) => `a${i + 1}`);

describe("1. big and repetitive reports: cost linear, work off the answering path", () => {
  it("one sentence on consecutive lines (a table exported line by line) becomes one passage, not thousands", async () => {
    const line = "碧江区社区网格员共有2468人，负责走访群众和收集民情。\n";
    const text = line.repeat(Math.ceil((2 * 1024 * 1024) / Buffer.byteLength(line))); // 2 MB
    const cache = await analyzeReport(Buffer.from(text), "table.txt", await loadGazetteer(LEXICON), noIds);
    expect(cache.passages).toHaveLength(1);
    expect(cache.repairs.droppedDuplicateParagraphs).toBeGreaterThan(20_000);
    expect(cache.facts).toHaveLength(1);
  });

  it("a report over the passage cap is refused in plain Chinese", async () => {
    const text = Array.from({ length: 300 }, (_, i) => `第${i + 1}行：社区第${i + 1}网格配备网格员${i + 3}人。`).join("\n");
    const error = await analyzeReport(Buffer.from(text), "log.txt", await loadGazetteer(LEXICON), noIds, 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JicengError);
    expect((error as JicengError).userMessage).toMatch(/超过每份报告 200 个段落的上限.*拆成/);
  });

  it("a reindex runs in a child process: questions are answered while it runs", async () => {
    const t = await createTestAssistant();
    temps.push(t.dir);
    let done = false;
    const running = t.assistant.reindex({ full: true }).then((s) => ((done = true), s));
    const answer = await t.assistant.ask("网格员有多少？");
    expect(answer.refused).toBe(false);
    expect(done).toBe(false); // answered before the reindex finished: the event loop was free
    expect((await running).ok).toBe(true);
  });
});

describe("2. zip bombs are bounded before anything inflates", () => {
  it("a .docx whose document.xml declares 300 MB is refused as 文件解压后过大", async () => {
    // declared honestly but never inflated: the central directory alone refuses it
    const bytes = zip([{ name: "word/document.xml", data: bombXml(4 * 1024 * 1024), declare: 300 * 1024 * 1024 }]);
    await expect(decodeReport(bytes, "bomb.docx")).rejects.toMatchObject({ userMessage: expect.stringContaining("文件解压后过大") });
  });

  it("a ratio far above Word's is refused even under the absolute cap", async () => {
    const bytes = zip([{ name: "word/document.xml", data: bombXml(40 * 1024 * 1024) }]); // 40 MB → ~40 kB
    expect(bytes.length).toBeLessThan(200 * 1024);
    await expect(decodeReport(bytes, "bomb.docx")).rejects.toMatchObject({ userMessage: expect.stringContaining("文件解压后过大") });
  });

  it("a zip that lies about its sizes is caught while inflating, with the limit as the bound", async () => {
    const bytes = zip([{ name: "word/document.xml", data: bombXml(2 * 1024 * 1024), declare: 1000 }]);
    await expect(decodeReport(bytes, "liar.docx")).rejects.toMatchObject({ userMessage: expect.stringContaining("文件解压后过大") });
  });
});

describe("3. swap and load are race-free", () => {
  it("readers started during reindexes in a loop each load one whole version, and nothing rejects unhandled", async () => {
    const d = await indexDirs();
    await reindex(d.config);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    const extra = path.join(d.config.reportsDir, "extra.txt");
    const digest = readFileSync(path.join(PROJECT_ROOT, "data/reports", readdirSync(path.join(PROJECT_ROOT, "data/reports"))[0]!), "utf8");
    let stop = false;
    const writer = (async () => {
      // grace 0: a replaced version is deleted at once, the hardest case for a reader
      for (let i = 0; i < 6; i++) {
        if (i % 2 === 0) await writeFile(extra, `# 第${i}期 补充\n\n${digest.slice(0, 3000).replace(/2468/g, String(3000 + i))}`);
        else await rm(extra, { force: true });
        await reindex(d.config, { graceMs: 0 });
      }
      stop = true;
    })();
    const loads: { passages: number; total: number; hashes: boolean }[] = [];
    const reader = (async () => {
      while (!stop) {
        const idx = await loadIndex(d.config);
        loads.push({
          passages: idx.passages.length,
          total: idx.manifest.totals.passages,
          hashes: idx.manifest.reports.every((r) => idx.passages.some((p) => p.reportFile === r.file)),
        });
      }
    })();
    await Promise.all([writer, reader]);
    process.off("unhandledRejection", onUnhandled);
    expect(loads.length).toBeGreaterThan(0);
    for (const l of loads) {
      expect(l.passages).toBe(l.total); // never a manifest of one version with the files of another
      expect(l.hashes).toBe(true);
    }
    expect(unhandled).toEqual([]);
    // only the served version is left (grace 0)
    expect(readdirSync(path.join(d.config.indexDir, "versions")).filter((n) => !n.endsWith(".retired"))).toHaveLength(1);
  }, 60_000);
});

describe("4. a stale lock never blocks reindexing", () => {
  it("`echo 1 > <INDEX_DIR>.lock` (pid 1 is alive: a reused pid) with an old mtime is taken over", async () => {
    const d = await indexDirs();
    const lock = `${d.config.indexDir}.lock`;
    writeFileSync(lock, "1\n");
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(lock, old, old);
    const summary = await reindex(d.config);
    expect(summary.ok).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  it("a fresh lock of a live process still refuses", async () => {
    const d = await indexDirs();
    const release = await acquireLock(d.config.indexDir);
    await expect(reindex(d.config)).rejects.toMatchObject({ name: "ReindexBusyError" });
    await release();
  });
});

describe("5. leftovers of a killed reindex are removed at the next start", () => {
  it("temporary folders of dead runs (old and new layout) go; the served index stays", async () => {
    const d = await indexDirs();
    await reindex(d.config);
    const served = await currentIndexDir(d.config.indexDir);
    // what kill -9 leaves: a half-built version, and the old layout's index.tmp-<pid>-<ts>
    const half = path.join(d.config.indexDir, "versions", `${Date.now()}-999999.tmp`);
    const oldStyle = `${d.config.indexDir}.tmp-999999-${Date.now()}`;
    for (const dir of [half, oldStyle]) {
      mkdirSync(path.join(dir, "reports"), { recursive: true });
      writeFileSync(path.join(dir, "reports", "x.json"), "{}");
    }
    await reindex(d.config);
    expect(existsSync(half)).toBe(false);
    expect(existsSync(oldStyle)).toBe(false);
    expect(existsSync(served!)).toBe(true); // replaced, but inside its grace period
    expect((await readManifest(d.config.indexDir))?.totals.passages).toBeGreaterThan(40);
  });
});

describe("6. one oversized paragraph cannot flood the chat", () => {
  it("a 300,000-character line without punctuation becomes passages of bounded length", async () => {
    const line = "社区网格员走访群众收集民情解决难题".repeat(18_000).slice(0, 300_000);
    const cache = await analyzeReport(Buffer.from(`# 超长段落\n\n${line}\n\n第二段。`), "long.txt", await loadGazetteer(LEXICON), noIds);
    const longest = Math.max(...cache.passages.map((p) => p.text.length));
    expect(longest).toBeLessThanOrEqual(MAX_SENTENCE_CHARS + 60);
    expect(cache.passages.length).toBeGreaterThanOrEqual(300_000 / MAX_SENTENCE_CHARS);
    expect(cache.passages.map((p) => p.text).join("")).toContain(line.slice(0, 5_000));
  });

  it("ordinary long paragraphs still split at sentence ends only", async () => {
    const para = "社区网格员结对联系低保对象。".repeat(60);
    const cache = await analyzeReport(Buffer.from(para), "ok.txt", await loadGazetteer(LEXICON), noIds);
    for (const p of cache.passages) expect(p.text.endsWith("。")).toBe(true);
    expect(Math.max(...cache.passages.map((p) => p.text.length))).toBeLessThanOrEqual(MAX_PASSAGE_CHARS + 60);
  });
});

describe("7. an upload never destroys: the same name waits for confirmation", () => {
  it("nothing changes until confirmReplace; then the new file is live and the backup gone", async () => {
    const t = await createTestAssistant();
    temps.push(t.dir);
    const [file] = readdirSync(t.config.reportsDir);
    const target = path.join(t.config.reportsDir, file!);
    const before = readFileSync(target);
    const passagesBefore = t.assistant.info().passages;
    const replacement = Buffer.from("# 新版报告\n\n碧江区新增专职网格员5000人，负责走访群众。\n");
    const held = await t.assistant.addReport(file!, replacement);
    expect(held.needsConfirmation?.token).toMatch(/^[0-9a-f]{16}$/);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(t.assistant.info().passages).toBe(passagesBefore);
    await expect(t.assistant.confirmReplace("0000000000000000")).rejects.toMatchObject({ userMessage: expect.stringContaining("没有做任何改动") });
    const done = await t.assistant.confirmReplace(held.needsConfirmation!.token);
    expect(done.replaced).toBe(true);
    expect(readFileSync(target).equals(replacement)).toBe(true);
    expect(readdirSync(t.config.reportsDir).filter((n) => n.includes(".bak-"))).toEqual([]);
    expect(t.assistant.info().passages).toBe(1);
    // a token is used once
    await expect(t.assistant.confirmReplace(held.needsConfirmation!.token)).rejects.toBeInstanceOf(JicengError);
  }, 30_000);

  it("a bad replacement, confirmed, changes nothing: the old file comes back from its backup", async () => {
    const t = await createTestAssistant();
    temps.push(t.dir);
    const [file] = readdirSync(t.config.reportsDir);
    const target = path.join(t.config.reportsDir, file!);
    const before = readFileSync(target);
    const held = await t.assistant.addReport(file!, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x20, 0x00, 0x07]));
    await expect(t.assistant.confirmReplace(held.needsConfirmation!.token)).rejects.toMatchObject({ userMessage: expect.stringContaining("二进制") });
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(readdirSync(t.config.reportsDir)).toEqual([file]);
    expect((await t.assistant.ask("网格员有多少？")).refused).toBe(false);
  }, 30_000);
});

describe("8. votes are bound to their message", () => {
  it("a vote forged from another chat or message is not recorded", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "jiceng-votes-"));
    temps.push(dir);
    const store = createFeedbackStore(dir);
    const id = await store.recordAnswer({ chatId: 1001, userId: 1001, question: "问", answer: "答", refused: false, citationIds: [] });
    await store.attachMessage(id, 55);
    expect(await store.vote(id, 2002, false, { chatId: 2002, messageId: 55 })).toBe("elsewhere");
    expect(await store.vote(id, 1001, false, { chatId: 1001, messageId: 56 })).toBe("elsewhere");
    expect(await store.vote(id + 1, 1001, false, { chatId: 1001, messageId: 55 })).toBe("unknown");
    expect(await store.totals()).toEqual({ up: 0, down: 0 });
    expect(await store.vote(id, 1001, true, { chatId: 1001, messageId: 55 })).toBe("recorded");
    expect(await store.totals()).toEqual({ up: 1, down: 0 });
    await store.close();
  });
});

describe("9. every configured secret is redacted by value", () => {
  it("an upstream error echoing the LLM key, and a database password, never reach a log line", () => {
    const key = "sk-proj-Zq81xYtest0therShape_9f";
    const config = createConfig(
      {
        LLM_BASE_URL: "http://127.0.0.1:1/v1",
        LLM_MODEL: "m",
        LLM_API_KEY: key,
        EMBEDDINGS_API_KEY: "emb-key-123456",
        WECOM_BOT_SECRET: "wecom-secret-abcdef",
        REDIS_URL: "redis://default:r3d!s%40pass@127.0.0.1:6379",
        DATABASE_URL: "postgres://jiceng:pg-pass-778899@db/jiceng",
      },
      "/tmp",
    );
    const lines: string[] = [];
    const logger = createLogger("info", { secrets: config.secrets, destination: { write: (l: string) => lines.push(l) } });
    logger.error({ err: { message: `500 upstream failure; you sent Bearer ${key}` } }, "llm failed");
    logger.warn(`redis at redis://default:r3d!s%40pass@127.0.0.1:6379 and pg-pass-778899 and "wecom-secret-abcdef" and emb-key-123456`);
    const all = lines.join("");
    for (const secret of [key, "r3d!s%40pass", "r3d!s@pass", "pg-pass-778899", "wecom-secret-abcdef", "emb-key-123456"]) expect(all).not.toContain(secret);
    expect(all).toContain("[redacted]");
    expect(all).toContain("500 upstream failure");
  });
});

describe("10. odd encodings, names and arguments get their own message", () => {
  it("UTF-16 without a BOM is read as text, not called binary", async () => {
    const text = "# 标题\n\n碧江区共有网格员2468人。\n";
    for (const enc of ["utf-16le", "utf-16be"] as const) {
      const decoded = await decodeReport(iconv.encode(text, enc), "u16.txt");
      expect(decoded.encoding).toBe(enc);
      expect(decoded.text).toBe(text);
    }
    await expect(decodeReport(Buffer.from([0x00, 0x00, 0x61, 0x00, 0x00, 0x62, 0x01, 0x00]), "bin.txt")).rejects.toMatchObject({
      userMessage: expect.stringContaining("二进制"),
    });
  });

  it("a 300-character file name is refused for being too long; bidi controls are stripped", () => {
    const long = `${"很长的文件名".repeat(50)}.txt`;
    expect(() => cleanReportName(long)).toThrow(JicengError);
    try {
      cleanReportName(long);
    } catch (e) {
      expect((e as JicengError).userMessage).toContain("文件名太长");
    }
    expect(Buffer.byteLength(cleanReportName(`${"名".repeat(60)}.txt`))).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(cleanReportName("报告\u202Etxt.exe\u202C.txt")).toBe("报告txt.exe.txt");
    expect(displayName("a\u2066b\u200fc\u0007")).toBe("abc");
  });
});
