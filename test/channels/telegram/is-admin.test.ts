import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { isAdmin, isAdminId } from "../../../src/channels/telegram/filters/is-admin.js";

const ctxFrom = (from: { id: number; is_bot?: boolean } | undefined) => ({ from }) as unknown as Context;

describe("admin guard", () => {
  const admins = new Set([42, 7]);
  it("accepts only listed user ids", () => {
    expect(isAdminId(admins, 42)).toBe(true);
    expect(isAdminId(admins, 43)).toBe(false);
    expect(isAdminId(admins, undefined)).toBe(false);
    expect(isAdminId(new Set(), 42)).toBe(false);
  });
  it("as a grammY filter: rejects strangers, updates without a sender and bots", () => {
    const f = isAdmin(admins);
    expect(f(ctxFrom({ id: 7 }))).toBe(true);
    expect(f(ctxFrom({ id: 8 }))).toBe(false);
    expect(f(ctxFrom(undefined))).toBe(false);
    expect(f(ctxFrom({ id: 7, is_bot: true }))).toBe(false);
  });
});
