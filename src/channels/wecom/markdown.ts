/**
 * A channel-neutral `Reply` as WeCom markdown, within the byte limit of one
 * stream frame. Corpus and user text is escaped: markdown's inline marks
 * anywhere, block marks (#, >, -, +, 1.) at the start of a line. Citation
 * marks `[n]` stay as they are: with no link definitions they cannot form links.
 */
import type { Block, Reply } from "../../conversation/types.js";

/** WeCom's limit on one stream frame's `content`, in UTF-8 bytes (aibot-node-sdk StreamReplyBody: "最长不超过 20480 个字节"). */
export const WECOM_CONTENT_MAX_BYTES = 20480;

const encoder = new TextEncoder();

/** UTF-8 length of a string. */
export function byteLength(s: string): number {
  return encoder.encode(s).byteLength;
}

/** Escape text for WeCom markdown, keeping citation marks `[n]` readable. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~[\]<>|]/g, (c) => `\\${c}`)
    .replace(/\\\[(\d{1,3})\\\]/g, "[$1]")
    .split("\n")
    .map((line) => line.replace(/^(\s*)([#>+-]|\d+\.)/, (_m, sp: string, mark: string) => `${sp}\\${mark}`))
    .join("\n");
}

/** A block as markdown units: the places where a long reply may be cut. */
function units(b: Block): string[] {
  switch (b.type) {
    case "heading":
      return [`**${escapeMarkdown(b.text)}**`];
    case "answer":
      return b.text
        .split("\n")
        .filter((l) => l.trim())
        .map(escapeMarkdown);
    case "text":
      return [escapeMarkdown(b.text)];
    case "list":
      return b.items.map((i) => `- ${escapeMarkdown(i)}`);
    case "quote":
      return [
        b.text
          .split("\n")
          .map((l) => `> ${escapeMarkdown(l)}`)
          .join("\n"),
      ];
    case "sources":
      return [
        "**来源**",
        ...b.groups.map((g) =>
          [`《${escapeMarkdown(g.title)}》`, ...g.items.map((i) => `[${i.n}] ${escapeMarkdown(i.short)} · \`/source ${i.id}\``)].join("\n"),
        ),
      ];
    case "suggestions":
      return [[escapeMarkdown(b.intro), ...b.items.map((i) => `- ${escapeMarkdown(i)}`)].join("\n")];
    case "hint":
      return [`${escapeMarkdown(b.text)}：\`${b.command.replace(/`/g, "")}\``];
  }
}

/**
 * Render a reply. When it does not fit `maxBytes`, whole units are kept from the
 * start (answer lines first, so the source list may go) and a last line points
 * at the sources to open, so nothing is cut mid-sentence.
 */
export function renderMarkdown(reply: Reply, maxBytes: number = WECOM_CONTENT_MAX_BYTES): string {
  const all = reply.blocks.map((b) => units(b));
  const full = all.map((u) => u.join("\n")).join("\n\n");
  if (byteLength(full) <= maxBytes) return full;
  const ids = reply.actions.flatMap((a) => (a.type === "source" ? [a.id] : []));
  const tail = `……内容较长，已截断。${
    ids.length
      ? `查看原文：${ids
          .slice(0, 8)
          .map((id) => `\`/source ${id}\``)
          .join(" ")}`
      : ""
  }`;
  let out = "";
  for (const blockUnits of all) {
    for (const [i, u] of blockUnits.entries()) {
      const next = out ? `${out}${i === 0 ? "\n\n" : "\n"}${u}` : u;
      if (byteLength(next) + byteLength(tail) + 2 > maxBytes) return out ? `${out}\n\n${tail}` : tail;
      out = next;
    }
  }
  return out;
}
