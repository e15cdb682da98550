/** pino logger; logs go to stderr so CLI stdout stays machine-readable. */
import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Create the root logger. Anything that looks like a bot token is redacted.
 * Logs go to stderr, or to `file` (the console chat: log lines never mix into the conversation).
 */
export function createLogger(level: string = "info", file?: string): Logger {
  return pino(
    {
      level,
      redact: { paths: ["token", "*.token", "config.botToken", "botToken", "secret", "*.secret", "config.wecom.secret"], censor: "[redacted]" },
      hooks: {
        logMethod(args, method) {
          // Never let a Telegram token reach a log line, wherever it hides (URLs in errors).
          const scrub = (v: unknown): unknown => (typeof v === "string" ? v.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, "[token]") : v);
          method.apply(this, args.map(scrub) as Parameters<typeof method>);
        },
      },
    },
    file ? pino.destination({ dest: file, mkdir: true, sync: false }) : pino.destination(2),
  );
}

/** A logger that says nothing, for tests and library use. */
export const silentLogger: Logger = pino({ level: "silent" });
