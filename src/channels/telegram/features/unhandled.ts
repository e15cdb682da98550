/**
 * Registered last: whatever no feature handled. Stale buttons are answered (so
 * the client stops spinning); in private chats unknown commands and stickers,
 * photos, voice, locations… get a short note on what the bot understands.
 * Group chatter is ignored.
 */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { isCommandForBot } from "../filters/addressed.js";
import { messages } from "../messages.js";

export function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: messages.staleButton });
  });

  feature.on("message", async (ctx) => {
    const isPrivate = ctx.chat.type === "private";
    const text = ctx.msg.text;
    if (text !== undefined) {
      if (text.trimStart().startsWith("/") && (isPrivate || isCommandForBot(ctx))) {
        await ctx.reply(messages.unknownCommand);
      }
      return;
    }
    if (isPrivate) await ctx.reply(messages.unsupportedMessage);
  });

  return feature;
}
