/** /stats [关键词]: figures from the reports, each with its source id. */
import { Composer } from "grammy";
import { splitMore } from "../../../conversation/parse.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { messages } from "../messages.js";
import { passageButtonsKeyboard } from "../keyboards.js";
import { logHandle } from "../middlewares/log-handle.js";
import { renderStats, shownFacts } from "../render.js";
import { replyHtml } from "../reply.js";

export function statsFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("stats", logHandle("command-stats"), async (ctx) => {
    const { query, more } = splitMore(ctx.match);
    if (Array.from(query).length > deps.limits.maxQuestionChars) {
      await ctx.reply(messages.questionTooLong(deps.limits.maxQuestionChars));
      return;
    }
    const result = deps.assistant.stats(query);
    await replyHtml(ctx, renderStats(result, undefined, more), {
      keyboard: passageButtonsKeyboard(shownFacts(result, more).map((f) => ({ id: f.citation.id, label: `${f.label || "数据"} ${f.raw}` }))),
    });
    ctx.logger.info({ kind: result.kind, facts: result.facts.length }, "stats");
  });
  return feature;
}
