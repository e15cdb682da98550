/**
 * A deterministic generator of governance reports for `jiceng bench`.
 *
 * No outside data is available offline, so scale is measured on reports made
 * from the shipped digest itself: its sentences and clauses recombined, its
 * places swapped for other counties of data/lexicon/regions.txt and invented
 * 街道/村/小区, its figures varied (units kept), laid out in the same format
 * (`#` titles, a byline, `##` sections) and with the same layout faults
 * (image captions, page-broken paragraphs, a repeated sentence, a title printed
 * after its own body), so parsing and repair are exercised at scale too.
 *
 * Report `i` depends only on (source, regions, seed, i): growing the corpus from
 * 100 to 1000 reports keeps the first 100 byte-identical.
 */
import { readFile } from "node:fs/promises";
import { isPrefecture, parseGazetteer } from "../corpus/regions.js";

/** A seeded PRNG (mulberry32): same seed, same sequence, on every platform. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Create a seeded PRNG. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(0, items.length - 1)]!;
    },
    chance: (p: number) => next() < p,
  };
}

/** A county-level place the generator writes about (from regions.txt). */
export interface GenRegion {
  name: string;
  short: string;
}

/** What the generator learned from the shipped report. */
export interface Material {
  /** Whole body sentences (captions, bylines and the repeated copies excluded). */
  sentences: string[];
  /** Lead-like sentences (近年来… / 今年以来…) that open an article. */
  leads: string[];
  /** `##` headings of the source. */
  headings: string[];
  /** Subtitles of the source's titles (the part after `：`). */
  subtitles: string[];
  /** Every place name of the source that must be swapped (longest first). */
  sourcePlaces: { text: string; kind: "name" | "short" | "sub"; suffix: string }[];
  regions: GenRegion[];
  /** Counties generated articles are about: those the source does not name (all when too few are left). */
  targetRegions: GenRegion[];
}

const SENTENCE_RE = /[^。！？!?]+[。！？!?]+[”’」]*/gu;
const SUB_PLACE_SUFFIXES = ["街道", "镇", "乡", "村", "小区", "社区"] as const;
/** Characters invented place names are made of. */
const PLACE_CHARS = "青龙石门桃源清水河西东岭凤凰金竹杨柳白沙云峰溪坪林坝湾塘岩梅花文昌太平永安兴隆长乐红星新华和顺大田高桥鹿鸣";
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田";
const GIVEN = "文明华建国志强秀英丽军平红玉春兰海燕雪梅青松云霞德胜永福晓东";
const CAPTION_NOUNS = [
  "新建的党群服务中心",
  "党员志愿者入户走访",
  "村民在种植基地采收蔬菜",
  "社区老年食堂开饭",
  "网格员上门收集民情",
  "红色议事厅召开议事会",
  "党员先锋队开展巡查",
  "新就业群体驿站",
  "群众在便民服务点办事",
  "农旅综合体项目建设现场",
];
const FIGURE_TEMPLATES: ((r: Rng, place: string) => string)[] = [
  (r) => `截至目前,全区城市社区共配备网格长${r.int(80, 900)}人、专兼职网格员${r.int(300, 4000)}人。`,
  (r, p) => `${p}累计开展志愿服务${r.int(5, 120)}场,服务群众${r.int(200, 9000)}人次。`,
  (r) => `全区实现社区工作者平均报酬${r.int(3000, 6500)}元/月,平均年龄${r.int(30, 45)}.${r.int(0, 9)}岁。`,
  (r) => `投入资金${r.int(20, 900)}万元,新建党群服务站${r.int(3, 180)}个,覆盖群众${r.int(200, 12000)}户。`,
  (r) => `建成种植基地${r.int(20, 600)}亩,硬化道路${r.int(1, 30)}.${r.int(1, 9)}公里,群众满意度达${r.int(85, 99)}%。`,
  (r) => `累计办理群众事项${r.int(50, 900)}件,化解矛盾纠纷${r.int(5, 90)}起,清理杂物${r.int(10, 300)}处,发放宣传手册${r.int(100, 5000)}张。`,
  (r) => `举办培训班${r.int(2, 20)}期,明确社区准入事项${r.int(20, 80)}项,清理不规范挂牌${r.int(10, 90)}块,开展安全巡查${r.int(20, 400)}次。`,
  (r, p) => `${p}选派${r.int(10, 200)}名党员干部下沉一线,年售矿泉水${r.int(1000, 9000)}桶。`,
];

/** Split a sentence into clauses at commas/semicolons outside quotes. */
export function splitClauses(sentence: string): string[] {
  const out: string[] = [];
  let buf = "";
  let depth = 0;
  for (const ch of sentence) {
    buf += ch;
    if (ch === "“" || ch === "「" || ch === "(" || ch === "（") depth++;
    else if ((ch === "”" || ch === "」" || ch === ")" || ch === "）") && depth > 0) depth--;
    else if (depth === 0 && /[,，;；]/.test(ch)) {
      out.push(buf);
      buf = "";
    }
  }
  if (buf) out.push(buf);
  return out;
}

function isQuoteBalanced(s: string): boolean {
  let d = 0;
  for (const ch of s) {
    if (ch === "“") d++;
    else if (ch === "”") d--;
    if (d < 0) return false;
  }
  return d === 0;
}

/** Parse `regions.txt` into the counties reports are generated for; the prefecture (`@prefecture`) is not a county and is skipped. */
export function parseRegions(text: string): GenRegion[] {
  return parseGazetteer(text)
    .filter((e) => !isPrefecture(e))
    .map((e) => ({ name: e.name, short: e.short }));
}

/** Learn sentences, headings and place names from the shipped report's text. */
export function extractMaterial(source: string, regions: GenRegion[]): Material {
  const headings: string[] = [];
  const subtitles: string[] = [];
  const paragraphs: string[] = [];
  let open = "";
  for (const raw of source.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("## ")) headings.push(line.slice(3).trim());
    else if (line.startsWith("# ")) {
      const t = line.slice(2).trim();
      const colon = t.indexOf("：");
      subtitles.push(colon >= 0 ? t.slice(colon + 1) : t);
    } else {
      // bylines and captions are short and comma-free; they are not prose
      if (line.length <= 40 && !/[,，]/.test(line)) continue;
      open += line;
      if (/[。！？!?][”’」]*$/.test(line)) {
        paragraphs.push(open);
        open = "";
      }
    }
  }
  if (open) paragraphs.push(open);
  const seen = new Set<string>();
  const sentences: string[] = [];
  const leads: string[] = [];
  for (const p of paragraphs) {
    for (const s of p.match(SENTENCE_RE) ?? []) {
      const t = s.trim();
      if (t.length < 8 || seen.has(t) || !isQuoteBalanced(t)) continue;
      seen.add(t);
      if (/^(近年来|今年以来)/.test(t)) leads.push(t);
      else sentences.push(t);
    }
  }
  // places of the source: county names/shorts plus the sub-places printed in it
  const places = new Map<string, Material["sourcePlaces"][number]>();
  for (const r of regions) {
    places.set(r.name, { text: r.name, kind: "name", suffix: "" });
    if (r.short.length >= 2) places.set(r.short, { text: r.short, kind: "short", suffix: "" });
  }
  // sub-places printed right after a county's full name, up to two in a row (思南县关中坝街道蓝色港湾小区)
  const subAt = /^([\p{Script=Han}]{2,4}?)(街道|小区|村)/u;
  const isPlace = (p: string): boolean => !/^[区县市省全该各每]/u.test(p) && !/(农村|乡村|城乡|城市)$/u.test(p);
  for (const r of regions) {
    let from = 0;
    for (;;) {
      const at = source.indexOf(r.name, from);
      if (at < 0) break;
      from = at + r.name.length;
      let rest = source.slice(from, from + 16);
      for (let k = 0; k < 2; k++) {
        const m = subAt.exec(rest);
        if (!m || !isPlace(m[0])) break;
        places.set(m[0], { text: m[0], kind: "sub", suffix: m[2]! });
        rest = rest.slice(m[0].length);
      }
    }
  }
  // generated reports are other counties' reports: the source's own places stay its own,
  // so a question naming them still has one right answer however large the corpus grows
  const others = regions.filter((r) => !source.includes(r.name) && !source.includes(r.short));
  return {
    sentences,
    leads: leads.length > 0 ? leads : sentences.slice(0, 1),
    headings,
    subtitles,
    sourcePlaces: [...places.values()].sort((a, b) => b.text.length - a.text.length),
    regions,
    targetRegions: others.length >= 2 ? others : regions,
  };
}

/** Read the material from a shipped report file and a regions lexicon file. */
export async function loadMaterial(sourceFile: string, regionsFile: string): Promise<Material> {
  const [source, regionsText] = await Promise.all([readFile(sourceFile, "utf8"), readFile(regionsFile, "utf8")]);
  return extractMaterial(source, parseRegions(regionsText));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One article's places: its county and a few invented sub-places. */
interface ArticlePlaces {
  region: GenRegion;
  subs: Map<string, string>; // suffix → invented place
}

function inventPlace(r: Rng, suffix: string, forbidden: readonly string[]): string {
  for (;;) {
    const stem = PLACE_CHARS[r.int(0, PLACE_CHARS.length - 1)]! + PLACE_CHARS[r.int(0, PLACE_CHARS.length - 1)]!;
    if (stem[0] === stem[1]) continue;
    const place = stem + suffix;
    if (!forbidden.some((f) => place.includes(f) || f.includes(stem))) return place;
  }
}

/** Vary every figure of a sentence: years stay plausible years, percentages stay ≤ 100, decimals keep their precision. */
export function varyNumbers(sentence: string, r: Rng): string {
  return sentence.replace(/\d+(?:\.\d+)?(%?)/g, (m, pct: string) => {
    const num = Number.parseFloat(m);
    const decimals = m.includes(".") ? m.split(".")[1]!.replace("%", "").length : 0;
    if (!pct && decimals === 0 && num >= 1990 && num <= 2030) return String(r.int(2018, 2025));
    let v = num * (0.5 + r.next() * 1.3);
    if (pct) v = Math.min(v, 99.9);
    const out = decimals > 0 ? v.toFixed(decimals) : String(Math.max(1, Math.round(v)));
    return out + pct;
  });
}

/** The generator for one corpus: material plus a seed. */
export function createReportGenerator(material: Material, seed = 20250701): (index: number) => { file: string; text: string } {
  const placeRe = new RegExp(material.sourcePlaces.map((p) => escapeRe(p.text)).join("|"), "gu");
  const placeOf = new Map(material.sourcePlaces.map((p) => [p.text, p]));
  const regionNames = material.regions.flatMap((r) => [r.name, r.short]).filter((n) => n.length >= 2);
  const headingHalves = material.headings.flatMap((h) => h.split(/[\s:：]+/)).filter((h) => h.length >= 3 && !/[“”]/.test(h));

  const localize = (s: string, places: ArticlePlaces, r: Rng): string =>
    s.replace(placeRe, (m) => {
      const p = placeOf.get(m);
      if (!p) return m;
      if (p.kind === "name") return places.region.name;
      if (p.kind === "short") return places.region.short;
      let sub = places.subs.get(p.suffix);
      if (!sub) places.subs.set(p.suffix, (sub = inventPlace(r, p.suffix, regionNames)));
      return sub;
    });

  const sentence = (r: Rng, places: ArticlePlaces): string => {
    if (r.chance(0.12)) {
      const suffix = r.pick(SUB_PLACE_SUFFIXES);
      let sub = places.subs.get(suffix);
      if (!sub) places.subs.set(suffix, (sub = inventPlace(r, suffix, regionNames)));
      return r.pick(FIGURE_TEMPLATES)(r, sub);
    }
    let s = r.pick(material.sentences);
    if (r.chance(0.4)) {
      // recombine: the head clauses of one sentence with the tail clauses of another
      const a = splitClauses(s);
      const b = splitClauses(r.pick(material.sentences));
      if (a.length >= 2 && b.length >= 2) {
        const head = a.slice(0, r.int(1, a.length - 1)).join("");
        const tail = b.slice(r.int(1, b.length - 1)).join("");
        const joined = head + tail;
        if (isQuoteBalanced(joined)) s = joined;
      }
    }
    return varyNumbers(localize(s, places, r), r);
  };

  const person = (r: Rng): string => {
    const name = (): string =>
      SURNAMES[r.int(0, SURNAMES.length - 1)]! + Array.from({ length: r.int(1, 2) }, () => GIVEN[r.int(0, GIVEN.length - 1)]!).join("");
    return r.chance(0.3) ? `${r.pick(["毕", "释", "印", "松", "江", "石", "德"])}组工` : Array.from({ length: r.int(1, 2) }, name).join(" ");
  };

  /** Cut a paragraph by a "page break" mid-sentence, sometimes with a caption in the gap. */
  const pageBreak = (p: string, r: Rng, caption: string | null): string => {
    const chars = Array.from(p);
    for (let tries = 0; tries < 20; tries++) {
      const at = r.int(Math.floor(chars.length * 0.3), Math.floor(chars.length * 0.8));
      if (/[\p{Script=Han}]/u.test(chars[at - 1] ?? "") && /[\p{Script=Han}]/u.test(chars[at] ?? "")) {
        const gap = caption ? `\n\n\n\n${caption}\n\n` : "\n\n";
        return chars.slice(0, at).join("") + gap + chars.slice(at).join("");
      }
    }
    return p;
  };

  return (index: number) => {
    const r = createRng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    const articleCount = r.int(3, 5);
    const trailingTitle = r.chance(0.3);
    const blocks: string[] = [];
    let prevRegion: GenRegion | undefined;
    for (let k = 0; k < articleCount; k++) {
      let region = r.pick(material.targetRegions);
      while (prevRegion && region.name === prevRegion.name) region = r.pick(material.targetRegions);
      prevRegion = region;
      const places: ArticlePlaces = { region, subs: new Map() };
      const place = r.chance(0.5) ? inventPlace(r, r.pick(["村", "街道", "社区"]), regionNames) : "";
      if (place) places.subs.set(place.slice(2), place);
      const subtitle = r.chance(0.5) ? r.pick(material.subtitles) : `${r.pick(headingHalves)} ${r.pick(headingHalves)}`;
      const title = `# ${r.chance(0.5) ? region.short : region.name}${place}：${subtitle}`;
      const byline = person(r);
      const isLast = k === articleCount - 1;
      const head: string[] = [];
      if (!(isLast && trailingTitle)) head.push(title, byline);
      const body: string[] = [];
      const captionText = (): string => `${places.subs.get(place.slice(2)) ?? region.short}${r.pick(CAPTION_NOUNS)}。`;
      if (!(isLast && trailingTitle) && r.chance(0.35)) body.push(`\n${captionText()}`); // a caption right under the byline
      // the lead names the county, so a late-printed title can find its body
      const lead = varyNumbers(localize(r.pick(material.leads), places, r), r);
      body.push(lead.includes(region.name) ? lead : `近年来,${region.name}${lead.replace(/^(近年来|今年以来),?/, "")}`);
      const sections = r.int(2, 4);
      for (let s = 0; s < sections; s++) {
        body.push(`## ${r.pick(material.headings)}`);
        const paragraphs = r.int(2, 4);
        for (let q = 0; q < paragraphs; q++) {
          const ss = Array.from({ length: r.int(2, 4) }, () => sentence(r, places));
          if (r.chance(0.04)) {
            // the newspaper's fault: one sentence printed several times in a row
            const at = r.int(0, ss.length - 1);
            ss.splice(at, 0, ...Array.from({ length: r.int(1, 3) }, () => ss[at]!));
          }
          let p = ss.join("");
          if (r.chance(0.12)) p = pageBreak(p, r, r.chance(0.3) ? captionText() : null);
          body.push(p);
        }
      }
      blocks.push(...head, ...body);
      if (isLast && trailingTitle) blocks.push(title, byline);
    }
    return { file: `gen-${String(index + 1).padStart(5, "0")}.txt`, text: `\n\n${blocks.join("\n\n")}\n` };
  };
}
