/**
 * Plain-text lexicons admins edit without code: synonyms (one group a line),
 * question stop words, and places outside the corpus.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { normalizeText } from "../text/normalize.js";

/** Everything query parsing needs from `data/lexicon/`. */
export interface Lexicon {
  /** Each group: words that mean the same thing here. */
  synonyms: string[][];
  stopwords: Set<string>;
  outsidePlaces: string[];
}

function lines(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/).map((w) => normalizeText(w)).filter(Boolean));
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return "";
  }
}

/** Parse lexicon file contents (exposed for tests). */
export function parseLexicon(synonyms: string, stopwords: string, outside: string): Lexicon {
  return {
    synonyms: lines(synonyms).filter((g) => g.length >= 2),
    stopwords: new Set(lines(stopwords).flat()),
    outsidePlaces: lines(outside).flat(),
  };
}

/** Load the lexicon files from a folder; missing files mean empty lists. */
export async function loadLexicon(lexiconDir: string): Promise<Lexicon> {
  const [syn, stop, out] = await Promise.all(
    ["synonyms.txt", "stopwords.txt", "outside-places.txt"].map((f) => readOptional(path.join(lexiconDir, f))),
  );
  return parseLexicon(syn!, stop!, out!);
}
