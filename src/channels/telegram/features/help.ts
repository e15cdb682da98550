/** /help: how to use the bot (admins also see the admin commands, in private chats); /id: the sender's user id. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { isAdminId } from "../filters/is-admin.js";
import { messages } from "../messages.js";
import { logHandle } from "../middlewares/log-handle.js";

export function helpFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("help", logHandle("command-help"), async (ctx) => {
    let text = messages.help(deps.assistant.info());
    if (ctx.chat.type === "private" && isAdminId(deps.config.adminIds, ctx.from?.id)) text += `\n\n${messages.adminHelp}`;
    await ctx.reply(text, { parse_mode: "HTML" });
  });
  // Lets a new admin learn the number to put in ADMIN_IDS.
  feature.command("id", logHandle("command-id"), async (ctx) => {
    if (!ctx.from) return;
    await ctx.reply(messages.yourId(ctx.from.id, ctx.chat.id, isAdminId(deps.config.adminIds, ctx.from.id)), { parse_mode: "HTML" });
  });
  return feature;
}
