/**
 * Bounds on a .docx (a zip) checked before anything inflates it: the sizes the
 * zip's central directory declares are summed and refused above a ratio and an
 * absolute cap, then every entry is inflated here with its declared size as the
 * hard output limit, so a zip that lies about its sizes is caught too. Only
 * then does mammoth (which trusts the zip) see the file.
 */
import { inflateRawSync } from "node:zlib";

/**
 * Largest total uncompressed size of a .docx's entries. A 20 MB report of
 * Chinese prose makes a document.xml of 30–50 MB (the XML around each run
 * roughly doubles the text); 80 MB leaves room for that and refuses the
 * 300 MB zip bomb that took a 3.9 GB heap before it was bounded.
 */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 80 * 1024 * 1024;

/**
 * Largest ratio of uncompressed to compressed size, over the whole file.
 * Word's XML deflates 5–15×; a table of repeated rows reaches ~40×; the
 * measured bombs were 250× and 660×. Checked only above
 * RATIO_CHECK_FROM_BYTES, so tiny documents (all boilerplate XML) pass.
 */
export const MAX_DOCX_RATIO = 100;

/** Below this uncompressed total the ratio is not checked (a 10 kB docx of styles can be 50× smaller zipped). */
export const RATIO_CHECK_FROM_BYTES = 8 * 1024 * 1024;

/** Most entries a .docx may have: Word writes ~10–30 plus one per image; 5,000 is generous and bounds the walk. */
export const MAX_DOCX_ENTRIES = 5_000;

/** Why a zip was refused. */
export type ZipRefusal = { kind: "not-zip"; detail: string } | { kind: "too-large"; detail: string };

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

/**
 * Check a zip's declared and actual uncompressed sizes against the caps.
 * Returns null when it is within bounds, else why not. Never inflates more
 * than MAX_DOCX_UNCOMPRESSED_BYTES in all.
 */
export function checkZipBounds(bytes: Uint8Array, limits = { maxBytes: MAX_DOCX_UNCOMPRESSED_BYTES, maxRatio: MAX_DOCX_RATIO }): ZipRefusal | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end-of-central-directory record: within the last 22 + 65535 bytes (its comment)
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { kind: "not-zip", detail: "no end of central directory" };
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries > MAX_DOCX_ENTRIES) return { kind: "too-large", detail: `${entries} entries` };
  if (cdOffset === ZIP64_MARK || cdOffset + cdSize > buf.length) return { kind: "not-zip", detail: "central directory out of range (or zip64)" };
  type Entry = { method: number; compressed: number; size: number; local: number; name: string };
  const list: Entry[] = [];
  let total = 0;
  let at = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CEN_SIG) return { kind: "not-zip", detail: "broken central directory" };
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLen);
    // zip64 sizes only make sense above 4 GB: far above the cap
    if (size === ZIP64_MARK || compressed === ZIP64_MARK) return { kind: "too-large", detail: `${name}: zip64 size` };
    total += size;
    if (total > limits.maxBytes) return { kind: "too-large", detail: `declared ${total} bytes uncompressed` };
    list.push({ method, compressed, size, local, name });
    at += 46 + nameLen + extraLen + commentLen;
  }
  if (total >= RATIO_CHECK_FROM_BYTES && total / Math.max(1, buf.length) > limits.maxRatio) {
    return { kind: "too-large", detail: `ratio ${(total / buf.length).toFixed(0)}:1` };
  }
  // the declared sizes are a claim: inflate each entry with its claim as the hard limit
  for (const e of list) {
    if (e.local + 30 > buf.length || buf.readUInt32LE(e.local) !== LOC_SIG) return { kind: "not-zip", detail: `${e.name}: bad local header` };
    const start = e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
    if (start + e.compressed > buf.length) return { kind: "not-zip", detail: `${e.name}: data out of range` };
    if (e.method === 0) {
      if (e.compressed !== e.size) return { kind: "not-zip", detail: `${e.name}: stored size mismatch` };
      continue;
    }
    if (e.method !== 8) return { kind: "not-zip", detail: `${e.name}: compression method ${e.method}` };
    try {
      // one byte over the claim is enough to know it lied
      const out = inflateRawSync(buf.subarray(start, start + e.compressed), { maxOutputLength: e.size + 1 });
      if (out.length > e.size) return { kind: "too-large", detail: `${e.name}: inflates beyond its declared ${e.size} bytes` };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ERR_BUFFER_TOO_LARGE") return { kind: "too-large", detail: `${e.name}: inflates beyond its declared ${e.size} bytes` };
      return { kind: "not-zip", detail: `${e.name}: ${String(error)}` };
    }
  }
  return null;
}
