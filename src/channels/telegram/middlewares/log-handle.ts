/** Name the handler in the logs: every line logged by the handler carries `handler`. */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

export function logHandle(handler: string): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.logger = ctx.logger.child({ handler });
    ctx.logger.debug("handle");
    return next();
  };
}
