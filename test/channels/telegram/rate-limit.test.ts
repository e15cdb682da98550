import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/channels/telegram/middlewares/rate-limit.js";

describe("rate limiter", () => {
  it("lets a burst through, notifies once, then drops until the user slows down", () => {
    let now = 0;
    const take = createRateLimiter({ capacity: 3, refillPerSecond: 1 }, () => now);
    const flood = Array.from({ length: 10 }, () => take(1));
    expect(flood).toEqual(["pass", "pass", "pass", "notify", "drop", "drop", "drop", "drop", "drop", "drop"]);
    expect(take(2)).toBe("pass"); // other users unaffected
    now += 1000;
    expect(take(1)).toBe("pass"); // one token back
    expect(take(1)).toBe("drop"); // still flooding: no second notice
    now += 10_000;
    expect(take(1)).toBe("pass");
    expect(take(1)).toBe("pass");
    expect(take(1)).toBe("pass");
    expect(take(1)).toBe("notify"); // a new flood after calming down gets a new notice
  });
});
