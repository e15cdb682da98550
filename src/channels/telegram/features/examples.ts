/** /examples 主题: cases for trainers, one verbatim sentence each, from different reports. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { messages } from "../messages.js";
import { passageButtonsKeyboard } from "../keyboards.js";
import { logHandle } from "../middlewares/log-handle.js";
import { renderExamples } from "../render.js";
import { replyHtml, withTyping } from "../reply.js";

export function examplesFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("examples", logHandle("command-examples"), async (ctx) => {
    const topic = ctx.match.replace(/\s+/g, " ").trim();
    if (!topic) {
      await ctx.reply(messages.examplesUsage, { parse_mode: "HTML" });
      return;
    }
    if (Array.from(topic).length > deps.limits.maxQuestionChars) {
      await ctx.reply(messages.questionTooLong(deps.limits.maxQuestionChars));
      return;
    }
    const examples = await withTyping(ctx, () => deps.assistant.examples(topic, 5));
    await replyHtml(ctx, renderExamples(topic, examples), { keyboard: passageButtonsKeyboard(examples.map((e) => e.citation.id)) });
  });
  return feature;
}
