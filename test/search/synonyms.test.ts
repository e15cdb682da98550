/**
 * The real synonym lexicon (data/lexicon/synonyms.txt), line by line: every
 * group is well formed, attested in the shipped report (or marked `# 通用`),
 * and actually wires its colloquial words to the report's words through the
 * query parser.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadGazetteer } from "../../src/corpus/regions.js";
import type { Article } from "../../src/corpus/types.js";
import { loadLexicon, type Lexicon } from "../../src/search/lexicon.js";
import { createRegionMatcher, parseQuery, synonymExpansion, type RegionMatcher } from "../../src/search/query.js";
import { normalizeText } from "../../src/text/normalize.js";
import { bigrams, searchWords } from "../../src/text/tokenize.js";
import { PROJECT_ROOT } from "../helpers/temp-project.js";

const LEXICON_DIR = path.join(PROJECT_ROOT, "data/lexicon");
const REPORTS_DIR = path.join(PROJECT_ROOT, "data/reports");

/** One line of synonyms.txt as an admin wrote it. */
interface Group {
  lineNo: number;
  line: string;
  members: string[];
  /** Marked `# 通用`: a standard grassroots term the shipped report does not use. */
  general: boolean;
}

let groups: Group[];
let lexicon: Lexicon;
let matcher: RegionMatcher;
let report: string;

const article = (id: string, name: string, short: string, places: string[]): Article => ({
  id,
  title: name,
  byline: null,
  region: { slug: id, name, short, places },
  captions: [],
  sections: [],
});

const chars = (w: string) => Array.from(w).length;
const label = (g: Group) => `line ${g.lineNo}: ${g.line}`;

beforeAll(async () => {
  const text = await readFile(path.join(LEXICON_DIR, "synonyms.txt"), "utf8");
  groups = text.split(/\r?\n/).flatMap((line, i) => {
    const body = line.replace(/#.*/, "").trim();
    if (!body) return [];
    const comment = line.includes("#") ? line.slice(line.indexOf("#")) : "";
    return [
      {
        lineNo: i + 1,
        line: line.trim(),
        members: body
          .split(/\s+/)
          .map((w) => normalizeText(w))
          .filter(Boolean),
        general: /#\s*通用/.test(comment),
      },
    ];
  });
  lexicon = await loadLexicon(LEXICON_DIR);
  matcher = createRegionMatcher(
    [
      article("bijiang", "碧江区", "碧江", ["环北街道"]),
      article("sinan", "思南县", "思南", ["关中坝街道", "蓝色港湾小区"]),
      article("yuping", "玉屏侗族自治县", "玉屏", ["茅坪村"]),
    ],
    await loadGazetteer(LEXICON_DIR),
  );
  const files = (await readdir(REPORTS_DIR)).filter((f) => f.endsWith(".txt")).sort();
  report = (await Promise.all(files.map((f) => readFile(path.join(REPORTS_DIR, f), "utf8")))).map((t) => normalizeText(t)).join("\n");
});

describe("synonyms.txt", () => {
  it("has at least 150 groups, and the loader reads every line as written", () => {
    expect(groups.length).toBeGreaterThanOrEqual(150);
    expect(lexicon.synonyms).toEqual(groups.map((g) => g.members));
  });

  it("every group has two or more members, none a single character or a question stop word", () => {
    const bad: string[] = [];
    for (const g of groups) {
      if (g.members.length < 2) bad.push(`fewer than 2 members — ${label(g)}`);
      for (const w of g.members) {
        if (chars(w) < 2) bad.push(`single character ${w} — ${label(g)}`);
        if (lexicon.stopwords.has(w)) bad.push(`stop word ${w} — ${label(g)}`);
      }
      if (new Set(g.members).size !== g.members.length) bad.push(`repeated member — ${label(g)}`);
    }
    expect(bad).toEqual([]);
  });

  it("no word is in two groups (merge groups that mean the same thing)", () => {
    const where = new Map<string, Group>();
    const bad: string[] = [];
    for (const g of groups) {
      for (const w of g.members) {
        const first = where.get(w);
        if (first && first !== g) bad.push(`${w} — ${label(first)} / ${label(g)}`);
        else where.set(w, g);
      }
    }
    expect(bad).toEqual([]);
  });

  it("every group is attested in the shipped report, unless marked # 通用 (and those stay a minority)", () => {
    expect(report.length).toBeGreaterThan(1000);
    const unattested = groups.filter((g) => !g.general && !g.members.some((w) => report.includes(w))).map(label);
    expect(unattested).toEqual([]);
    // a # 通用 mark is for words the report lacks; once the report has one, the mark goes
    const wronglyMarked = groups.filter((g) => g.general && g.members.some((w) => report.includes(w))).map(label);
    expect(wronglyMarked).toEqual([]);
    expect(groups.filter((g) => g.general).length).toBeLessThan(groups.length / 5);
  });

  it("every attested group wires each colloquial member to a report word through the query parser", () => {
    // the parsed question must carry a report word of its group as retrieval terms (w:…), expanded from the colloquial word
    const bad: string[] = [];
    for (const g of groups.filter((x) => !x.general)) {
      const inReport = g.members.filter((w) => report.includes(w));
      const colloquial = g.members.filter((w) => !report.includes(w));
      if (colloquial.length === 0) bad.push(`no colloquial member (every word is already in the report) — ${label(g)}`);
      for (const m of colloquial) {
        const q = parseQuery(m, lexicon, matcher);
        const expansion = synonymExpansion(q.normalized, lexicon);
        const carries = (c: string) =>
          searchWords(c)
            .filter((t) => !lexicon.stopwords.has(t))
            .every((t) => q.terms.has(`w:${t}`));
        // a longer colloquial phrase may hold the report word itself (道路硬化 ⊃ 硬化): its character bigrams carry it
        const holds = (c: string) =>
          q.normalized.includes(c) &&
          bigrams(c)
            .filter((b) => !lexicon.stopwords.has(b))
            .every((b) => q.terms.has(`b:${b}`));
        const wired = inReport.some((c) => (expansion.includes(c) && carries(c)) || holds(c));
        if (!wired) bad.push(`${m} does not reach ${inReport.join("/")} — ${label(g)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
