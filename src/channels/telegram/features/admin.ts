/**
 * Admin-only features (ADMIN_IDS), in private chats: /reindex with one edited
 * progress message, /reports, /feedback, and a sent .txt/.md/.docx report.
 * Everyone else gets a clear refusal and nothing changes.
 */
import { Composer } from "grammy";
import { displayName, isReportFile } from "../../../assistant/limits.js";
import type { AddReportResult } from "../../../assistant/types.js";
import { onCallback } from "../callback-data.js";
import { replaceKeyboard } from "../keyboards.js";
import { ReindexBusyError, userMessageOf } from "../../../errors.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { downloadTelegramFile } from "../download.js";
import { isAdmin } from "../filters/is-admin.js";
import { messages, progressText } from "../messages.js";
import { logHandle } from "../middlewares/log-handle.js";
import { startProgress } from "../progress.js";
import { presentUpload, progressText as uploadProgressText, sampleQuestionFor } from "../../../conversation/present.js";
import { escapeHtml } from "../html.js";
import { renderFeedback, renderReindexSummary, renderSources } from "../render.js";
import { renderReplyHtml } from "../render-reply.js";
import { contextKey, parseCommand } from "../../../conversation/parse.js";
import { describeError, replyHtml } from "../reply.js";

const ADMIN_COMMANDS = ["reindex", "reports", "feedback", "remove"];

/**
 * The end of an upload: the question whether to replace (with its 确认替换/取消
 * buttons), or the conversation layer's plain summary (the same as WeCom's and
 * the console's).
 */
async function finishUpload(ctx: BotContext, progress: { finish(html: string): Promise<void> }, name: string, result: AddReportResult): Promise<void> {
  if (result.needsConfirmation) {
    await progress.finish(messages.replaceAsk(result.needsConfirmation.existing, result.needsConfirmation.expiresInMinutes));
    await ctx.reply(messages.replaceYes.replace("✅ ", "") + "？", { reply_markup: replaceKeyboard(result.needsConfirmation.token) });
    return;
  }
  await progress.finish(renderReplyHtml(presentUpload(name, result, sampleQuestionFor(result.articles))).join("\n\n"));
}

/**
 * Run an admin job (reindex, upload, replacement) unless one is running: one at
 * a time per bot, and a second gets the busy message rather than a queue.
 */
async function oneAdminJob(ctx: BotContext, deps: BotDeps, job: () => Promise<void>): Promise<void> {
  if (deps.adminJob.running) {
    await ctx.reply(messages.reindexBusy);
    return;
  }
  deps.adminJob.running = true;
  try {
    await job();
  } finally {
    deps.adminJob.running = false;
  }
}

export function adminFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const admin = feature.filter(isAdmin(deps.config.adminIds));
  const adminGroup = admin.chatType(["group", "supergroup", "channel"]);
  const adminPrivate = admin.chatType("private");

  adminGroup.command(ADMIN_COMMANDS, async (ctx) => {
    await ctx.reply(messages.adminPrivateOnly);
  });

  adminPrivate.command("reindex", logHandle("command-reindex"), async (ctx) => {
    await oneAdminJob(ctx, deps, async () => {
      const full = /(^|\s)(--)?full(\s|$)|全量/.test(ctx.match);
      const progress = await startProgress(ctx, messages.reindexStarted);
      try {
        const summary = await deps.assistant.reindex({ full, onProgress: (p) => progress.update(progressText(p)) });
        await progress.finish(renderReindexSummary(summary));
        ctx.logger.info({ ms: summary.ms, added: summary.added, changed: summary.changed, removed: summary.removed }, "reindexed");
      } catch (err) {
        ctx.logger.error({ err: describeError(err) }, "reindex failed");
        // another process holds the reindex lock: the one busy message, not a failure
        await progress.finish(err instanceof ReindexBusyError ? messages.reindexBusy : messages.reindexFailed(userMessageOf(err)));
      }
    });
  });

  // /remove and its 确认 go through the conversation layer (the two-step core is shared with WeCom and the console)
  const inbound = (ctx: BotContext, text: string) => ({ channel: "telegram", chatId: String(ctx.chat?.id), userId: String(ctx.from?.id), isAdmin: true, text });
  adminPrivate.command("remove", logHandle("command-remove"), async (ctx) => {
    const reply = await deps.conversation.handle(inbound(ctx, `/remove ${ctx.match}`));
    await replyHtml(ctx, renderReplyHtml(reply));
  });
  adminPrivate.on("message:text", async (ctx, next) => {
    const cmd = parseCommand(ctx.msg.text).name;
    if ((cmd !== "confirm" && cmd !== "cancel") || !deps.conversation.hasPending(contextKey("telegram", ctx.chat.id))) return next();
    const progress = await startProgress(ctx, "⏳");
    const reply = await deps.conversation.handle(inbound(ctx, ctx.msg.text), (t) => progress.update(escapeHtml(t)));
    await progress.finish(renderReplyHtml(reply).join("\n\n"));
  });

  adminPrivate.command("reports", logHandle("command-reports"), async (ctx) => {
    await replyHtml(ctx, renderSources(deps.assistant.sources(), true));
  });

  adminPrivate.command("feedback", logHandle("command-feedback"), async (ctx) => {
    await replyHtml(ctx, renderFeedback(await deps.feedback.recentDown(10), await deps.feedback.totals()));
  });

  adminPrivate.on("message:document", logHandle("upload-report"), async (ctx) => {
    const doc = ctx.msg.document;
    // bidi controls and control characters never reach a message or the reports folder
    const name = displayName(doc.file_name ?? "") || "未命名文件";
    if (!isReportFile(name)) {
      await ctx.reply(messages.uploadWrongType(name), { parse_mode: "HTML" });
      return;
    }
    const maxMb = Math.floor(deps.limits.maxUploadBytes / 1024 / 1024);
    if (doc.file_size !== undefined && doc.file_size > deps.limits.maxUploadBytes) {
      await ctx.reply(messages.uploadTooLarge(name, maxMb), { parse_mode: "HTML" });
      return;
    }
    // the assistant refuses a second job too; checking here first spares the download
    await oneAdminJob(ctx, deps, async () => {
      const progress = await startProgress(ctx, messages.uploadDownloading(name));
      try {
        const bytes = await downloadTelegramFile(ctx.api, {
          apiRoot: deps.apiRoot,
          token: deps.token,
          fileId: doc.file_id,
          maxBytes: deps.limits.maxUploadBytes,
          fileName: name,
        });
        // progress names the uploaded file (not whichever report the reindex reads); the summary is plain Chinese
        const result = await deps.assistant.addReport(name, bytes, (p) => progress.update(escapeHtml(uploadProgressText(p, name))));
        await finishUpload(ctx, progress, name, result);
        ctx.logger.info({ file: result.file, duplicateOf: result.duplicateOf, bytes: bytes.byteLength }, "report added");
      } catch (err) {
        ctx.logger.warn({ err: describeError(err), file: name }, "report upload failed");
        await progress.finish(err instanceof ReindexBusyError ? messages.reindexBusy : messages.uploadFailed(userMessageOf(err)));
      }
    });
  });

  // Replacing a report of the same name: nothing changes until an admin confirms.
  admin.on(
    "callback_query:data",
    onCallback("replace", async (ctx: BotContext, data) => {
      ctx.logger = ctx.logger.child({ handler: "button-replace" });
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup().catch(() => undefined); // one answer per question
      if (!data.yes) {
        deps.assistant.cancelReplace(data.token);
        await ctx.reply(messages.replaceCancelled);
        return;
      }
      await oneAdminJob(ctx, deps, async () => {
        const progress = await startProgress(ctx, messages.reindexStarted);
        try {
          const result = await deps.assistant.confirmReplace(data.token, (p) => progress.update(progressText(p)));
          await finishUpload(ctx, progress, result.file, result);
          ctx.logger.info({ file: result.file }, "report replaced");
        } catch (err) {
          ctx.logger.warn({ err: describeError(err) }, "report replacement failed");
          await progress.finish(err instanceof ReindexBusyError ? messages.reindexBusy : messages.uploadFailed(userMessageOf(err)));
        }
      });
    }),
  );

  // Not an admin: refuse admin commands anywhere and uploads in private chats.
  feature.command(ADMIN_COMMANDS, logHandle("admin-refused"), async (ctx) => {
    ctx.logger.info({ userId: ctx.from?.id }, "admin command refused");
    await ctx.reply(messages.adminOnly);
  });
  feature.chatType("private").on("message:document", logHandle("upload-refused"), async (ctx) => {
    if (isAdmin(deps.config.adminIds)(ctx)) return;
    await ctx.reply(messages.uploadRefused);
  });

  return feature;
}
