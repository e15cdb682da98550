/**
 * What an uploaded report must satisfy before anything is written, and the
 * replacements waiting for an admin's confirmation. Channel-free: every
 * channel (Telegram, WeCom, console) shows the same messages and the same
 * "confirm to replace" step.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { isReportFile } from "../corpus/read.js";
import { ReportReadError } from "../errors.js";
import { messages } from "./messages.js";

/**
 * Longest report file name, in UTF-8 bytes. File systems allow 255 bytes per
 * name (ext4, APFS, NTFS in UTF-16 units); the upload also writes
 * `<name>.uploading` and `<name>.bak-<ms>` beside it, so 200 leaves room
 * (≈ 66 Chinese characters). A 300-character name used to fail deep in the
 * file system with a generic apology.
 */
export const MAX_FILE_NAME_BYTES = 200;

/**
 * Bidirectional controls (LRM/RLM, embeddings, overrides, isolates, the Arabic
 * letter mark): invisible, and a right-to-left override makes `cod.txt`
 * display as `txt.doc`. Stripped from every report name.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** How long a replacement waits for its confirmation. */
export const REPLACE_CONFIRM_TTL_MS = 10 * 60_000;

/** Replacements waiting at once (each holds up to 20 MB of bytes): the oldest goes first. */
const MAX_PENDING = 8;

/** A name as shown to people: no bidi controls, no control characters, trimmed. */
export function displayName(raw: string): string {
  return String(raw ?? "")
    .replace(BIDI_CONTROLS, "")
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim();
}

/**
 * The file name an upload is saved under, or a ReportReadError saying in
 * Chinese what is wrong with it (too long, hidden, wrong type).
 */
export function cleanReportName(raw: string): string {
  const base = path
    .basename(displayName(raw).replace(/\\/g, "/"))
    .replace(/[\\/:*?"<>|]/g, "_")
    .trim();
  if (Buffer.byteLength(base, "utf8") > MAX_FILE_NAME_BYTES) {
    throw new ReportReadError(`${base.slice(0, 40)}…`, `file name of ${Buffer.byteLength(base, "utf8")} bytes`, messages.fileNameTooLong(MAX_FILE_NAME_BYTES));
  }
  if (!base || base.startsWith(".") || !isReportFile(base)) throw new ReportReadError(base || "?", "bad file name", messages.badFileName);
  return base;
}

/** A replacement waiting for its confirmation. */
export interface PendingReplacement {
  token: string;
  file: string;
  bytes: Uint8Array;
  expiresAt: number;
}

/** The replacements waiting for confirmation, by token (in memory: a restart forgets them, which changes nothing). */
export class PendingReplacements {
  private readonly byToken = new Map<string, PendingReplacement>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Hold `bytes` for `file`; returns the token that confirms it. A newer upload of the same name replaces an older one. */
  add(file: string, bytes: Uint8Array): PendingReplacement {
    this.prune();
    for (const [t, p] of this.byToken) if (p.file === file) this.byToken.delete(t);
    while (this.byToken.size >= MAX_PENDING) this.byToken.delete(this.byToken.keys().next().value as string);
    const pending = { token: randomBytes(8).toString("hex"), file, bytes, expiresAt: this.now() + REPLACE_CONFIRM_TTL_MS };
    this.byToken.set(pending.token, pending);
    return pending;
  }

  /** Take (and forget) the replacement of `token`, or null when unknown or expired. */
  take(token: string): PendingReplacement | null {
    this.prune();
    const p = this.byToken.get(String(token ?? "").trim()) ?? null;
    if (p) this.byToken.delete(p.token);
    return p;
  }

  private prune(): void {
    const t = this.now();
    for (const [k, p] of this.byToken) if (p.expiresAt <= t) this.byToken.delete(k);
  }
}
