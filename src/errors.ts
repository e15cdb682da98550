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
  constructor(readonly variable: string, detail: string) {
    super(`Invalid ${variable}: ${detail}`, `配置项 ${variable} 无效：${detail}`);
  }
}

/** A report file cannot be read: wrong type, empty, binary, or undecodable. */
export class ReportReadError extends JicengError {
  override readonly name = "ReportReadError";
  constructor(readonly file: string, detail: string, userDetail: string, options?: { cause?: unknown }) {
    super(`Cannot read report ${file}: ${detail}`, `无法读取报告「${file}」：${userDetail}`, options);
  }
}

/** Building or loading the index failed; the previous index (if any) is untouched. */
export class IndexError extends JicengError {
  override readonly name = "IndexError";
  constructor(message: string, userMessage: string, options?: { cause?: unknown }) {
    super(message, userMessage, options);
  }
}

/** The Chinese message to show for any thrown value. */
export function userMessageOf(error: unknown): string {
  if (error instanceof JicengError) return error.userMessage;
  return "抱歉，处理时出了点问题，请稍后再试。";
}
