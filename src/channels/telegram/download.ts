/**
 * Download a file a user sent: getFile, then `<apiRoot>/file/bot<token>/<path>`,
 * reading at most `maxBytes`. Errors never carry the URL (it contains the token).
 */
import type { Api } from "grammy";
import { JicengError } from "../../errors.js";

/** A file could not be fetched from the Bot API server. */
export class DownloadError extends JicengError {
  override readonly name = "DownloadError";
  constructor(detail: string, userMessage = "文件下载失败，请稍后重新发送。", options?: { cause?: unknown }) {
    super(`Telegram file download failed: ${detail}`, userMessage, options);
  }
}

/** How long a download may take. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Fetch a Telegram file's bytes. Throws DownloadError (too large, HTTP error, network). */
export async function downloadTelegramFile(
  api: Api,
  opts: { apiRoot: string; token: string; fileId: string; maxBytes: number; fileName: string },
): Promise<Uint8Array> {
  const file = await api.getFile(opts.fileId);
  if (!file.file_path) throw new DownloadError("getFile returned no file_path");
  const tooLarge = () =>
    new DownloadError("file too large", `文件「${opts.fileName}」太大了，报告文件不能超过 ${Math.floor(opts.maxBytes / 1024 / 1024)} MB。`);
  if (file.file_size !== undefined && file.file_size > opts.maxBytes) throw tooLarge();

  const filePath = file.file_path.split("/").map(encodeURIComponent).join("/");
  let res: Response;
  try {
    res = await fetch(`${opts.apiRoot}/file/bot${opts.token}/${filePath}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err instanceof Error ? err.name : "unknown");
    throw new DownloadError(`network error (${code})`);
  }
  if (!res.ok || !res.body) throw new DownloadError(`HTTP ${res.status}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > opts.maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}
