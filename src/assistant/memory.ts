/**
 * Per-chat memory of the last turn, so short follow-ups ("那思南呢？",
 * "具体怎么做的？", "还有吗？") are understood. Bounded and expiring.
 */

/** How long a chat's last turn is remembered for follow-ups (the README promises 10 minutes). */
export const FOLLOW_UP_TTL_MS = 10 * 60_000;

/** What is remembered of a turn. */
export interface Turn {
  question: string;
  /** Region slugs the (resolved) question named. */
  regions: string[];
  /** Passage ids the answer cited. */
  cited: string[];
  at: number;
}

/** A follow-up resolved against the previous turn. */
export interface ResolvedQuestion {
  question: string;
  /** Passages to leave out (for "还有吗"). */
  exclude: string[];
  /** Force the answer shape (具体怎么做 → howto). */
  howto: boolean;
  followUp: boolean;
}

/** Bounded LRU of turns per chat, expiring after `ttlMs`. */
export class ConversationMemory {
  private readonly turns = new Map<string, Turn>();
  constructor(private readonly ttlMs = FOLLOW_UP_TTL_MS, private readonly maxChats = 5000) {}

  get(chatId: string, now = Date.now()): Turn | undefined {
    const t = this.turns.get(chatId);
    if (!t) return undefined;
    if (now - t.at > this.ttlMs) {
      this.turns.delete(chatId);
      return undefined;
    }
    return t;
  }

  set(chatId: string, turn: Turn): void {
    this.turns.delete(chatId);
    this.turns.set(chatId, turn);
    while (this.turns.size > this.maxChats) {
      const oldest = this.turns.keys().next().value;
      if (oldest === undefined) break;
      this.turns.delete(oldest);
    }
  }
}

const MORE = /^(还有吗|还有呢|还有没有|还有别的吗|其他的呢|别的呢|再来点|更多|继续)[？?。!！]*$/u;
const DETAIL = /^(具体(怎么|咋)?(做|搞|弄)的?|具体(说说|讲讲|点)|详细(说说|点|讲讲)?|怎么做的|咋做的|展开说说)[？?。!！呢]*$/u;
const OTHER_PLACE = /^(那|那么|那在)?(.{2,12}?)(呢|怎么样|咋样|的情况呢|那边呢|是怎么做的)[？?。!！]*$/u;

/**
 * Resolve a short follow-up against the last turn. `findRegionNames` maps a text
 * to the region names it contains (display names), `stripRegions` removes them.
 */
export function resolveFollowUp(
  text: string,
  last: Turn | undefined,
  findRegionNames: (text: string) => string[],
  stripRegions: (text: string) => string,
): ResolvedQuestion {
  const plain = { question: text, exclude: [], howto: false, followUp: false };
  if (!last || text.length > 24) return plain;
  const t = text.trim();
  if (MORE.test(t)) return { question: last.question, exclude: last.cited, howto: false, followUp: true };
  if (DETAIL.test(t)) return { question: `${last.question} 具体怎么做`, exclude: [], howto: true, followUp: true };
  const m = OTHER_PLACE.exec(t);
  if (m) {
    const places = findRegionNames(m[2]!);
    if (places.length) return { question: `${places.join("和")}${stripRegions(last.question)}`, exclude: [], howto: false, followUp: true };
  }
  return plain;
}
