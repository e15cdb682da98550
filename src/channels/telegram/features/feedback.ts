/** The 👍/👎 buttons under answers. */
import { Composer } from "grammy";
import { onCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { messages } from "../messages.js";
import { FeedbackUnavailableError } from "../../../errors.js";
import type { VoteOutcome } from "../feedback-store.js";

export function feedbackFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on(
    "callback_query:data",
    onCallback("feedback", async (ctx: BotContext, data) => {
      ctx.logger = ctx.logger.child({ handler: "button-feedback" });
      // a vote counts only from the chat and message that carry the answer: callback data is not a credential
      const where = { chatId: ctx.callbackQuery?.message?.chat.id ?? null, messageId: ctx.callbackQuery?.message?.message_id ?? null };
      let outcome: VoteOutcome;
      try {
        outcome = await deps.feedback.vote(data.answerId, ctx.from?.id ?? 0, data.up, where);
      } catch (err) {
        if (!(err instanceof FeedbackUnavailableError)) throw err;
        // the database is away: say so politely; nothing was written, answering goes on
        ctx.logger.warn({ answerId: data.answerId, err: err.message }, "feedback not recorded");
        await ctx.answerCallbackQuery({ text: err.userMessage });
        return;
      }
      ctx.logger.info({ answerId: data.answerId, up: data.up, outcome }, "feedback");
      await ctx.answerCallbackQuery({
        text:
          outcome === "unknown"
            ? messages.feedbackExpired
            : outcome === "elsewhere"
              ? messages.feedbackElsewhere
              : data.up
                ? messages.feedbackThanks
                : messages.feedbackThanksDown,
      });
    }),
  );
  return feature;
}
