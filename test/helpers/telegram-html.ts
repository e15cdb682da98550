/**
 * A checker for Telegram's HTML parse mode, stricter than the emulator (which
 * accepts anything): only Telegram's tags, properly nested, entities well
 * formed, visible text 1–4096 characters.
 */

const ALLOWED = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"]);
const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Parse Telegram HTML: the visible text, or an error like Telegram's "can't parse entities". */
export function parseTelegramHtml(html: string): { ok: true; text: string } | { ok: false; error: string } {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === "<") {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:="[^"<>]*")?)*)\s*>/.exec(html.slice(i));
      if (!m) return { ok: false, error: `Unsupported start tag at byte offset ${i}` };
      const [raw, slash, nameRaw] = m;
      const name = nameRaw!.toLowerCase();
      if (!ALLOWED.has(name)) return { ok: false, error: `Unsupported start tag "${name}" at ${i}` };
      if (slash) {
        if (stack.pop() !== name) return { ok: false, error: `Unmatched end tag "${name}" at ${i}` };
      } else stack.push(name);
      i += raw!.length;
      continue;
    }
    if (ch === "&") {
      const m = /^&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/.exec(html.slice(i));
      if (!m) return { ok: false, error: `Can't find end of the entity at ${i}` };
      const body = m[1]!;
      if (body.startsWith("#")) text += String.fromCodePoint(body[1] === "x" ? parseInt(body.slice(2), 16) : Number(body.slice(1)));
      else if (NAMED_ENTITIES[body] !== undefined) text += NAMED_ENTITIES[body];
      else text += m[0];
      i += m[0].length;
      continue;
    }
    if (ch === ">") return { ok: false, error: `Unescaped ">" at ${i}` };
    text += ch;
    i++;
  }
  if (stack.length) return { ok: false, error: `Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"` };
  return { ok: true, text };
}

/** Null when `html` is a message Telegram would accept, else the reason. */
export function telegramHtmlError(html: string): string | null {
  const r = parseTelegramHtml(html);
  if (!r.ok) return r.error;
  if (r.text.trim().length === 0) return "message text is empty";
  if (r.text.length > 4096) return "message is too long";
  return null;
}
