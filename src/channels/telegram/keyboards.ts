/** Inline keyboards, built by functions so features never assemble buttons by hand. */
import { InlineKeyboard } from "grammy";
import type { Citation } from "../../assistant/types.js";
import { sourceLabel } from "../../conversation/present.js";
import { CallbackDataTooLongError, packCallbackData } from "./callback-data.js";
import { truncate } from "./html.js";
import { messages } from "./messages.js";

/** The example questions under /start (the assistant's samples; a button carries the question's index). */
export function exampleQuestionsKeyboard(questions: readonly string[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  questions.forEach((q, index) => kb.text(truncate(q, 40), packCallbackData({ kind: "example", index })).row());
  return kb;
}

/** Most source buttons under one answer. */
export const MAX_SOURCE_BUTTONS = 6;

/** Label of a citation's button, by its content (`[1] 全区城市社区共配备网格长…`): two sources of one section differ. */
function citationLabel(c: Citation): string {
  return sourceLabel(c);
}

/**
 * Under an answer: one button per citation (opens the passage), two per row,
 * then 👍/👎 when the answer was recorded. Ids too long for callback data are
 * skipped (the source list still names them and /source opens them).
 */
export function answerKeyboard(citations: readonly Citation[], answerId: number | null): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let inRow = 0;
  let buttons = 0;
  for (const c of citations.slice(0, MAX_SOURCE_BUTTONS)) {
    let data: string;
    try {
      data = packCallbackData({ kind: "source", id: c.id });
    } catch (err) {
      if (err instanceof CallbackDataTooLongError) continue;
      throw err;
    }
    kb.text(citationLabel(c), data);
    buttons++;
    if (++inRow === 2) {
      kb.row();
      inRow = 0;
    }
  }
  if (answerId !== null) {
    if (inRow > 0) kb.row();
    kb.text(messages.feedbackUp, packCallbackData({ kind: "feedback", answerId, up: true }));
    kb.text(messages.feedbackDown, packCallbackData({ kind: "feedback", answerId, up: false }));
    buttons++;
  }
  return buttons > 0 ? kb : undefined;
}

/** Confirm or cancel replacing a report of the same name. */
export function replaceKeyboard(token: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(messages.replaceYes, packCallbackData({ kind: "replace", token, yes: true }))
    .text(messages.replaceNo, packCallbackData({ kind: "replace", token, yes: false }));
}

/** "Open the passage" buttons for /stats and /examples, labelled by what they open (`📄 专兼职网格员 2468人`), two per row. */
export function passageButtonsKeyboard(items: readonly { id: string; label: string }[]): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let n = 0;
  const seen = new Set<string>();
  for (const { id, label } of items) {
    if (seen.has(id) || seen.size >= MAX_SOURCE_BUTTONS) continue;
    seen.add(id);
    let data: string;
    try {
      data = packCallbackData({ kind: "source", id });
    } catch (err) {
      if (err instanceof CallbackDataTooLongError) continue;
      throw err;
    }
    kb.text(`📄 ${truncate(label, 16)}`, data);
    if (++n % 2 === 0) kb.row();
  }
  return n > 0 ? kb : undefined;
}
