/** One reindex at a time per index folder, across processes and hosts. */
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IndexError } from "../../src/errors.js";
import { reindex } from "../../src/index/build.js";
import { acquireLock, lockIsHeld, parseLockOwner, STALE_AFTER_MS, UNREADABLE_GRACE_MS } from "../../src/index/lock.js";
import { REINDEX_BUSY_MESSAGE, ReindexBusyError } from "../../src/errors.js";
import { createTempProject } from "../helpers/temp-project.js";

let p: ReturnType<typeof createTempProject>;
beforeEach(() => {
  p = createTempProject();
});
afterEach(() => p.cleanup());

describe("reindex lock", () => {
  it("refuses while another live process holds the lock, and says so in Chinese", async () => {
    writeFileSync(`${p.config.indexDir}.lock`, String(process.ppid));
    const error = await reindex(p.config).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).userMessage).toContain("正在进行");
    expect(existsSync(`${p.config.indexDir}/current`)).toBe(false);
  });

  it("takes over a lock whose process is gone, and releases it when done", async () => {
    writeFileSync(`${p.config.indexDir}.lock`, "2147483646");
    const s = await reindex(p.config);
    expect(s.ok).toBe(true);
    expect(existsSync(`${p.config.indexDir}.lock`)).toBe(false);
  });

  it("refuses a second reindex of the same folder started while the first runs", async () => {
    // the second starts once the first reports progress, i.e. holds the lock (a no-change
    // reindex can otherwise finish before the second one even tries)
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    const first = reindex(p.config, { full: true, onProgress: () => running() });
    await started;
    const second = await reindex(p.config).then(
      () => null,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(IndexError);
    expect((await first).ok).toBe(true);
  });
});

describe("reindex lock: atomic, with host and heartbeat", () => {
  it("ten reindexes of one folder started at once: exactly one runs, the rest are refused as busy", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => reindex(p.config)));
      const ran = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ran).toHaveLength(1);
      expect(refused).toHaveLength(9);
      for (const r of refused) {
        expect(r.reason).toBeInstanceOf(ReindexBusyError);
        expect((r.reason as ReindexBusyError).userMessage).toBe(REINDEX_BUSY_MESSAGE);
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(existsSync(`${p.config.indexDir}.lock`)).toBe(false);
      expect(readdirSync(path.dirname(p.config.indexDir)).filter((n) => n.includes(".lock"))).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("writes its owner (pid, host, start time) into the lock the moment it exists", async () => {
    const release = await acquireLock(p.config.indexDir);
    try {
      const owner = parseLockOwner(readFileSync(`${p.config.indexDir}.lock`, "utf8"));
      expect(owner).toMatchObject({ pid: process.pid, host: os.hostname() });
      expect(Number.isNaN(Date.parse(owner!.startedAt))).toBe(false);
    } finally {
      await release();
    }
    expect(existsSync(`${p.config.indexDir}.lock`)).toBe(false);
  });

  it("an empty lock is held while young and taken over once old", async () => {
    const lock = `${p.config.indexDir}.lock`;
    writeFileSync(lock, "");
    await expect(acquireLock(p.config.indexDir)).rejects.toBeInstanceOf(ReindexBusyError);
    const old = new Date(Date.now() - UNREADABLE_GRACE_MS - 1000);
    utimesSync(lock, old, old);
    const release = await acquireLock(p.config.indexDir);
    await release();
  });

  it("a lock from another host is held though no local process has its pid, until it misses its heartbeat", async () => {
    const lock = `${p.config.indexDir}.lock`;
    writeFileSync(lock, JSON.stringify({ pid: 2147483646, host: `${os.hostname()}-elsewhere`, startedAt: new Date().toISOString() }));
    await expect(acquireLock(p.config.indexDir)).rejects.toBeInstanceOf(ReindexBusyError);
    const old = new Date(Date.now() - STALE_AFTER_MS - 1000);
    utimesSync(lock, old, old);
    const release = await acquireLock(p.config.indexDir);
    await release();
  });

  describe("lockIsHeld", () => {
    const here = { host: "here", isAlive: (pid: number) => pid === 7 };
    const owner = (pid: number, host = "here") => ({ pid, host, startedAt: "" });
    it("same host: the pid decides while the heartbeat is fresh", () => {
      expect(lockIsHeld(owner(7), 0, here)).toBe(true);
      expect(lockIsHeld(owner(8), 0, here)).toBe(false);
    });
    it("a lock not refreshed for STALE_AFTER_MS is stale whatever its pid says", () => {
      expect(lockIsHeld(owner(7), STALE_AFTER_MS + 1, here)).toBe(false);
      expect(lockIsHeld(owner(8, "there"), STALE_AFTER_MS + 1, here)).toBe(false);
    });
    it("another host: held while fresh, never judged by a local pid", () => {
      expect(lockIsHeld(owner(8, "there"), 0, here)).toBe(true);
      expect(lockIsHeld(owner(7, "there"), STALE_AFTER_MS - 1, here)).toBe(true);
    });
    it("unreadable: held only while younger than UNREADABLE_GRACE_MS", () => {
      expect(lockIsHeld(null, UNREADABLE_GRACE_MS - 1, here)).toBe(true);
      expect(lockIsHeld(null, UNREADABLE_GRACE_MS + 1, here)).toBe(false);
    });
    it("reads the JSON owner and an older version's bare pid (always this host)", () => {
      expect(parseLockOwner('{"pid":5,"host":"h","startedAt":"t"}')).toEqual({ pid: 5, host: "h", startedAt: "t" });
      expect(parseLockOwner("123\n")).toMatchObject({ pid: 123, host: os.hostname() });
      expect(parseLockOwner("")).toBeNull();
      expect(parseLockOwner("{garbage")).toBeNull();
    });
  });
});
