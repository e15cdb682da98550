/** /examples 主题: cases for trainers, one verbatim sentence each, from different reports. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { messages } from "../messages.js";
import { passageButtonsKeyboard } from "../keyboards.js";
import { logHandle } from "../middlewares/log-handle.js";
import { renderExamples } from "../render.js";
import { acceptQuestion, replyHtml, withTyping } from "../reply.js";

export function examplesFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("examples", logHandle("command-examples"), async (ctx) => {
    const topic = await acceptQuestion(ctx, ctx.match, deps.limits.maxQuestionChars, messages.examplesUsage);
    if (topic === null) return;
    const examples = await withTyping(ctx, () => deps.assistant.examples(topic, 5));
    await replyHtml(ctx, renderExamples(topic, examples), {
      keyboard: passageButtonsKeyboard(examples.map((e, i) => ({ id: e.citation.id, label: `${i + 1}. ${e.citation.region ?? e.citation.title}` }))),
    });
  });
  return feature;
}
