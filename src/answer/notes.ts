/**
 * The lines an answer opens with about how its question was read: homophone
 * typos taken as corpus words (（按“网格员”理解）), and a place around the
 * regions (贵州, 铜仁) answered from the regions inside it, saying so.
 */
import { placePath, type RegionMatcher } from "../search/query.js";
import type { ParsedQuery } from "../search/types.js";
import { messages } from "./messages.js";
import type { Answer } from "./types.js";

/** The note lines for a parsed question and the answer written for it (none when it was read as typed). */
export function readingNotes(answer: Answer, query: ParsedQuery, matcher: RegionMatcher, wantsNumber: boolean): string[] {
  const lines: string[] = [];
  if (query.corrections?.length) lines.push(messages.readAs(query.corrections.map((c) => c.to)));
  const within = query.within;
  if (within) {
    const slugOf = new Map([...matcher.display.entries()].map(([slug, name]) => [name, slug]));
    const cited = [...new Set(answer.citations.map((c) => (c.region ? slugOf.get(c.region) : undefined)).filter((s): s is string => s !== undefined))];
    const own = cited.some((s) => within.slugs.includes(s));
    if (!wantsNumber) lines.push(messages.withinPractice(within.places));
    else if (own) lines.push(messages.withinOwnFigures(within.places));
    else if (cited.length) {
      const from = (slug: string) => within.slugs.find((w) => (matcher.ancestors.get(slug) ?? []).includes(w)) ?? slug;
      lines.push(
        messages.withinFigures(
          within.places,
          cited.map((s) => placePath(s, from(s), matcher)),
        ),
      );
    }
  }
  return lines;
}

/** The answer with its reading notes as its first lines. */
export function withReadingNotes(answer: Answer, query: ParsedQuery, matcher: RegionMatcher, wantsNumber: boolean): Answer {
  const lines = readingNotes(answer, query, matcher, wantsNumber);
  return lines.length ? { ...answer, text: [...lines, answer.text].join("\n") } : answer;
}
