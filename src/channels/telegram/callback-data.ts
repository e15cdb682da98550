/**
 * Typed inline-button payloads, packed and unpacked in one place.
 * Telegram allows at most 64 bytes of callback data; `pack` refuses more.
 */
import type { Context, MiddlewareFn } from "grammy";

/** Every button the bot can send. */
export type CallbackData =
  /** Ask the n-th /start example question. */
  | { kind: "example"; index: number }
  /** Open the full passage behind a citation. */
  | { kind: "source"; id: string }
  /** 👍 (`up: true`) or 👎 on a recorded answer. */
  | { kind: "feedback"; answerId: number; up: boolean }
  /** An admin confirms (`yes: true`) or cancels replacing a report of the same name. */
  | { kind: "replace"; token: string; yes: boolean };

/** Telegram's limit on `callback_data`, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** Callback data would exceed Telegram's 64-byte limit. */
export class CallbackDataTooLongError extends Error {
  override readonly name = "CallbackDataTooLongError";
  constructor(readonly data: string) {
    super(`callback data is ${Buffer.byteLength(data, "utf8")} bytes (max ${CALLBACK_DATA_MAX_BYTES})`);
  }
}

/** Serialise a payload: `q:1`, `s:bijiang:2.3`, `f:+:42`. Throws CallbackDataTooLongError over 64 bytes. */
export function packCallbackData(data: CallbackData): string {
  let packed: string;
  switch (data.kind) {
    case "example":
      packed = `q:${data.index}`;
      break;
    case "source":
      packed = `s:${data.id}`;
      break;
    case "feedback":
      packed = `f:${data.up ? "+" : "-"}:${data.answerId}`;
      break;
    case "replace":
      packed = `r:${data.yes ? "y" : "n"}:${data.token}`;
      break;
  }
  if (Buffer.byteLength(packed, "utf8") > CALLBACK_DATA_MAX_BYTES) throw new CallbackDataTooLongError(packed);
  return packed;
}

/** Parse callback data; null for anything malformed or from an older bot version. */
export function unpackCallbackData(raw: string | undefined): CallbackData | null {
  if (!raw) return null;
  const m = /^([a-z]):(.*)$/s.exec(raw);
  if (!m) return null;
  const [, kind, rest = ""] = m;
  switch (kind) {
    case "q":
      return /^\d{1,3}$/.test(rest) ? { kind: "example", index: Number(rest) } : null;
    case "s":
      return rest.length > 0 && !/\s/.test(rest) ? { kind: "source", id: rest } : null;
    case "f": {
      const f = /^([+-]):(\d{1,15})$/.exec(rest);
      return f ? { kind: "feedback", up: f[1] === "+", answerId: Number(f[2]) } : null;
    }
    case "r": {
      const r = /^([yn]):([0-9a-f]{8,32})$/.exec(rest);
      return r ? { kind: "replace", yes: r[1] === "y", token: r[2]! } : null;
    }
    default:
      return null;
  }
}

/**
 * Middleware for one kind of button: runs `handler` with the unpacked payload
 * when the pressed button is of that kind, and passes anything else on.
 */
export function onCallback<C extends Context, K extends CallbackData["kind"]>(
  kind: K,
  handler: (ctx: C, data: Extract<CallbackData, { kind: K }>) => Promise<unknown>,
): MiddlewareFn<C> {
  return async (ctx, next) => {
    const data = unpackCallbackData(ctx.callbackQuery?.data);
    if (data?.kind !== kind) return next();
    await handler(ctx, data as Extract<CallbackData, { kind: K }>);
  };
}
