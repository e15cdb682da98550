/**
 * Whether an update is meant for the bot. In private chats everything is; in
 * groups only commands, @mentions of the bot and replies to its messages are,
 * so the bot (and its rate limiter) stay quiet in ordinary group talk.
 */
import type { Context } from "grammy";
import type { MessageEntity } from "grammy/types";

function entitiesOf(ctx: Context): { text: string; entities: MessageEntity[] } {
  const m = ctx.message;
  if (!m) return { text: "", entities: [] };
  return { text: m.text ?? m.caption ?? "", entities: m.entities ?? m.caption_entities ?? [] };
}

/** The message @mentions this bot (by username or as a text mention). */
export function mentionsBot(ctx: Context): boolean {
  const { text, entities } = entitiesOf(ctx);
  const username = ctx.me.username.toLowerCase();
  return entities.some(
    (e) =>
      (e.type === "mention" && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === username) ||
      (e.type === "text_mention" && e.user.id === ctx.me.id),
  );
}

/** The message replies to one of this bot's messages. */
export function isReplyToBot(ctx: Context): boolean {
  return ctx.message?.reply_to_message?.from?.id === ctx.me.id;
}

/** The message starts with a command addressed to us (`/x` or `/x@ThisBot`). */
export function isCommandForBot(ctx: Context): boolean {
  const { text, entities } = entitiesOf(ctx);
  const cmd = entities.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!cmd) return false;
  const at = text.slice(0, cmd.length).split("@")[1];
  return at === undefined || at.toLowerCase() === ctx.me.username.toLowerCase();
}

/** Private chat, button press, command, mention or reply: the bot should act on it. */
export function isAddressedToBot(ctx: Context): boolean {
  if (ctx.callbackQuery) return true;
  if (!ctx.message) return false;
  if (ctx.chat?.type === "private") return true;
  return isCommandForBot(ctx) || mentionsBot(ctx) || isReplyToBot(ctx);
}

/** Remove @mentions of this bot from a question typed in a group. */
export function stripBotMention(text: string, username: string): string {
  return text.replace(new RegExp(`@${username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "gi"), " ").trim();
}
