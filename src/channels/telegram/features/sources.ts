/** /sources (the reports), /source <id> and the citation buttons (the full passage). */
import { Composer } from "grammy";
import { onCallback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { messages } from "../messages.js";
import { logHandle } from "../middlewares/log-handle.js";
import { renderPassage, renderSources } from "../render.js";
import { replyHtml } from "../reply.js";

/**
 * Longest citation id /source accepts. Ids are `article:section.paragraph`
 * (under 40 characters); 64 is Telegram's callback-data limit, which every id
 * a button opens fits. A 4,000-character argument used to end in a generic
 * apology (its echo overflowed the message).
 */
export const MAX_SOURCE_ID_CHARS = 64;

async function showPassage(ctx: BotContext, id: string, deps: BotDeps): Promise<void> {
  if (Array.from(id).length > MAX_SOURCE_ID_CHARS) {
    await ctx.reply(messages.sourceTooLong(MAX_SOURCE_ID_CHARS), { parse_mode: "HTML" });
    return;
  }
  const passage = deps.assistant.source(id);
  if (!passage) {
    await ctx.reply(messages.sourceNotFound(id), { parse_mode: "HTML" });
    return;
  }
  await replyHtml(ctx, renderPassage(passage));
}

export function sourcesFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("sources", logHandle("command-sources"), async (ctx) => {
    await replyHtml(ctx, renderSources(deps.assistant.sources()));
  });

  feature.command("source", logHandle("command-source"), async (ctx) => {
    const id = ctx.match.trim().split(/\s+/)[0] ?? "";
    if (!id) {
      await ctx.reply(messages.sourceUsage, { parse_mode: "HTML" });
      return;
    }
    await showPassage(ctx, id, deps);
  });

  feature.on(
    "callback_query:data",
    onCallback("source", async (ctx: BotContext, data) => {
      ctx.logger = ctx.logger.child({ handler: "button-source" });
      await ctx.answerCallbackQuery();
      await showPassage(ctx, data.id, deps);
    }),
  );

  return feature;
}
