/**
 * Telegram-HTML primitives: escaping and splitting long messages.
 * Telegram rejects a message over 4096 characters or with a tag cut in half,
 * so splitting works on whole tags and entities and re-opens any formatting
 * that spans a cut.
 */

/** Telegram's hard limit for a message text. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** What we aim for: a margin under the hard limit. */
export const MESSAGE_LIMIT = 4000;

/** Escape text for Telegram HTML (`&`, `<`, `>`, `"`). Apply to every corpus and user string. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

interface Atom {
  text: string;
  /** "open"/"close" tags change the open-tag stack; "text" is a character or an entity. */
  kind: "open" | "close" | "text";
  /** Tag name for open/close atoms. */
  tag?: string;
}

/** Break quality after an atom: 3 paragraph, 2 line, 1 sentence/clause, 0 anywhere. */
function breakPriority(atoms: Atom[], i: number): number {
  const a = atoms[i];
  if (!a || a.kind !== "text") return -1;
  if (a.text === "\n") return atoms[i - 1]?.text === "\n" ? 3 : 2;
  if (/^[。！？；!?;]$/.test(a.text)) return 1;
  return 0;
}

function tokenize(html: string): Atom[] {
  const atoms: Atom[] = [];
  const re = /<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);/gy;
  let i = 0;
  while (i < html.length) {
    re.lastIndex = i;
    const m = re.exec(html);
    if (m) {
      const raw = m[0];
      if (raw.startsWith("</")) atoms.push({ text: raw, kind: "close", tag: m[1]?.toLowerCase() });
      else if (raw.startsWith("<")) atoms.push({ text: raw, kind: "open", tag: m[1]?.toLowerCase() });
      else atoms.push({ text: raw, kind: "text" });
      i += raw.length;
      continue;
    }
    const cp = html.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    atoms.push({ text: ch, kind: "text" });
    i += ch.length;
  }
  return atoms;
}

const closing = (stack: Atom[]) =>
  stack
    .slice()
    .reverse()
    .map((a) => `</${a.tag}>`)
    .join("");

/**
 * Split Telegram HTML into parts of at most `limit` characters, preferring a
 * paragraph break, then a line break, then the end of a sentence. Tags and
 * entities are never cut; formatting open at a cut is closed at the end of one
 * part and re-opened at the start of the next, so every part is valid HTML.
 */
export function splitHtml(html: string, limit: number = MESSAGE_LIMIT): string[] {
  const trimmed = html.trim();
  if (trimmed.length <= limit) return trimmed ? [trimmed] : [];
  const atoms = tokenize(trimmed);
  const parts: string[] = [];
  let stack: Atom[] = [];
  let body: Atom[] = [];
  let prefix = "";
  let bodyLen = 0;
  /** Candidate cuts in the current part: index into `body` (cut after), priority, stack there. */
  let candidates: { at: number; priority: number; len: number; stack: Atom[] }[] = [];

  const emit = (cutAt: number, cutStack: Atom[]) => {
    const kept = body.slice(0, cutAt + 1);
    let text = kept.map((a) => a.text).join("");
    text = text.replace(/\s+$/u, "");
    const part = `${prefix}${text}${closing(cutStack)}`;
    if (text.trim()) parts.push(part);
    const rest = body.slice(cutAt + 1);
    prefix = cutStack.map((a) => a.text).join("");
    body = [];
    bodyLen = 0;
    candidates = [];
    // Re-feed what followed the cut, dropping whitespace at the start of the new part.
    let s = cutStack.slice();
    let leading = true;
    for (const a of rest) {
      if (leading && a.kind === "text" && /^\s$/u.test(a.text)) continue;
      leading = false;
      s = apply(s, a);
      push(a, s);
    }
  };

  const apply = (s: Atom[], a: Atom): Atom[] => {
    if (a.kind === "open") return [...s, a];
    if (a.kind === "close") {
      const idx = s.map((x) => x.tag).lastIndexOf(a.tag);
      return idx >= 0 ? [...s.slice(0, idx), ...s.slice(idx + 1)] : s;
    }
    return s;
  };

  const push = (a: Atom, after: Atom[]) => {
    body.push(a);
    bodyLen += a.text.length;
    const p = breakPriority(body, body.length - 1);
    if (p >= 0) candidates.push({ at: body.length - 1, priority: p, len: bodyLen, stack: after });
  };

  for (const atom of atoms) {
    const next = apply(stack, atom);
    const projected = prefix.length + bodyLen + atom.text.length + closing(next).length;
    if (projected > limit && body.length > 0) {
      // Best cut: the highest priority that keeps the part at least half full; else the latest cut.
      let best: (typeof candidates)[number] | undefined;
      for (const prio of [3, 2, 1, 0]) {
        const fit = candidates.filter((c) => c.priority === prio && prefix.length + c.len + closing(c.stack).length <= limit && c.len >= limit / 2);
        best = fit[fit.length - 1];
        if (best) break;
      }
      if (!best) {
        const fit = candidates.filter((c) => prefix.length + c.len + closing(c.stack).length <= limit);
        best = fit[fit.length - 1];
      }
      if (best) emit(best.at, best.stack);
      else emit(body.length - 1, stack);
    }
    stack = next;
    push(atom, stack);
  }
  const tail = `${prefix}${body.map((a) => a.text).join("")}`.replace(/\s+$/u, "");
  if (body.some((a) => a.kind === "text" && a.text.trim())) parts.push(tail + closing(stack));
  return parts;
}

/** Shorten plain text to `max` characters with an ellipsis (before escaping). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
}
