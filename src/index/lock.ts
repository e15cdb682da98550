/**
 * One reindex at a time per index folder, across processes and hosts (the bot
 * and a CLI `reindex`, possibly on another machine sharing INDEX_DIR):
 * `<INDEX_DIR>.lock` holds its owner as JSON `{pid, host, startedAt}`.
 *
 * Taking the lock is atomic: the owner info is written to a private temporary
 * file first and then `link`ed into place, which fails with EEXIST when the lock
 * is held, so the lock file never exists without its owner in it. While it runs
 * the owner refreshes the lock's mtime (a heartbeat).
 *
 * A lock is stale, and taken over, when
 * - it has not been refreshed for STALE_AFTER_MS, whatever its pid says;
 * - it comes from this host and its pid is not alive;
 * - it is empty or unreadable and older than UNREADABLE_GRACE_MS.
 * A lock from another host is never judged by a local pid.
 */
import { link, mkdir, open, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { ReindexBusyError } from "../errors.js";

/** How often the owner refreshes the lock's mtime. */
export const HEARTBEAT_MS = 5_000;

/**
 * A lock not refreshed for this long is stale. Well above HEARTBEAT_MS because
 * the heartbeat is a timer: the longest synchronous step of a reindex (the HNSW
 * graph build, ~16 s at 43k passages) blocks it.
 */
export const STALE_AFTER_MS = 120_000;

/**
 * An empty or unreadable lock younger than this counts as held: it may be a
 * lock being written by an older version (which created the file, then wrote
 * its pid) or a file system that shows a new file before its content.
 */
export const UNREADABLE_GRACE_MS = 5_000;

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the owner took the lock. */
  startedAt: string;
}

/** True when a process with this pid is alive on this machine. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The owner written in a lock file, or null when it cannot be read. A bare
 * number is the pid an older version wrote (always on this host).
 */
export function parseLockOwner(text: string): LockOwner | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t), host: os.hostname(), startedAt: "" };
  try {
    const o = JSON.parse(t) as Partial<LockOwner>;
    if (typeof o.pid === "number" && typeof o.host === "string") return { pid: o.pid, host: o.host, startedAt: String(o.startedAt ?? "") };
  } catch {
    // not JSON: unreadable
  }
  return null;
}

/**
 * Whether a lock is still held, from its owner (null: unreadable) and its age
 * since the last heartbeat. Pure, so every rule is testable.
 */
export function lockIsHeld(owner: LockOwner | null, ageMs: number, here: { host: string; isAlive: (pid: number) => boolean }): boolean {
  if (ageMs > STALE_AFTER_MS) return false;
  if (!owner) return ageMs < UNREADABLE_GRACE_MS;
  if (owner.host !== here.host) return true;
  return owner.pid > 0 && here.isAlive(owner.pid);
}

/** The lock as found: owner, age and identity (inode), read from one open file. */
async function inspect(lock: string): Promise<{ owner: LockOwner | null; ageMs: number; ino: number } | null> {
  let fh;
  try {
    fh = await open(lock, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const st = await fh.stat();
    const text = await fh.readFile("utf8").catch(() => "");
    return { owner: parseLockOwner(text), ageMs: Date.now() - st.mtimeMs, ino: st.ino };
  } finally {
    await fh.close();
  }
}

/**
 * Move a stale lock out of the way. It is renamed aside first and checked to be
 * the very file judged stale (same inode): if another process replaced it in
 * between, that fresh lock is put back and the caller is refused.
 */
async function takeOver(lock: string, judgedIno: number): Promise<void> {
  const aside = `${lock}.stale-${randomUUID()}`;
  try {
    await rename(lock, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // someone else removed it
    throw error;
  }
  try {
    if ((await stat(aside)).ino !== judgedIno) {
      await link(aside, lock).catch(() => undefined); // a newer owner may hold it again already
      throw new ReindexBusyError("lock replaced while taking it over");
    }
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * Take the reindex lock of `indexDir`, or throw ReindexBusyError. Returns the
 * release function; until it is called the lock's mtime is refreshed every
 * HEARTBEAT_MS.
 */
export async function acquireLock(indexDir: string): Promise<() => Promise<void>> {
  const lock = `${indexDir}.lock`;
  await mkdir(path.dirname(lock), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const draft = `${lock}.new-${randomUUID()}`;
  await writeFile(draft, JSON.stringify(owner));
  try {
    // a stale lock is taken over once; a second EEXIST means another run won the race
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, lock);
        return holding(lock);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const found = await inspect(lock);
      if (!found) continue; // released in between
      if (lockIsHeld(found.owner, found.ageMs, { host: os.hostname(), isAlive })) {
        const who = found.owner ? `process ${found.owner.pid} on ${found.owner.host}` : "owner unreadable";
        throw new ReindexBusyError(who);
      }
      await takeOver(lock, found.ino);
    }
    throw new ReindexBusyError("lost the race for the lock");
  } finally {
    await rm(draft, { force: true });
  }
}

/** Heartbeat and release of a lock we hold; both leave alone a lock that is no longer ours. */
async function holding(lock: string): Promise<() => Promise<void>> {
  const ino = (await stat(lock)).ino;
  const ours = async () => (await stat(lock).catch(() => null))?.ino === ino;
  const timer = setInterval(() => {
    void ours()
      .then((yes) => (yes ? utimes(lock, new Date(), new Date()) : undefined))
      .catch(() => undefined); // a missed beat is harmless: the next one comes in HEARTBEAT_MS
  }, HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    if (await ours()) await rm(lock, { force: true });
  };
}
