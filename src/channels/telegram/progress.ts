/**
 * One status message that is edited as a long job progresses (reindex, upload),
 * at most once a second and never with unchanged text (Telegram rejects
 * "message is not modified"), then replaced by the final text.
 */
import type { BotContext } from "./context.js";
import { describeError } from "./reply.js";

/** Minimum time between two edits of the progress message. */
const EDIT_EVERY_MS = 1000;

export interface ProgressMessage {
  /** Show a new status (sync, so it can be a progress callback); edits are throttled. */
  update(html: string): void;
  /** Replace the message with the final text, after pending edits. */
  finish(html: string): Promise<void>;
}

/** Send the first status and return a handle that edits it. */
export async function startProgress(ctx: BotContext, initialHtml: string): Promise<ProgressMessage> {
  const chatId = ctx.chat?.id;
  const msg = await ctx.reply(initialHtml, { parse_mode: "HTML" });
  let shown = initialHtml;
  let wanted = initialHtml;
  let lastEdit = 0;
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();

  const edit = (html: string) => {
    chain = chain.then(async () => {
      if (html === shown || chatId === undefined) return;
      shown = html;
      lastEdit = Date.now();
      try {
        await ctx.api.editMessageText(chatId, msg.message_id, html, { parse_mode: "HTML" });
      } catch (err) {
        ctx.logger.warn({ err: describeError(err) }, "progress edit failed (ignored)");
      }
    });
    return chain;
  };

  return {
    update(html) {
      wanted = html;
      if (timer) return;
      const wait = Math.max(0, lastEdit + EDIT_EVERY_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        void edit(wanted);
      }, wait);
    },
    async finish(html) {
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
      if (html === shown) return;
      shown = html;
      if (chatId === undefined) return;
      try {
        await ctx.api.editMessageText(chatId, msg.message_id, html, { parse_mode: "HTML" });
      } catch (err) {
        // The summary matters: if the edit fails, send it as a new message.
        ctx.logger.warn({ err: describeError(err) }, "final progress edit failed; sending a new message");
        await ctx.reply(html, { parse_mode: "HTML" });
      }
    },
  };
}
