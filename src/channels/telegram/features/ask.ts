/**
 * Questions: `/ask 问题`, any text in a private chat, and in groups an
 * @mention of the bot or a reply to it. Also the example buttons of /start.
 */
import { Composer } from "grammy";
import { messages as convMessages } from "../../../conversation/messages.js";
import { contextKey } from "../../../conversation/parse.js";
import { onCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { isReplyToBot, mentionsBot, stripBotMention } from "../filters/addressed.js";
import { answerKeyboard } from "../keyboards.js";
import { messages } from "../messages.js";
import { logHandle } from "../middlewares/log-handle.js";
import { renderAnswer } from "../render.js";
import { acceptQuestion, describeError, replyHtml, withTyping } from "../reply.js";

/** Answer one question in the current chat (validation, typing, answer, sources, buttons). */
export async function answerQuestion(ctx: BotContext, raw: string, deps: BotDeps, replyTo?: number): Promise<void> {
  const question = await acceptQuestion(ctx, raw, deps.limits.maxQuestionChars, messages.emptyQuestion);
  if (question === null) return;
  const chatId = ctx.chat?.id;
  const answer = await withTyping(ctx, () => deps.assistant.ask(question, chatId === undefined ? {} : { chatId: contextKey("telegram", chatId) }));
  let answerId: number | null = null;
  try {
    answerId = await deps.feedback.recordAnswer({
      chatId: chatId ?? 0,
      userId: ctx.from?.id ?? null,
      question: answer.resolvedQuestion && answer.resolvedQuestion !== question ? convMessages.resolvedQuestion(question, answer.resolvedQuestion) : question,
      answer: answer.text,
      refused: answer.refused,
      citationIds: answer.citations.map((c) => c.id),
    });
  } catch (err) {
    // Feedback is non-essential: answer without 👍/👎 rather than not at all.
    ctx.logger.warn({ err: describeError(err) }, "could not record answer for feedback");
  }
  const parts = renderAnswer(answer);
  const sent = await replyHtml(ctx, parts, { keyboard: answerKeyboard(answer.citations, answerId), replyTo });
  const carrier = sent[sent.length - 1];
  if (answerId !== null && carrier) {
    try {
      // the 👍/👎 buttons are on this message: only a vote from it counts
      await deps.feedback.attachMessage(answerId, carrier.message_id);
    } catch (err) {
      ctx.logger.warn({ err: describeError(err) }, "could not record the answer's message for feedback");
    }
  }
  ctx.logger.info({ ms: answer.ms, refused: answer.refused, mode: answer.mode, citations: answer.citations.length, parts: parts.length }, "answered");
}

export function askFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("ask", logHandle("command-ask"), (ctx) => answerQuestion(ctx, ctx.match, deps, ctx.msg.message_id));

  feature.on(
    "callback_query:data",
    onCallback("example", async (ctx: BotContext, data) => {
      const question = deps.assistant.info().samples.questions[data.index];
      if (question === undefined) {
        await ctx.answerCallbackQuery({ text: messages.staleButton });
        return;
      }
      await ctx.answerCallbackQuery();
      await ctx.reply(`❓ ${question}`);
      await answerQuestion(ctx, question, deps);
    }),
  );

  // Private chats: every text that is not a command is a question.
  feature.chatType("private").on("message:text", async (ctx, next) => {
    if (ctx.msg.text.trimStart().startsWith("/")) return next();
    ctx.logger = ctx.logger.child({ handler: "text-question" });
    await answerQuestion(ctx, ctx.msg.text, deps, ctx.msg.message_id);
  });

  // Groups: only when the bot is mentioned or replied to.
  feature.chatType(["group", "supergroup"]).on("message:text", async (ctx, next) => {
    if (ctx.msg.text.trimStart().startsWith("/") || !(mentionsBot(ctx) || isReplyToBot(ctx))) return next();
    ctx.logger = ctx.logger.child({ handler: "group-question" });
    await answerQuestion(ctx, stripBotMention(ctx.msg.text, ctx.me.username), deps, ctx.msg.message_id);
  });

  return feature;
}
