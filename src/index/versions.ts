/**
 * Versioned index folders, so that a reader always loads one immutable
 * snapshot: `<INDEX_DIR>/versions/<name>/` holds a complete index and
 * `<INDEX_DIR>/current` names the one being served. A reindex builds
 * `versions/<name>.tmp/`, renames it to `versions/<name>/` and then replaces
 * `current` with one atomic rename. A reader resolves `current` once and reads
 * every file from that folder: it gets the whole old or the whole new version,
 * never a mix (the old layout read the manifest before a swap and the report
 * files after it). A replaced version is marked retired and removed by a later
 * reindex once RETIRE_GRACE_MS have passed, so a process still loading it
 * finishes first.
 *
 * An index built before versions (files directly in INDEX_DIR) is read as is
 * until the first reindex publishes a version; its files are then retired too.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rename, rm, stat, writeFile, utimes, mkdir } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";

/** The pointer file naming the served version. */
export const CURRENT_FILE = "current";
/** The folder holding the versions. */
export const VERSIONS_DIR = "versions";

/**
 * How long a replaced version stays on disk. A process that resolved
 * `current` just before a swap needs the old folder until it has read it:
 * loading takes ~5.5 s at 43k passages; ten minutes is far beyond that and
 * costs little disk (unchanged reports are hard links shared by versions).
 */
export const RETIRE_GRACE_MS = 10 * 60_000;

/** Files and folders of the pre-version layout, directly in INDEX_DIR. */
const LEGACY_ENTRIES = ["manifest.json", "idf.json", "reports", "vectors", "hnsw"];
/** Marker of a retired legacy layout. */
const LEGACY_RETIRED = "legacy.retired";
/** A version name: `<ms since epoch>-<pid>`. */
const VERSION_NAME = /^\d{13}-\d+$/;

/** A fresh version name, sortable by time. */
export function newVersionName(): string {
  return `${Date.now()}-${process.pid}`;
}

/** The folder of the version named `name`. */
export function versionDir(indexDir: string, name: string): string {
  return path.join(indexDir, VERSIONS_DIR, name);
}

/** The name in `current`, or null when there is none (or it is not a version name). */
export async function currentVersionName(indexDir: string): Promise<string | null> {
  try {
    const name = (await readFile(path.join(indexDir, CURRENT_FILE), "utf8")).trim();
    return VERSION_NAME.test(name) ? name : null;
  } catch {
    return null;
  }
}

/**
 * The folder of the served index: the current version, else the legacy
 * layout (INDEX_DIR itself) when it has a manifest, else null (no index).
 */
export async function currentIndexDir(indexDir: string): Promise<string | null> {
  const name = await currentVersionName(indexDir);
  if (name) return versionDir(indexDir, name);
  return existsSync(path.join(indexDir, "manifest.json")) ? indexDir : null;
}

/** The temporary folder a new version is built in (removed by the next run if this one dies). */
export async function startVersion(indexDir: string): Promise<{ name: string; tmp: string }> {
  const name = newVersionName();
  const tmp = `${versionDir(indexDir, name)}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  return { name, tmp };
}

/**
 * Publish a built version: rename its folder into place, mark the served one
 * retired, then point `current` at the new one (write aside, rename: atomic).
 */
export async function publishVersion(indexDir: string, name: string, tmp: string): Promise<void> {
  const dir = versionDir(indexDir, name);
  await rename(tmp, dir);
  const previous = await currentVersionName(indexDir);
  if (previous) await touch(path.join(indexDir, VERSIONS_DIR, `${previous}.retired`));
  else if (existsSync(path.join(indexDir, "manifest.json"))) await touch(path.join(indexDir, LEGACY_RETIRED));
  const draft = path.join(indexDir, `${CURRENT_FILE}.new-${randomUUID()}`);
  await writeFile(draft, `${name}\n`);
  await rename(draft, path.join(indexDir, CURRENT_FILE));
}

async function touch(file: string): Promise<void> {
  const now = new Date();
  await writeFile(file, now.toISOString());
  await utimes(file, now, now);
}

async function ageMs(file: string): Promise<number | null> {
  const st = await stat(file).catch(() => null);
  return st ? Date.now() - st.mtimeMs : null;
}

/**
 * Remove what dead or finished runs left behind. Call only while holding the
 * reindex lock (then no other run is building): every `*.tmp` version and
 * every old-layout `<INDEX_DIR>.tmp-*` / `.old-*` sibling is a leftover (a
 * kill -9 mid-run); a version that is not current is removed once retired for
 * `graceMs`, or at once when it was never published. Returns what was removed.
 */
export async function cleanupVersions(indexDir: string, graceMs: number = RETIRE_GRACE_MS): Promise<string[]> {
  const removed: string[] = [];
  const drop = async (p: string) => {
    await rm(p, { recursive: true, force: true });
    removed.push(p);
  };
  // the old layout's temporary folders, beside INDEX_DIR
  const parent = path.dirname(indexDir);
  const base = path.basename(indexDir);
  for (const n of await readdir(parent).catch(() => [] as string[])) {
    if (n.startsWith(`${base}.tmp-`) || n.startsWith(`${base}.old-`)) await drop(path.join(parent, n));
  }
  for (const n of await readdir(indexDir).catch(() => [] as string[])) {
    if (n.startsWith(`${CURRENT_FILE}.new-`)) await drop(path.join(indexDir, n));
  }
  const current = await currentVersionName(indexDir);
  const vdir = path.join(indexDir, VERSIONS_DIR);
  const names = await readdir(vdir).catch(() => [] as string[]);
  for (const n of names) {
    const full = path.join(vdir, n);
    if (n.endsWith(".tmp")) {
      await drop(full);
      continue;
    }
    if (n.endsWith(".retired")) {
      if (!names.includes(n.slice(0, -".retired".length))) await drop(full);
      continue;
    }
    if (!VERSION_NAME.test(n) || n === current) continue;
    const retiredFor = await ageMs(`${full}.retired`);
    if (retiredFor === null || retiredFor >= graceMs) {
      await drop(full);
      await rm(`${full}.retired`, { force: true });
    }
  }
  // the pre-version layout, once a version replaced it and the grace has passed
  if (current) {
    const legacyAge = await ageMs(path.join(indexDir, LEGACY_RETIRED));
    if (legacyAge !== null && legacyAge >= graceMs) {
      for (const e of LEGACY_ENTRIES) if (existsSync(path.join(indexDir, e))) await drop(path.join(indexDir, e));
      await rm(path.join(indexDir, LEGACY_RETIRED), { force: true });
    }
  }
  return removed;
}
