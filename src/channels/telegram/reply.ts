/** Sending helpers shared by features: multi-part HTML replies and the "typing…" indicator. */
import type { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { messages } from "./messages.js";
import type { BotContext } from "./context.js";

/** Send HTML parts in order; the keyboard goes on the last part. Returns the sent messages. */
export async function replyHtml(
  ctx: BotContext,
  parts: readonly string[],
  options: { keyboard?: InlineKeyboard; replyTo?: number } = {},
): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const [i, text] of parts.entries()) {
    const last = i === parts.length - 1;
    sent.push(
      await ctx.reply(text, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(i === 0 && options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
        ...(last && options.keyboard ? { reply_markup: options.keyboard } : {}),
      }),
    );
  }
  return sent;
}

/** How often Telegram needs the chat action repeated (it shows for ~5 s). */
const TYPING_EVERY_MS = 4500;

/**
 * Show "typing…" while `work` runs. The chat action is non-essential: a failure
 * is logged once and ignored.
 */
export async function withTyping<T>(ctx: BotContext, work: () => Promise<T>): Promise<T> {
  let warned = false;
  const send = () => {
    ctx.replyWithChatAction("typing").catch((err: unknown) => {
      if (warned) return;
      warned = true;
      ctx.logger.warn({ err: describeError(err) }, "sendChatAction failed (ignored)");
    });
  };
  send();
  const timer = setInterval(send, TYPING_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** A short, token-free description of an error for logs. */
export function describeError(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: typeof err, message: String(err) };
}

/**
 * Normalise a question or topic typed in chat; replies with the reason and
 * returns null when it is empty or longer than the assistant reads.
 */
export async function acceptQuestion(ctx: BotContext, raw: string, maxChars: number, emptyReply: string): Promise<string | null> {
  const text = raw.replace(/\s+/g, " ").trim();
  if (!text) {
    await ctx.reply(emptyReply, { parse_mode: "HTML" });
    return null;
  }
  if (Array.from(text).length > maxChars) {
    await ctx.reply(messages.questionTooLong(maxChars));
    return null;
  }
  return text;
}
