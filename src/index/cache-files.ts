/**
 * One report's cached analysis on disk: `reports/<hash>.json` (articles,
 * passages, facts) and `reports/<hash>.tokens.json` (retrieval tokens), kept
 * apart so loading can stream tokens into BM25 one report at a time.
 */
import { copyFile, link, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import type { GazetteerEntry } from "../corpus/regions.js";
import type { ReportCache } from "./types.js";

/**
 * Fingerprint of the lexicon files a report's cached analysis depends on: the
 * domain words (its tokens) and the gazetteer (its articles' regions, its
 * facts' regions). Recorded in the manifest; when it changes, cached reports
 * are analysed again, as when PIPELINE_VERSION changes.
 */
export function lexiconKeyOf(domainWords: readonly string[], gazetteer: readonly GazetteerEntry[]): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(domainWords));
  h.update(JSON.stringify(gazetteer));
  return h.digest("hex").slice(0, 16);
}

/** Paths of a report's cache files inside an index folder. */
export function cachePaths(indexDir: string, hash: string): { meta: string; tokens: string } {
  return { meta: path.join(indexDir, "reports", `${hash}.json`), tokens: path.join(indexDir, "reports", `${hash}.tokens.json`) };
}

/** True when both cache files of a report exist. */
export function hasReportCache(indexDir: string, hash: string): boolean {
  const p = cachePaths(indexDir, hash);
  return existsSync(p.meta) && existsSync(p.tokens);
}

/** Write a report's cache (tokens to their own file). */
export async function writeReportCache(indexDir: string, cache: ReportCache): Promise<void> {
  const p = cachePaths(indexDir, cache.hash);
  await mkdir(path.dirname(p.meta), { recursive: true });
  const { tokens, ...meta } = cache;
  await writeFile(p.meta, JSON.stringify(meta));
  await writeFile(p.tokens, JSON.stringify(tokens));
}

/** Read a report's cache; without `tokens` the token lists are left empty. */
export async function readReportCache(indexDir: string, hash: string, withTokens: boolean): Promise<ReportCache> {
  const p = cachePaths(indexDir, hash);
  const meta = JSON.parse(await readFile(p.meta, "utf8")) as Omit<ReportCache, "tokens">;
  const tokens = withTokens ? (JSON.parse(await readFile(p.tokens, "utf8")) as string[][]) : [];
  return { ...meta, tokens };
}

/** Read only a report's tokens. */
export async function readReportTokens(indexDir: string, hash: string): Promise<string[][]> {
  return JSON.parse(await readFile(cachePaths(indexDir, hash).tokens, "utf8")) as string[][];
}

/** Hard-link (or copy) a file from the old index into the new one. */
export async function carryFile(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** Carry both cache files of an unchanged report into the new index. */
export async function carryReportCache(fromDir: string, toDir: string, hash: string): Promise<void> {
  const a = cachePaths(fromDir, hash);
  const b = cachePaths(toDir, hash);
  await carryFile(a.meta, b.meta);
  await carryFile(a.tokens, b.tokens);
}
