/**
 * Checks an answer against its sources: citation numbers exist, and every
 * number in the text appears, as a whole number, in a passage cited next to it.
 * Full-width digits are read as digits; a figure written in Chinese numerals
 * with a unit (两千人) must appear verbatim too.
 */
import { CHINESE_FIGURE } from "../facts/units.js";

/** Numbers written in a text (NFKC, so ２４６８ counts), outside the [n] citation markers. */
export function numbersIn(text: string): string[] {
  const plain = text.normalize("NFKC").replace(/\[\d+\]/g, " ");
  const digits = plain.match(/\d+(?:\.\d+)?/g) ?? [];
  const chinese = plain.match(CHINESE_FIGURE) ?? [];
  return [...digits, ...chinese];
}

/** True when `num` occurs in `text` as a whole number (24 is not in 2468, 2.5 is not in 12.5). */
export function containsNumber(text: string, num: string): boolean {
  const t = text.normalize("NFKC");
  if (!/^\d/.test(num)) return t.includes(num);
  const escaped = num.replace(/\./g, "\\.");
  return new RegExp(`(?<![\\d.])${escaped}(?!\\d|\\.\\d)`).test(t);
}

/** Citation numbers used in a text. */
export function citationNumbers(text: string): number[] {
  return [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
}

/**
 * Numbers of the text not found in the passages cited with them: each sentence
 * or line is checked against its own citations (against every cited passage
 * when it carries none).
 */
export function unverifiedNumbers(text: string, passages: ReadonlyMap<number, string>): { total: number; unverified: string[] } {
  const all = [...new Set(citationNumbers(text))];
  let total = 0;
  const unverified: string[] = [];
  for (const segment of text.split(/(?<=[。！？!?\n]|\]\s*[，,；;])/u)) {
    const own = citationNumbers(segment);
    const sources = (own.length ? own : all).map((n) => passages.get(n) ?? "");
    for (const num of numbersIn(segment)) {
      total++;
      if (!sources.some((p) => containsNumber(p, num))) unverified.push(num);
    }
  }
  return { total, unverified };
}

/** Why an answer fails validation, or null when it passes. */
export function validateAnswer(text: string, passages: ReadonlyMap<number, string>): string | null {
  const cited = citationNumbers(text);
  if (cited.length === 0) return "no citations";
  const bad = cited.filter((n) => !passages.has(n));
  if (bad.length) return `citation [${bad[0]}] does not exist`;
  const { unverified } = unverifiedNumbers(text, passages);
  if (unverified.length) return `number ${unverified[0]} is not in the passages cited with it`;
  return null;
}
