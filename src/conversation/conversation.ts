/**
 * The conversation layer: between the assistant and the channels. It turns one
 * text message into a command, runs it on the assistant and returns a
 * channel-neutral `Reply`; channels only render and deliver. Shared here, once:
 * /help, admin checks (on the allow-list the channel supplies), follow-up
 * context keys (`<channel>:<chat>`), the one reindex slot of the process, and
 * two-step confirmations.
 */
import { MAX_QUESTION_CHARS, isReportFile } from "../assistant/limits.js";
import type { Assistant, ReindexProgress } from "../assistant/types.js";
import { ReindexBusyError, userMessageOf } from "../errors.js";
import { messages } from "./messages.js";
import { contextKey, parseCommand, splitMore } from "./parse.js";
import { presentAnswer, presentReindex, presentReplaceQuestion, presentStats, presentUpload, progressText, sampleQuestionFor, shortRegion } from "./present.js";
import type { Block, Inbound, Reply } from "./types.js";

/** How long a pending confirmation (/remove, a same-name upload) waits for 确认: long enough to read, short enough that a stray 确认 later does nothing. */
export const CONFIRM_WINDOW_MS = 2 * 60_000;

/** A pending two-step action of one chat. */
interface Pending {
  expiresAt: number;
  run: (onProgress: (text: string) => void) => Promise<Reply>;
  /** Called when the action is dropped (取消, another message, expiry) to release what it holds. */
  cancel?: () => void;
}

/** Options of the conversation layer. */
export interface ConversationOptions {
  /** Clock for confirmation windows (tests pass a fake). */
  now?: () => number;
  /** Longest question accepted, in characters. */
  maxQuestionChars?: number;
}

/** Progress reporting of a long admin job: called with plain text; channels edit a message or stream it. */
export type ProgressSink = (text: string) => void;

/** The conversation layer's surface. */
export interface Conversation {
  /** Handle one text message; `onProgress` receives progress of long admin jobs. */
  handle(inbound: Inbound, onProgress?: ProgressSink): Promise<Reply>;
  /** An admin uploads a report file; `load` fetches its bytes (after the checks that need no download). */
  upload(inbound: Omit<Inbound, "text">, fileName: string, load: () => Promise<Uint8Array>, onProgress?: ProgressSink): Promise<Reply>;
  /** /help for this user (admins see the admin commands too). */
  help(isAdmin: boolean): Reply;
  /** The welcome of a new chat: a greeting and three example questions. */
  welcome(): Reply;
  /**
   * Ask the chat to confirm an action with 确认 (or drop it with 取消). The hook
   * a same-name upload uses: whoever needs a confirmation registers its `run` here.
   */
  requestConfirmation(key: string, run: Pending["run"], cancel?: Pending["cancel"]): void;
  /** Whether a chat has an action waiting for 确认 (channels route 确认/取消 here only then). */
  hasPending(key: string): boolean;
  /** Whether an admin job (reindex, upload, removal) is running in this process. */
  readonly busy: boolean;
}

const text = (t: string, kind: Reply["kind"] = "notice"): Reply => ({ kind, blocks: [{ type: "text", text: t }], actions: [] });

/** Build the conversation layer over one assistant; every channel of the process shares it. */
export function createConversation(assistant: Assistant, options: ConversationOptions = {}): Conversation {
  const now = options.now ?? Date.now;
  const maxChars = options.maxQuestionChars ?? MAX_QUESTION_CHARS;
  const pending = new Map<string, Pending>();
  let adminJob: Promise<unknown> | null = null;

  /** Run one admin job at a time in this process; a second one gets the busy message (said once, never dropped silently). */
  async function slot(job: () => Promise<Reply>): Promise<Reply> {
    if (adminJob) return text(messages.busy, "admin");
    const running = job();
    adminJob = running;
    try {
      return await running;
    } catch (err) {
      if (err instanceof ReindexBusyError) return text(messages.busy, "admin");
      throw err;
    } finally {
      adminJob = null;
    }
  }

  function help(isAdmin: boolean): Reply {
    const info = assistant.info();
    const blocks: Block[] = [
      { type: "heading", text: messages.helpTitle },
      { type: "text", text: `${messages.helpIntro}${messages.helpGroup}` },
      {
        type: "list",
        items: messages.helpCommands({
          stats: info.samples.stats[0],
          region: info.regions[0] ? shortRegion(info.regions[0]) : undefined,
          topic: info.samples.topics[0],
        }),
      },
    ];
    if (isAdmin) blocks.push({ type: "heading", text: messages.helpAdminTitle }, { type: "list", items: [...messages.helpAdmin] });
    blocks.push({ type: "text", text: messages.helpCorpus(info) });
    return { kind: "help", blocks, actions: info.samples.questions.slice(0, 3).map((q) => ({ type: "ask", question: q })) };
  }

  function welcome(): Reply {
    const info = assistant.info();
    const questions = info.samples.questions.slice(0, 3);
    return {
      kind: "help",
      blocks: [
        { type: "text", text: messages.welcome(info) },
        { type: "list", items: questions },
      ],
      actions: questions.map((q) => ({ type: "ask", question: q })),
    };
  }

  async function ask(inbound: Inbound, raw: string): Promise<Reply> {
    const question = raw.replace(/\s+/g, " ").trim();
    if (!question) return text(messages.emptyQuestion);
    if (Array.from(question).length > maxChars) return text(messages.questionTooLong(maxChars));
    const answer = await assistant.ask(question, { chatId: contextKey(inbound.channel, inbound.chatId) });
    return presentAnswer(question, answer);
  }

  async function reindex(arg: string, onProgress: ProgressSink): Promise<Reply> {
    const full = /(^|\s)(--)?full(\s|$)|全量/.test(arg);
    return slot(async () => {
      onProgress(messages.reindexStarted);
      try {
        const summary = await assistant.reindex({ full, onProgress: (p: ReindexProgress) => onProgress(progressText(p)) });
        return { kind: "admin", blocks: presentReindex(summary), actions: [] };
      } catch (err) {
        if (err instanceof ReindexBusyError) throw err;
        return text(messages.reindexFailed(userMessageOf(err)), "error");
      }
    });
  }

  async function remove(inbound: Inbound, file: string): Promise<Reply> {
    if (!file) return text(messages.removeUsage, "admin");
    const step = await assistant.removeReport(file);
    if (step.status === "unknown") return text(messages.removeUnknown(step.file, step.known), "admin");
    if (step.status !== "confirm") return text(messages.removeStale(step.file), "admin");
    const key = contextKey(inbound.channel, inbound.chatId);
    const token = step.token;
    conversation.requestConfirmation(key, (onProgress) =>
      slot(async () => {
        const done = await assistant.removeReport(step.file, token, (p) => onProgress(progressText(p)));
        if (done.status !== "removed") return text(messages.removeStale(step.file), "admin");
        return { kind: "admin", blocks: [{ type: "text", text: messages.removeDone(done.file) }, ...presentReindex(done.summary)], actions: [] };
      }),
    );
    return {
      kind: "confirm",
      blocks: [
        {
          type: "text",
          text: messages.removeConfirm(
            step.file,
            step.articles.map((a) => a.title),
          ),
        },
      ],
      actions: [
        { type: "command", label: messages.confirmLabel, command: messages.confirmLabel },
        { type: "command", label: messages.cancelLabel, command: messages.cancelLabel },
      ],
    };
  }

  const conversation: Conversation = {
    get busy() {
      return adminJob !== null;
    },

    hasPending(key) {
      const p = pending.get(key);
      return p !== undefined && p.expiresAt >= now();
    },

    requestConfirmation(key, run, cancel) {
      // a new request replaces an older one of the chat (which releases what it held)
      pending.get(key)?.cancel?.();
      pending.set(key, { expiresAt: now() + CONFIRM_WINDOW_MS, run, ...(cancel ? { cancel } : {}) });
    },

    help,
    welcome,

    async handle(inbound, onProgress = () => {}) {
      const cmd = parseCommand(inbound.text);
      const key = contextKey(inbound.channel, inbound.chatId);
      // a pending confirmation lives for one reply: anything but 确认 drops it
      const waiting = pending.get(key);
      if (waiting) pending.delete(key);
      const confirmed = cmd.name === "confirm" && waiting !== undefined && waiting.expiresAt >= now() && inbound.isAdmin;
      if (waiting && !confirmed) waiting.cancel?.();
      try {
        switch (cmd.name) {
          case "empty":
            return text(messages.emptyQuestion);
          case "confirm":
            if (!confirmed) return text(messages.nothingToConfirm);
            return await waiting.run(onProgress);
          case "cancel":
            return text(waiting ? messages.cancelled : messages.nothingToConfirm);
          case "ask":
            return await ask(inbound, cmd.arg);
          case "help":
            return help(inbound.isAdmin);
          case "stats": {
            const { query, more } = splitMore(cmd.arg);
            return presentStats(assistant.stats(query), more);
          }
          case "examples": {
            if (!cmd.arg) return text(messages.examplesUsage);
            const ex = await assistant.examples(cmd.arg);
            if (ex.length === 0) return text(messages.examplesNone(cmd.arg), "examples");
            return {
              kind: "examples",
              blocks: [
                { type: "heading", text: messages.examplesHeading(cmd.arg) },
                {
                  type: "list",
                  items: ex.map((e) => `${e.summary}（${e.citation.region ? `${shortRegion(e.citation.region)}，` : ""}/source ${e.citation.id}）`),
                },
              ],
              actions: ex.map((e, i) => ({ type: "source", n: i + 1, id: e.citation.id, label: `${i + 1}. ${e.citation.region ?? e.citation.title}` })),
            };
          }
          case "sources":
          case "reports": {
            if (cmd.name === "reports" && !inbound.isAdmin) return text(messages.adminOnly, "admin");
            const sources = assistant.sources();
            if (sources.length === 0) return text(messages.noSources, "sources");
            const blocks: Block[] = [{ type: "heading", text: messages.sourcesHeading(sources.length) }];
            for (const [i, s] of sources.entries()) {
              const detail = cmd.name === "reports" ? `（${s.file}，${s.encoding}，${s.passages} 段，${s.facts} 条数据）` : `（${s.articles.length} 篇文章）`;
              blocks.push({ type: "text", text: `${i + 1}. ${s.title}${detail}` });
              blocks.push({ type: "list", items: s.articles.map((a) => `${a.title}${a.region ? `（${a.region}）` : ""}`) });
            }
            return { kind: "sources", blocks, actions: [] };
          }
          case "source": {
            if (!cmd.arg) return text(messages.sourceUsage, "source");
            const p = assistant.source(cmd.arg);
            if (!p) return text(messages.sourceNotFound(cmd.arg), "source");
            const where = [p.region, p.section, p.kind === "caption" ? "图片说明" : `第${p.paragraphNo}段`].filter(Boolean).join(" · ");
            return {
              kind: "source",
              blocks: [
                { type: "heading", text: `《${p.title}》` },
                { type: "text", text: where },
                { type: "quote", text: p.text },
                { type: "text", text: `出处编号：${p.id}` },
              ],
              actions: [],
            };
          }
          case "reindex":
            if (!inbound.isAdmin) return text(messages.adminOnly, "admin");
            return await reindex(cmd.arg, onProgress);
          case "remove":
            if (!inbound.isAdmin) return text(messages.adminOnly, "admin");
            return await remove(inbound, cmd.arg);
          case "unknown":
            return text(messages.unknownCommand(cmd.command));
        }
      } catch (err) {
        if (err instanceof ReindexBusyError) return text(messages.busy, "admin");
        throw err;
      }
    },

    async upload(inbound, fileName, load, onProgress = () => {}) {
      if (!inbound.isAdmin) return text(messages.uploadRefused, "admin");
      if (!isReportFile(fileName)) return text(messages.uploadFailed(`不支持「${fileName}」这种文件，请发送 .txt、.md 或 .docx`), "error");
      return slot(async () => {
        onProgress(messages.uploadReceiving(fileName));
        try {
          const bytes = await load();
          const result = await assistant.addReport(fileName, bytes, (p) => onProgress(progressText(p, fileName)));
          const held = result.needsConfirmation;
          if (held) {
            // a report of this name exists: nothing changed; 确认 applies the upload (the assistant keeps the bytes), anything else drops it
            const token = held.token;
            conversation.requestConfirmation(
              contextKey(inbound.channel, inbound.chatId),
              (progress) =>
                slot(async () => {
                  try {
                    const done = await assistant.confirmReplace(token, (p) => progress(progressText(p, held.existing)));
                    return presentUpload(done.file, done, sampleQuestionFor(done.articles));
                  } catch (err) {
                    if (err instanceof ReindexBusyError) throw err;
                    return text(messages.uploadFailed(userMessageOf(err)), "error");
                  }
                }),
              () => void assistant.cancelReplace(token),
            );
            return presentReplaceQuestion(held.existing, Math.min(held.expiresInMinutes, CONFIRM_WINDOW_MS / 60_000));
          }
          return presentUpload(fileName, result, sampleQuestionFor(result.articles));
        } catch (err) {
          if (err instanceof ReindexBusyError) throw err;
          return text(messages.uploadFailed(userMessageOf(err)), "error");
        }
      });
    },
  };
  return conversation;
}
