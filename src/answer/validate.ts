/**
 * Checks an answer against its sources: citation numbers exist, and every
 * number in the text appears verbatim in a passage it cites.
 */

/** Numbers written in a text, outside the [n] citation markers. */
export function numbersIn(text: string): string[] {
  return (text.replace(/\[\d+\]/g, " ").match(/\d+(?:\.\d+)?/g) ?? []).filter((n) => n.length > 0);
}

/** Citation numbers used in a text. */
export function citationNumbers(text: string): number[] {
  return [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
}

/** Why an answer fails validation, or null when it passes. */
export function validateAnswer(text: string, passages: Map<number, string>): string | null {
  const cited = citationNumbers(text);
  if (cited.length === 0) return "no citations";
  const bad = cited.filter((n) => !passages.has(n));
  if (bad.length) return `citation [${bad[0]}] does not exist`;
  const citedText = [...new Set(cited)].map((n) => passages.get(n) ?? "").join("\n");
  for (const num of numbersIn(text)) {
    if (!citedText.includes(num)) return `number ${num} is not in the cited passages`;
  }
  return null;
}
