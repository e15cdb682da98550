/**
 * How informative a word is in general Chinese, from the IDF table that
 * `@node-rs/jieba` ships (`idf.txt`, 270k words, fitted on a general corpus).
 * A question word the reports never use is weighed with it: 啥 and 搞 say
 * little, 养老金 and 报销 a lot. Loaded once, lazily, from the package itself
 * (no download).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

let table: Map<string, number> | null = null;
let loading: Promise<void> | null = null;

function idfPath(): string {
  return createRequire(import.meta.url).resolve("@node-rs/jieba/idf.txt");
}

function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const sp = line.indexOf(" ");
    if (sp <= 0) continue;
    const v = Number(line.slice(sp + 1));
    if (Number.isFinite(v)) out.set(line.slice(0, sp), v);
  }
  return out;
}

/** Start loading the table in the background (the first unknown word would otherwise pay ~100 ms). */
export function preloadGeneralIdf(): Promise<void> {
  if (table) return Promise.resolve();
  loading ??= readFile(idfPath(), "utf8").then(
    (text) => {
      table ??= parse(text);
    },
    () => {
      table ??= new Map(); // a package without the table: every unknown word gets the middle weight
    },
  );
  return loading;
}

function getTable(): Map<string, number> {
  if (!table) {
    try {
      table = parse(readFileSync(idfPath(), "utf8"));
    } catch {
      table = new Map();
    }
  }
  return table;
}

/**
 * The general-language IDF of a word, or of its characters when the table
 * lacks the word (清掉, 活干: compounds of everyday characters are everyday
 * words); undefined when neither is known.
 */
export function generalIdf(word: string): number | undefined {
  const t = getTable();
  const direct = t.get(word);
  if (direct !== undefined) return direct;
  const chars = Array.from(word)
    .map((c) => t.get(c))
    .filter((v): v is number => v !== undefined);
  if (chars.length === 0) return undefined;
  return chars.reduce((a, b) => a + b, 0) / chars.length;
}
