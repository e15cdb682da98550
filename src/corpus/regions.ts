/**
 * Regions: a gazetteer of places (data/lexicon/regions.txt: counties, the
 * prefectures and provinces they lie in) and the
 * detection of an article's region and sub-places (街道/村/小区…) from its text.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isCommonWord } from "../text/tokenize.js";
import type { Region } from "./types.js";

/**
 * What a gazetteer entry stands for: a county-level place that articles are
 * about, the prefecture a corpus covers (铜仁市, 黔东南州) or the province
 * around it (贵州省). Prefectures and provinces are context, never an
 * article's or a figure's region when a county is named.
 */
export type RegionLevel = "county" | "prefecture" | "province";

/** One gazetteer entry. */
export interface GazetteerEntry {
  slug: string;
  name: string;
  short: string;
  aliases: string[];
  level: RegionLevel;
  /** Slug of the place it lies in (碧江区 → tongren, 铜仁市 → guizhou), or null at the top. */
  parent: string | null;
}

/** The marker that makes a line the prefecture as a whole: `tongren 铜仁市 铜仁 @prefecture`. */
export const PREFECTURE_MARKER = "@prefecture";
/** The marker that makes a line a province: `guizhou 贵州省 贵州 @province`. */
export const PROVINCE_MARKER = "@province";
/** The marker naming the place a line lies in, by slug: `bijiang 碧江区 碧江 @in:tongren`. */
export const PARENT_MARKER = "@in:";

/** The level a line's markers give it (a line without a level marker is a county-level place). */
function levelOf(markers: string[]): RegionLevel {
  if (markers.includes(PROVINCE_MARKER)) return "province";
  if (markers.includes(PREFECTURE_MARKER)) return "prefecture";
  return "county";
}

/**
 * Parse the regions file format: `slug 全称 简称 [别名…] [@prefecture|@province]
 * [@in:上级标识]`, `#` comments. Words starting with `@` are markers, not names;
 * a line without a level marker is a county-level place (older files keep
 * parsing as before). A line without `@in:` lies in the file's only entry of
 * the level above, when there is exactly one (a county in the one prefecture,
 * a prefecture in the one province), so a one-prefecture file needs no `@in:`.
 */
export function parseGazetteer(text: string): GazetteerEntry[] {
  const out: GazetteerEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const words = line.split(/\s+/);
    const markers = words.filter((w) => w.startsWith("@"));
    const [slug, name, short, ...aliases] = words.filter((w) => !w.startsWith("@"));
    if (!slug || !name) continue;
    const parent = markers.find((m) => m.startsWith(PARENT_MARKER))?.slice(PARENT_MARKER.length) || null;
    out.push({ slug, name, short: short ?? name, aliases, level: levelOf(markers), parent });
  }
  const above: Record<RegionLevel, RegionLevel | null> = { county: "prefecture", prefecture: "province", province: null };
  for (const e of out) {
    const level = above[e.level];
    if (e.parent || !level) continue;
    const only = out.filter((x) => x.level === level);
    if (only.length === 1 && only[0] !== e) e.parent = only[0]!.slug;
  }
  return out;
}

/** True for an entry that stands for a whole prefecture or province (context), not a county-level place in it. */
export function isPrefecture(e: GazetteerEntry): boolean {
  return e.level !== "county";
}

/** Slugs of the places an entry lies in, nearest first (碧江区 → tongren, guizhou); a cycle in the file stops the walk. */
export function ancestorsOf(slug: string, gazetteer: GazetteerEntry[]): string[] {
  const bySlug = new Map(gazetteer.map((e) => [e.slug, e]));
  const out: string[] = [];
  for (let at = bySlug.get(slug)?.parent ?? null; at && !out.includes(at) && at !== slug; at = bySlug.get(at)?.parent ?? null) out.push(at);
  return out;
}

/** Load the gazetteer from the lexicon folder (empty when the file is missing). */
export async function loadGazetteer(lexiconDir: string): Promise<GazetteerEntry[]> {
  try {
    return parseGazetteer(await readFile(path.join(lexiconDir, "regions.txt"), "utf8"));
  } catch {
    return [];
  }
}

function namesOf(e: GazetteerEntry): string[] {
  return [e.name, e.short, ...e.aliases].filter((n) => n.length >= 2);
}

/** Count mentions of each gazetteer entry in a text. */
function mentions(text: string, gazetteer: GazetteerEntry[]): Map<GazetteerEntry, number> {
  const counts = new Map<GazetteerEntry, number>();
  for (const e of gazetteer) {
    let n = 0;
    for (const name of namesOf(e)) n += text.split(name).length - 1;
    if (n > 0) counts.set(e, n);
  }
  return counts;
}

/** A plausible place name: not a generic word like 农村/城市 that happens to end in 村. */
function isPlaceName(p: string): boolean {
  return p.length >= 3 && !/(农村|乡村|城乡|城市|每村|各村|全村)$/u.test(p) && !/^[区县市省]/u.test(p);
}

/** Sub-places printed right after the county name (思南县关中坝街道蓝色港湾小区 → 关中坝街道, 蓝色港湾小区). */
function subPlaces(text: string, entry: GazetteerEntry): string[] {
  const found = new Set<string>();
  for (const name of namesOf(entry).sort((a, b) => b.length - a.length)) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(name, from);
      if (at < 0) break;
      from = at + name.length;
      // read up to two consecutive place names after the county name
      let rest = text.slice(from, from + 20);
      for (let k = 0; k < 2; k++) {
        const m = /^([\p{Script=Han}]{2,6}?(?:街道|镇|乡|村|小区))/u.exec(rest);
        if (!m || !isPlaceName(m[1]!)) break;
        found.add(m[1]!);
        rest = rest.slice(m[1]!.length);
      }
    }
  }
  return [...found];
}

/**
 * Detect an article's region: the gazetteer entry named in its title, else the
 * one mentioned most in its first paragraphs. A county named anywhere wins
 * over the prefecture (an article titled 铜仁市… about 碧江 is 碧江's); the
 * prefecture is the region only of an article that names no county, the
 * province only of one that names neither.
 * Sub-places come along as aliases.
 */
export function detectRegion(title: string, body: string, gazetteer: GazetteerEntry[]): Region | null {
  const lead = body.slice(0, 1200);
  const pick = (m: Map<GazetteerEntry, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const find = (entries: GazetteerEntry[]) => pick(mentions(title, entries)) ?? pick(mentions(lead, entries)) ?? pick(mentions(body, entries));
  const at = (level: RegionLevel) => find(gazetteer.filter((e) => e.level === level));
  const entry = at("county") ?? at("prefecture") ?? at("province");
  if (!entry) return null;
  // places printed right after the county's name, in the title (玉屏茅坪村) or the text
  const places = new Set(subPlaces(`${title}\n${body}`, entry));
  return { slug: entry.slug, name: entry.name, short: entry.short, places: [...places] };
}

/** Every name a question may use for a region. */
export function regionNames(region: Region, gazetteer: GazetteerEntry[]): string[] {
  const entry = gazetteer.find((e) => e.slug === region.slug);
  const names = new Set([region.name, region.short, ...region.places, ...(entry?.aliases ?? [])]);
  // a place without its suffix is also a name people use: 茅坪村 → 茅坪, 蓝色港湾小区 → 蓝色港湾
  for (const p of region.places) {
    const stem = p.replace(/(街道|小区|社区|村|镇|乡)$/u, "");
    // 茅坪 for 茅坪村, but never an everyday word (水平 from 水平村)
    if (stem.length >= 2 && !isCommonWord(stem)) names.add(stem);
  }
  return [...names].filter((n) => n.length >= 2);
}
