/** The 👍/👎 buttons under answers. */
import { Composer } from "grammy";
import { onCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { messages } from "../messages.js";
import { FeedbackUnavailableError } from "../../../errors.js";

export function feedbackFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on(
    "callback_query:data",
    onCallback("feedback", async (ctx: BotContext, data) => {
      ctx.logger = ctx.logger.child({ handler: "button-feedback" });
      let recorded: boolean;
      try {
        recorded = await deps.feedback.vote(data.answerId, ctx.from?.id ?? 0, data.up);
      } catch (err) {
        if (!(err instanceof FeedbackUnavailableError)) throw err;
        // the database is away: say so politely; nothing was written, answering goes on
        ctx.logger.warn({ answerId: data.answerId, err: err.message }, "feedback not recorded");
        await ctx.answerCallbackQuery({ text: err.userMessage });
        return;
      }
      ctx.logger.info({ answerId: data.answerId, up: data.up, recorded }, "feedback");
      await ctx.answerCallbackQuery({
        text: !recorded ? messages.feedbackExpired : data.up ? messages.feedbackThanks : messages.feedbackThanksDown,
      });
    }),
  );
  return feature;
}
