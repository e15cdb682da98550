/**
 * pino logger; logs go to stderr so CLI stdout stays machine-readable.
 * Every configured secret (BOT_TOKEN, LLM_API_KEY, passwords in REDIS_URL …:
 * `Config.secrets`) is redacted by value from every line, whatever its shape
 * and wherever it hides (an upstream error that echoes the key, a URL in a
 * stack), plus anything shaped like a Telegram token.
 */
import { pino, type Logger } from "pino";

export type { Logger };

/** What replaces a secret. */
export const REDACTED = "[redacted]";

/**
 * Secrets shorter than this are not redacted by value: a 3-letter "password"
 * would blank out ordinary words in every line. Real keys and tokens are far
 * longer (Telegram 46, OpenAI-style 51, WeCom 43).
 */
export const MIN_SECRET_CHARS = 6;

const TELEGRAM_TOKEN = /\d{5,}:[A-Za-z0-9_-]{20,}/g;

/** Every secret registered in this process (by createLogger or registerSecrets). */
const knownSecrets = new Set<string>();

/** Add secret values to the process-wide redaction list (every logger and `redact` use it). */
export function registerSecrets(secrets: readonly (string | undefined)[]): void {
  for (const s of secrets) if (s && s.length >= MIN_SECRET_CHARS) knownSecrets.add(s);
}

/** The forms a secret may take in a log line: raw, JSON-escaped, URL-encoded. */
function formsOf(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

/** `text` with every registered secret (and Telegram-shaped token) replaced by REDACTED. */
export function redact(text: string): string {
  let out = text;
  // longest first, so a secret that contains another is removed whole
  for (const s of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    for (const form of formsOf(s)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out.replace(TELEGRAM_TOKEN, "[token]");
}

/** Options of the root logger. */
export interface LoggerOptions {
  /** Secret values to redact (Config.secrets); added to the process-wide list. */
  secrets?: readonly (string | undefined)[];
  /** Where lines go (default stderr); tests pass a stream to read them. */
  destination?: { write(line: string): unknown };
  /** Write lines to this file instead of stderr (the console chat: log lines never mix into the conversation). */
  file?: string;
}

/** Create the root logger: every line passes through `redact` on its way out. */
export function createLogger(level: string = "info", options: LoggerOptions = {}): Logger {
  registerSecrets(options.secrets ?? []);
  const out = options.destination ?? (options.file ? pino.destination({ dest: options.file, mkdir: true, sync: false }) : pino.destination(2));
  return pino(
    {
      level,
      redact: {
        paths: ["token", "*.token", "config.botToken", "botToken", "apiKey", "*.apiKey", "secret", "*.secret", "config.wecom.secret"],
        censor: REDACTED,
      },
    },
    { write: (line: string) => out.write(redact(line)) },
  );
}

/** A logger that says nothing, for tests and library use. */
export const silentLogger: Logger = pino({ level: "silent" });
