/**
 * Text normalisation shared by every stage: NFKC (full-width → half-width),
 * traditional → simplified folding, whitespace handling, sentence splitting.
 */
import * as OpenCC from "opencc-js";

const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });

/** NFKC + traditional→simplified + collapse whitespace. Used for queries and matching. */
export function normalizeText(text: string): string {
  return toSimplified(text.normalize("NFKC")).replace(/\s+/g, " ").trim();
}

/** Key for comparing strings regardless of width and spacing (the eval's rule). */
export function compactKey(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/** True when a paragraph ends like a finished sentence (closing quotes/brackets allowed after). */
export function endsSentence(text: string): boolean {
  const t = text.trim().replace(/[”’」』)）\]】"']+$/u, "");
  return /[。！？!?…；;:：]$/.test(t);
}

/**
 * Split Chinese prose into sentences, keeping the terminator and any closing
 * quote with the sentence. Quoted speech stays whole.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let buf = "";
  let quoteDepth = 0;
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    buf += ch;
    if (ch === "“" || ch === "「") quoteDepth++;
    else if ((ch === "”" || ch === "」") && quoteDepth > 0) quoteDepth--;
    if (/[。！？!?]/.test(ch)) {
      // absorb closing quotes / repeated terminators
      while (i + 1 < chars.length && /[”’」』)）。！？!?]/.test(chars[i + 1]!)) {
        const next = chars[++i]!;
        buf += next;
        if ((next === "”" || next === "」") && quoteDepth > 0) quoteDepth--;
      }
      if (quoteDepth === 0) {
        if (buf.trim()) out.push(buf.trim());
        buf = "";
      }
    }
  }
  if (buf.trim()) out.push(buf.trim());
  return out;
}

/** Count of CJK characters, letters and digits: how much "content" a string has. */
export function contentLength(text: string): number {
  return (text.match(/[\p{Script=Han}\p{L}\p{N}]/gu) ?? []).length;
}
