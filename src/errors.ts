/**
 * Errors sorted by who failed, so callers can pick the right message for the user.
 * Every error carries a Chinese message fit to show a person (`userMessage`) and
 * an English `message` for logs.
 */

/** Base class: something Jiceng itself detected and can explain. */
export class JicengError extends Error {
  override readonly name: string = "JicengError";
  /** Simplified-Chinese text safe to show to the user. */
  readonly userMessage: string;
  constructor(message: string, userMessage: string, options?: { cause?: unknown }) {
    super(message, options);
    this.userMessage = userMessage;
  }
}

/** A configuration variable is missing or malformed. */
export class ConfigError extends JicengError {
  override readonly name = "ConfigError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid ${variable}: ${detail}`, `配置项 ${variable} 无效：${detail}`);
  }
}

/** A report file cannot be read: wrong type, empty, binary, or undecodable. */
export class ReportReadError extends JicengError {
  override readonly name = "ReportReadError";
  constructor(
    readonly file: string,
    detail: string,
    userDetail: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot read report ${file}: ${detail}`, `无法读取报告「${file}」：${userDetail}`, options);
  }
}

/** Building or loading the index failed; the previous index (if any) is untouched. */
export class IndexError extends JicengError {
  override readonly name: string = "IndexError";
  constructor(message: string, userMessage: string, options?: { cause?: unknown }) {
    super(message, userMessage, options);
  }
}

/** What every channel shows when a reindex or a report upload is already running. */
export const REINDEX_BUSY_MESSAGE = "已有一个重建索引或上传报告的任务正在进行，请等它完成后再试。";

/**
 * A reindex (or a report upload, which reindexes) is already running, in this
 * process or another; nothing was changed and the caller may simply retry
 * later. The one error for it: the assistant's one-job-at-a-time guard and
 * the cross-process reindex lock both throw it, and the bot, the console and
 * the CLI show its one message. It is an IndexError: the index stage refused.
 */
export class ReindexBusyError extends IndexError {
  override readonly name = "ReindexBusyError";
  /** `detail` says, for logs, who holds the job (e.g. the lock owner's pid). */
  constructor(detail = "a reindex is already running", options?: { cause?: unknown }) {
    super(`Reindex already running (${detail})`, REINDEX_BUSY_MESSAGE, options);
  }
}

/**
 * The feedback database (PostgreSQL in a fleet) cannot be reached: the vote or
 * answer was not recorded, nothing was half-written, and answering goes on.
 */
export class FeedbackUnavailableError extends JicengError {
  override readonly name = "FeedbackUnavailableError";
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`Feedback store unavailable: ${detail}`, "评价暂时记录不了（数据库连不上），请稍后再点一次。问答不受影响。", options);
  }
}

/** The Chinese message to show for any thrown value. */
export function userMessageOf(error: unknown): string {
  if (error instanceof JicengError) return error.userMessage;
  return "抱歉，处理时出了点问题，请稍后再试。";
}
