/** Inline keyboards, built by functions so features never assemble buttons by hand. */
import { InlineKeyboard } from "grammy";
import type { Citation } from "../../assistant/types.js";
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

/** Short label of a citation for its button: `[1] section` (or title). */
function citationLabel(c: Citation): string {
  const base = c.section && c.section !== "导语" && c.section !== "图片说明" ? c.section : c.title;
  return messages.citationButton(c.n, truncate(base, 14));
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

/** "Open the passage" buttons for the source ids shown in /stats and /examples (`📄 bijiang:2.3`), two per row. */
export function passageButtonsKeyboard(ids: readonly string[]): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  let n = 0;
  for (const id of [...new Set(ids)].slice(0, MAX_SOURCE_BUTTONS)) {
    let data: string;
    try {
      data = packCallbackData({ kind: "source", id });
    } catch (err) {
      if (err instanceof CallbackDataTooLongError) continue;
      throw err;
    }
    kb.text(`📄 ${truncate(id, 24)}`, data);
    if (++n % 2 === 0) kb.row();
  }
  return n > 0 ? kb : undefined;
}
