/**
 * A channel-neutral `Reply` (src/conversation) as Telegram HTML parts: every
 * string escaped, `[n]` marks bolded, commands as <code> (tap to copy), each
 * part under Telegram's 4096-character limit.
 */
import type { Block, Reply } from "../../conversation/types.js";
import { escapeHtml, MESSAGE_LIMIT, splitHtml } from "./html.js";

function block(b: Block): string {
  switch (b.type) {
    case "answer":
      return escapeHtml(b.text).replace(/\[(\d{1,3})\]/g, "<b>$&</b>");
    case "heading":
      return `<b>${escapeHtml(b.text)}</b>`;
    case "text":
    case "quote":
      return escapeHtml(b.text);
    case "list":
      return b.items.map((i) => `• ${escapeHtml(i)}`).join("\n");
    case "sources":
      return ["<b>来源</b>", ...b.groups.flatMap((g) => [`《${escapeHtml(g.title)}》`, ...g.items.map((i) => `[${i.n}] ${escapeHtml(i.short)}`)])].join("\n");
    case "suggestions":
      return [escapeHtml(b.intro), ...b.items.map((i) => `• <code>${escapeHtml(i)}</code>`)].join("\n");
    case "hint":
      return `${escapeHtml(b.text)}：<code>${escapeHtml(b.command)}</code>`;
  }
}

/** Render a reply as Telegram HTML parts. */
export function renderReplyHtml(reply: Reply, limit: number = MESSAGE_LIMIT): string[] {
  return splitHtml(reply.blocks.map(block).join("\n\n"), limit);
}
