/**
 * Text → command, once for every channel: `/cmd arg`, `/cmd@botname arg`, or
 * plain text (a question). The confirmation words of a two-step admin action
 * (确认 / 取消) are commands too.
 */
import type { Command } from "./types.js";

/** Commands the layer knows; `start` is help, `ask` a question, `id` stays with the channel that has it. */
const KNOWN = new Set(["ask", "help", "start", "stats", "examples", "sources", "source", "reindex", "reports", "remove", "confirm", "cancel"]);

/** Words that confirm or cancel a pending admin action when sent on their own. */
const CONFIRM_WORDS = new Set(["确认", "确定", "是", "yes", "y"]);
const CANCEL_WORDS = new Set(["取消", "否", "不", "no", "n"]);

/** Parse one message. A leading slash makes a command; full-width ／ counts (Chinese keyboards). */
export function parseCommand(raw: string): Command {
  const text = String(raw ?? "")
    .replace(/^\uFF0F/, "/")
    .trim();
  if (!text) return { name: "empty" };
  const lower = text.toLowerCase();
  if (CONFIRM_WORDS.has(lower)) return { name: "confirm", arg: "" };
  if (CANCEL_WORDS.has(lower)) return { name: "cancel", arg: "" };
  const m = /^\/([A-Za-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) return { name: "ask", arg: text };
  const cmd = m[1]!.toLowerCase();
  const arg = (m[2] ?? "").trim();
  if (!KNOWN.has(cmd)) return { name: "unknown", command: cmd, arg };
  if (cmd === "start") return { name: "help", arg };
  return { name: cmd as Exclude<Command, { name: "unknown" } | { name: "empty" }>["name"], arg };
}

/** Whether `userId` is on a channel's admin allow-list (ids compared as trimmed strings). */
export function isOnAllowList(allowList: Iterable<string | number>, userId: string | number | undefined): boolean {
  if (userId === undefined) return false;
  const id = String(userId).trim();
  for (const a of allowList) if (String(a).trim() === id) return true;
  return false;
}

/** The follow-up context key of a chat: `<channel>:<chat>`, so two channels never share a conversation. */
export function contextKey(channel: string, chatId: string | number): string {
  return `${channel}:${chatId}`;
}

/** Word after a /stats keyword that asks for every figure, not just the key ones (`/stats 碧江 更多`). */
const MORE_WORD = /\s*(?:更多|more)$/i;

/** Split `/stats` input into the keyword and whether 「更多」 was asked for. */
export function splitMore(arg: string): { query: string; more: boolean } {
  const t = arg.trim();
  return { query: t.replace(MORE_WORD, "").replace(/\s+/g, " ").trim(), more: MORE_WORD.test(t) };
}
