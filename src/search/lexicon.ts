/**
 * Plain-text lexicons admins edit without code: synonyms (one group a line),
 * question stop words, places outside the corpus, and the examples the
 * assistant offers (examples.txt).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { normalizeText } from "../text/normalize.js";

/** Examples written in `examples.txt`, by kind; an empty list means "choose from the index". */
export interface ExampleLists {
  /** Sample questions (the buttons under /start); they must be answerable from the reports. */
  questions: string[];
  /** Keywords for /stats (the overview, a refusal's suggestion, help texts). */
  stats: string[];
  /** Topics for /examples (help texts). */
  topics: string[];
}

/** Everything query parsing needs from `data/lexicon/`. */
export interface Lexicon {
  /** Each group: words that mean the same thing here. */
  synonyms: string[][];
  stopwords: Set<string>;
  outsidePlaces: string[];
  /** What the assistant offers as examples (not used for parsing). */
  examples: ExampleLists;
  /** English a worker mixes in (salary, party members) → the reports' Chinese, longest first. */
  english: readonly (readonly [english: string, chinese: string])[];
}

/** Parse `english.txt`: `中文 = english | english` a line, `#` comments; longest English first. */
export function parseEnglish(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    const at = line.indexOf("=");
    if (at <= 0) continue;
    const chinese = normalizeText(line.slice(0, at).trim());
    for (const en of line.slice(at + 1).split("|")) {
      const e = en.trim().toLowerCase().replace(/\s+/g, " ");
      if (e && chinese) out.push([e, chinese]);
    }
  }
  return out.sort((a, b) => b[0].length - a[0].length);
}

/** The kinds of line in `examples.txt` and the list each fills. */
const EXAMPLE_KINDS: Readonly<Record<string, keyof ExampleLists>> = { question: "questions", stats: "stats", topic: "topics" };

/** Parse `examples.txt`: `kind text…` a line (kind: question, stats, topic), `#` comments; unknown kinds are skipped. */
export function parseExamples(text: string): ExampleLists {
  const out: ExampleLists = { questions: [], stats: [], topics: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    const m = /^(\S+)\s+(.+)$/u.exec(line);
    const list = m ? EXAMPLE_KINDS[m[1]!.toLowerCase()] : undefined;
    if (m && list) out[list].push(m[2]!.trim());
  }
  return out;
}

function lines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((l) =>
      l
        .split(/\s+/)
        .map((w) => normalizeText(w))
        .filter(Boolean),
    );
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return "";
  }
}

/** Parse lexicon file contents (exposed for tests). */
export function parseLexicon(synonyms: string, stopwords: string, outside: string, examples = "", english = ""): Lexicon {
  return {
    synonyms: lines(synonyms).filter((g) => g.length >= 2),
    stopwords: new Set(lines(stopwords).flat()),
    outsidePlaces: lines(outside).flat(),
    examples: parseExamples(examples),
    english: parseEnglish(english),
  };
}

/** Load the lexicon files from a folder; missing files mean empty lists. */
export async function loadLexicon(lexiconDir: string): Promise<Lexicon> {
  const [syn, stop, out, ex, en] = await Promise.all(
    ["synonyms.txt", "stopwords.txt", "outside-places.txt", "examples.txt", "english.txt"].map((f) => readOptional(path.join(lexiconDir, f))),
  );
  return parseLexicon(syn!, stop!, out!, ex!, en!);
}
