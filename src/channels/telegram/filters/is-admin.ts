/** Predicates deciding who may use admin features. */
import type { Context } from "grammy";

/** True when the sender's Telegram user id is listed in ADMIN_IDS. */
export function isAdminId(adminIds: ReadonlySet<number>, userId: number | undefined): boolean {
  return userId !== undefined && adminIds.has(userId);
}

/** A grammY filter: `composer.filter(isAdmin(config.adminIds))`. Anonymous group admins and channels are not admins. */
export function isAdmin(adminIds: ReadonlySet<number>): (ctx: Context) => boolean {
  return (ctx) => isAdminId(adminIds, ctx.from?.id) && ctx.from?.is_bot !== true;
}
