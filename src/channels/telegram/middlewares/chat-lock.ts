/**
 * In a fleet, one chat's updates are handled in order across instances: the
 * update waits for the chat's Redis lock (see src/fleet/chat-lock.ts). Within
 * one process grammY's `sequentialize` already orders them, and runs first.
 */
import type { MiddlewareFn } from "grammy";
import type { ChatLock } from "../../../fleet/chat-lock.js";
import type { BotContext } from "../context.js";

/** Hold the chat's fleet-wide lock while the rest of the middleware runs. */
export function chatLock(lock: ChatLock): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return next();
    const release = await lock.enter(String(chatId));
    try {
      await next();
    } finally {
      await release();
    }
  };
}
