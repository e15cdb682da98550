/**
 * Index-time fact extraction: every figure in a passage becomes a Fact with
 * its unit, approximation, label, region, year and source sentence.
 * Deterministic: the same passages always give the same facts.
 */
import type { Passage } from "../chunk/types.js";
import { isPrefecture, type GazetteerEntry } from "../corpus/regions.js";
import { splitSentences } from "../text/normalize.js";
import { words } from "../text/tokenize.js";
import type { Fact } from "./types.js";
import { FIGURE, MEASURE_WORDS, normalizeUnit } from "./units.js";

const LEADING_FILLER =
  /^(注重|坚持|聚焦|推动|按照|围绕|(?:19|20)\d{2}年|近?[一两三]年|每年|年均|其中|截至目前|截至|目前|同时|并且|并|还|已经|已|先后|全区|全县|全市|全镇|全村|全街道|该区|该县|该街道|该村|该小区|累计|共计|共有|共|合计|实现|建立|建成|新增|开展|组织|配备|举办|选聘|吸纳|引导|推荐|积极|依法|通过|为|在|对|从|有|达到|达|近|约|超过|超)+/u;
const TRAILING_FILLER = /(保持在|保持|共计|共有|共|合计|累计|达到|达|为|占|是|约|近|超过|超|逾|的为|的|有|至|到)+$/u;

function parseApprox(before: string | undefined, mid: string | undefined, after: string | undefined): string | null {
  return before ?? mid ?? after ?? null;
}

/** Label from the text before the figure: the clause's trailing noun phrase. */
function labelBefore(sentence: string, at: number): string {
  const head = sentence.slice(0, at);
  const label = labelBeforeRaw(head);
  // 城市社区共配备网格长 → 网格长: what follows the last verb of counting is the counted thing
  const m = /^(.*)(共配备|配备|共有|共计|累计|新建|建立|建成|新增|选聘|吸纳|举办|开展|完成)(.+)$/u.exec(label);
  return m && m[3]!.length >= 2 ? m[3]! : label;
}

function labelBeforeRaw(head: string): string {
  const clause = head.split(/[,，。；;：:！!？?]/u).pop() ?? "";
  let label =
    clause
      .split(/[、“”"（）()]/u)
      .filter(Boolean)
      .pop() ?? "";
  if (clean(label).length < 2) label = clause.replace(/[、“”"（）()]/gu, "");
  return clean(label);
}

function clean(label: string): string {
  let l = label.replace(/\s+/g, "");
  for (let i = 0; i < 3; i++) l = l.replace(TRAILING_FILLER, "").replace(LEADING_FILLER, "");
  l = l.replace(/^[的和及与、等]+|[的和及与、等]+$/gu, "");
  // keep the end of long phrases (the counted thing comes last in Chinese), cut at a word boundary
  if (l.length > 14) {
    const ws = words(l);
    let kept = "";
    for (let i = ws.length - 1; i >= 0 && kept.length + ws[i]!.length <= 14; i--) kept = ws[i]! + kept;
    l = kept || l.slice(-14);
  }
  return l;
}

/** Label from the noun phrase after a measure word (139名驻区单位…负责人 → 驻区单位…负责人). */
function labelAfter(sentence: string, end: number): string {
  const tail = sentence.slice(end);
  const m = /^(?:的)?[\p{Script=Han}A-Za-z]+(?:(?:[、+]|[(（][\p{Script=Han}]{1,6}[)）])[\p{Script=Han}A-Za-z]*)*/u.exec(tail);
  if (!m) return "";
  let phrase = m[0];
  // stop at verbs that begin the predicate
  phrase =
    phrase.split(/(共有|共计|全部|全员|担任|兼任|参与|进行|开展|实现|组成|提供|下沉|进入|嵌入|到|在|为|被|从|来|实行|落实|联系|覆盖|带动|参加|负责)/u)[0] ??
    phrase;
  phrase = phrase.replace(/^(的)+/u, "");
  if (phrase.length > 16) phrase = phrase.slice(0, 16);
  return phrase.replace(/[、+]+$/u, "");
}

function yearOf(sentence: string): number | null {
  const m = /((?:19|20)\d{2})年/u.exec(sentence);
  return m ? Number(m[1]) : null;
}

function regionOf(sentence: string, passage: Passage, gazetteer: GazetteerEntry[]): { region: string | null; regionSlug: string | null } {
  for (const e of gazetteer) {
    if (isPrefecture(e)) continue; // the whole prefecture is context, not the figure's place
    if ([e.name, e.short, ...e.aliases].some((n) => n.length >= 2 && sentence.includes(n))) return { region: e.name, regionSlug: e.slug };
  }
  return { region: passage.region, regionSlug: passage.regionSlug };
}

/** Extract the facts of one passage. */
export function extractFacts(passage: Passage, gazetteer: GazetteerEntry[]): Fact[] {
  const facts: Fact[] = [];
  const seen = new Set<string>();
  for (const sentence of splitSentences(passage.text)) {
    for (const m of sentence.matchAll(FIGURE)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const prevChar = sentence.slice(Math.max(0, start - 1), start);
      if (/[\d.]/.test(prevChar)) continue; // part of a longer number
      const [, before, num, scale, mid, printedUnit, after] = m;
      if (!num || !printedUnit) continue;
      // a year (2025年) or a date (7月) never matches: 年, 月 and 日 are not units
      const { unit, factor } = normalizeUnit(printedUnit, scale);
      const value = Math.round(Number(num) * factor * 1e6) / 1e6;
      const approx = parseApprox(before, mid, after);
      let label = "";
      // measure words and thresholds (60岁以上老人) name what is counted after the figure
      if (MEASURE_WORDS.has(printedUnit) || (printedUnit === "岁" && /以[上下]/.test(after ?? ""))) label = labelAfter(sentence, end);
      if (label.length < 2) label = labelBefore(sentence, start);
      if (label.length < 2) label = labelAfter(sentence, end);
      if (unit === "%" && label && !/(率|比|占比|比例|度)$/u.test(label)) label += "占比";
      const raw = m[0];
      const key = `${raw}|${sentence}`;
      if (seen.has(key)) continue;
      seen.add(key);
      facts.push({
        value,
        raw,
        unit,
        approx,
        label,
        ...regionOf(sentence, passage, gazetteer),
        year: yearOf(sentence),
        sentence,
        citation: { id: passage.id, title: passage.title, section: passage.section },
      });
    }
  }
  return facts;
}
