/** /start: a short welcome and three example questions as buttons. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { exampleQuestionsKeyboard } from "../keyboards.js";
import { messages } from "../messages.js";
import { logHandle } from "../middlewares/log-handle.js";

export function startFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("start", logHandle("command-start"), async (ctx) => {
    const info = deps.assistant.info();
    const name = ctx.from?.first_name?.trim() || "您好";
    await ctx.reply(messages.welcome(name, info), { parse_mode: "HTML", reply_markup: exampleQuestionsKeyboard(info.samples.questions) });
  });
  return feature;
}
