/** Plain-text rendering of a `Reply`, for the console (and any channel without markup). */
import type { Block, Reply } from "./types.js";

function block(b: Block): string {
  switch (b.type) {
    case "answer":
    case "text":
    case "heading":
      return b.text;
    case "list":
      return b.items.map((i) => `• ${i}`).join("\n");
    case "quote":
      return b.text;
    case "sources":
      return ["来源：", ...b.groups.flatMap((g) => [`《${g.title}》`, ...g.items.map((i) => `  [${i.n}] ${i.short}（/source ${i.id}）`)])].join("\n");
    case "suggestions":
      return [b.intro, ...b.items.map((i) => `• ${i}`)].join("\n");
    case "hint":
      return `${b.text}：${b.command}`;
  }
}

/** A reply as plain text, blocks separated by a blank line. */
export function renderPlain(reply: Reply): string {
  return reply.blocks.map(block).filter(Boolean).join("\n\n");
}
