/** The 👍/👎 buttons under answers. */
import { Composer } from "grammy";
import { onCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { messages } from "../messages.js";

export function feedbackFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on(
    "callback_query:data",
    onCallback("feedback", async (ctx: BotContext, data) => {
      ctx.logger = ctx.logger.child({ handler: "button-feedback" });
      const recorded = deps.feedback.vote(data.answerId, ctx.from?.id ?? 0, data.up);
      ctx.logger.info({ answerId: data.answerId, up: data.up, recorded }, "feedback");
      await ctx.answerCallbackQuery({
        text: !recorded ? messages.feedbackExpired : data.up ? messages.feedbackThanks : messages.feedbackThanksDown,
      });
    }),
  );
  return feature;
}
