/**
 * Domain words: phrases jieba's dictionary splits apart (网格员, 四议两公开) that
 * must stay one token. They are corpus knowledge, so they live in
 * `data/lexicon/domain-words.txt` where admins edit them; the index build and
 * the index loader hand them to the tokenizer (`configureTokenizer`).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { normalizeText } from "./normalize.js";

/** The file in the lexicon folder. */
export const DOMAIN_WORDS_FILE = "domain-words.txt";

/** Parse the file: words separated by spaces or lines, `#` starts a comment; normalised, each once, in order. */
export function parseDomainWords(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    for (const w of raw.replace(/#.*/, "").trim().split(/\s+/)) {
      const n = normalizeText(w);
      if (n) out.add(n);
    }
  }
  return [...out];
}

/** Load the domain words of a lexicon folder (none when the file is missing). */
export async function loadDomainWords(lexiconDir: string): Promise<string[]> {
  try {
    return parseDomainWords(await readFile(path.join(lexiconDir, DOMAIN_WORDS_FILE), "utf8"));
  } catch {
    return [];
  }
}
