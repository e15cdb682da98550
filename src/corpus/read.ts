/**
 * Decode a report file's bytes into Unicode text: .txt/.md in UTF-8, UTF-16 (BOM), GBK/GB18030
 * or Big5 (detected, never mojibake), .docx through mammoth. Binary, empty and
 * unsupported files are rejected with a clear message.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import chardet from "chardet";
import iconv from "iconv-lite";
import mammoth from "mammoth";
import { ReportReadError } from "../errors.js";
import { checkZipBounds, MAX_DOCX_UNCOMPRESSED_BYTES } from "./zip-bounds.js";

/** File extensions accepted as reports. */
export const REPORT_EXTENSIONS = [".txt", ".md", ".docx"] as const;

/** Largest report accepted, in bytes. */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

/** Decoded report text and how it was decoded. */
export interface DecodedText {
  text: string;
  encoding: string;
  hash: string;
}

/** True when the file name has a supported report extension. */
export function isReportFile(file: string): boolean {
  return (REPORT_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** sha256 of bytes, hex. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Share of characters that are ordinary Chinese text, letters, digits, punctuation or whitespace. */
function plausibility(text: string): number {
  if (!text) return 0;
  const chars = Array.from(text);
  const good = chars.filter((c) => /[\p{Script=Han}\p{L}\p{N}\p{P}\s\p{S}]/u.test(c) && c !== "\uFFFD").length;
  return good / chars.length;
}

/**
 * Share of NUL bytes that must sit at one parity (odd offsets for UTF-16LE,
 * even for BE) to read a BOM-less file as UTF-16. ASCII, digits and line
 * breaks in UTF-16 put their NUL always at the same parity; a binary file
 * scatters them. Han characters have no NUL byte, so Chinese UTF-16 shows
 * only a few NULs, all on one side.
 */
const UTF16_NUL_PARITY_SHARE = 0.95;

/** Plausibility a decoded text needs to be accepted (share of ordinary characters). */
const MIN_PLAUSIBILITY = 0.97;

/** "utf-16le"/"utf-16be" when the NUL bytes of `head` all sit at one parity, else null. */
export function guessUtf16(head: Uint8Array): "utf-16le" | "utf-16be" | null {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const all = even + odd;
  if (all === 0) return null;
  if (odd / all >= UTF16_NUL_PARITY_SHARE) return "utf-16le";
  if (even / all >= UTF16_NUL_PARITY_SHARE) return "utf-16be";
  return null;
}

/** Decode plain-text bytes, detecting the encoding. Throws ReportReadError on failure. */
export function decodeText(bytes: Uint8Array, file: string): { text: string; encoding: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), "utf-16le"), encoding: "utf-16le" };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), "utf-16be"), encoding: "utf-16be" };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    // UTF-16 saved without a BOM (Notepad's "Unicode" from some tools): its NULs sit at one parity
    const utf16 = bytes.length % 2 === 0 ? guessUtf16(head) : null;
    if (utf16) {
      const text = iconv.decode(Buffer.from(bytes), utf16);
      if (plausibility(text.slice(0, 65_536)) >= MIN_PLAUSIBILITY) return { text, encoding: utf16 };
    }
    throw new ReportReadError(file, "binary content (NUL bytes)", "文件是二进制内容，不是文本报告。");
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // not UTF-8: try the Chinese legacy encodings, best candidate first
  }
  const detected = chardet.analyse(bytes).map((m) => m.name.toLowerCase());
  const candidates = [...new Set([...detected.filter((n) => /gb|big5/.test(n)), "gb18030", "big5"])].map((n) => (n.startsWith("gb") ? "gb18030" : n));
  let best: { text: string; encoding: string; score: number } | undefined;
  for (const enc of [...new Set(candidates)]) {
    if (!iconv.encodingExists(enc)) continue;
    const text = iconv.decode(Buffer.from(bytes), enc);
    const score = plausibility(text);
    if (!best || score > best.score) best = { text, encoding: enc, score };
  }
  if (!best || best.score < MIN_PLAUSIBILITY) {
    throw new ReportReadError(file, "unknown text encoding", "无法识别文件编码，请另存为 UTF-8 或 GBK 文本后再试。");
  }
  return { text: best.text, encoding: best.encoding };
}

/** Turn .docx paragraphs into the same markdown-ish text as .txt reports (Heading 1/2 → #/##). */
async function docxToText(bytes: Uint8Array, file: string): Promise<string> {
  try {
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    const blocks = html.match(/<(h[1-6]|p)[^>]*>[\s\S]*?<\/\1>/g) ?? [];
    const unescape = (s: string) =>
      s
        .replace(/<[^>]+>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
    return blocks
      .map((b) => {
        const tag = /^<(h[1-6]|p)/.exec(b)?.[1] ?? "p";
        const text = unescape(b).trim();
        if (tag === "h1") return `# ${text}`;
        if (/^h[2-6]$/.test(tag)) return `## ${text}`;
        return text;
      })
      .join("\n\n");
  } catch (cause) {
    throw new ReportReadError(file, "not a valid .docx", "不是有效的 Word（.docx）文件。", { cause });
  }
}

/** Decode a report's bytes by its file name. */
export async function decodeReport(bytes: Uint8Array, file: string): Promise<DecodedText> {
  const ext = path.extname(file).toLowerCase();
  if (!isReportFile(file)) {
    throw new ReportReadError(file, `unsupported type ${ext || "(none)"}`, `不支持的文件类型「${ext || "无扩展名"}」，只接受 .txt、.md、.docx。`);
  }
  if (bytes.length === 0) throw new ReportReadError(file, "empty file", "文件是空的。");
  if (bytes.length > MAX_REPORT_BYTES) throw new ReportReadError(file, "too large", `文件超过 ${MAX_REPORT_BYTES / 1024 / 1024} MB 上限。`);
  const hash = hashBytes(bytes);
  let text: string;
  let encoding: string;
  if (ext === ".docx") {
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw new ReportReadError(file, "not a zip container", "不是有效的 Word（.docx）文件。");
    // sizes are checked before anything inflates the file: a zip bomb is refused for what it is
    const refusal = checkZipBounds(bytes);
    if (refusal?.kind === "too-large") {
      throw new ReportReadError(
        file,
        `zip bomb? ${refusal.detail}`,
        `文件解压后过大（超过 ${MAX_DOCX_UNCOMPRESSED_BYTES / 1024 / 1024} MB 或压缩比异常），请检查文件或拆分后再试。`,
      );
    }
    if (refusal) throw new ReportReadError(file, `not a valid zip: ${refusal.detail}`, "不是有效的 Word（.docx）文件。");
    text = await docxToText(bytes, file);
    encoding = "docx";
  } else {
    ({ text, encoding } = decodeText(bytes, file));
  }
  text = text.replace(/\r\n?/g, "\n");
  if (!/[\p{Script=Han}\p{L}]/u.test(text)) throw new ReportReadError(file, "no text content", "文件里没有可读的文字内容。");
  return { text, encoding, hash };
}
