/**
 * The WeCom (企业微信) 智能机器人 channel, API mode over the official SDK's
 * long connection. It only routes and renders: text goes to the conversation
 * layer, the reply comes back as WeCom markdown in one stream (正在检索… first,
 * then the answer, ending with finish). Redeliveries (same msgid) are answered
 * once; messages run in order per chat and concurrently across chats.
 */
import { randomUUID } from "node:crypto";
import { WSClient, type BaseMessage, type EventMessage, type Logger as SdkLogger, type WsFrame, type WSClientOptions } from "@wecom/aibot-node-sdk";
import type { Config } from "../../config.js";
import type { Conversation } from "../../conversation/conversation.js";
import { parseCommand } from "../../conversation/parse.js";
import type { Reply } from "../../conversation/types.js";
import { redact, type Logger } from "../../logger.js";
import type { FeedbackStore } from "../telegram/feedback-store.js";
import { renderMarkdown } from "./markdown.js";
import { messages } from "./messages.js";

/** The channel's name in context keys (`wecom:<chat>`) and logs. */
export const WECOM_CHANNEL = "wecom";

/** How many recent msgids are remembered to drop redeliveries (WeCom redelivers within seconds; a few thousand covers a busy office). */
const SEEN_MSGIDS = 5000;

/** WeCom feedback_event types (developer docs, 接收事件 › 用户反馈事件): 1 accurate, 2 inaccurate, 3 cancelled. */
const FEEDBACK_UP = 1;
const FEEDBACK_DOWN = 2;

/**
 * What the channel needs of the feedback store (the SQLite and PostgreSQL
 * stores satisfy it). A WeCom vote is bound by the feedback id the answer's
 * first stream frame carried (`linkRef`); it also passes the chat the
 * feedback_event came from (the group's chatid, or the user in a single chat)
 * as `where`, so it counts only in the chat the answer was sent to, like a
 * Telegram vote. `messageId` is null: WeCom has no message id to attach.
 */
export type WecomFeedbackStore = Pick<FeedbackStore, "recordAnswer" | "vote" | "linkRef" | "answerIdFor">;

/** SDK options a caller may tune (tests shorten the heartbeat and the reconnect delay). */
export type WecomClientTuning = Pick<
  WSClientOptions,
  "heartbeatInterval" | "reconnectInterval" | "requestTimeout" | "maxReconnectAttempts" | "maxAuthFailureAttempts"
>;

/** What `createWecomBot` needs. */
export interface WecomBotOptions {
  conversation: Conversation;
  feedback: WecomFeedbackStore;
  config: NonNullable<Config["wecom"]>;
  logger: Logger;
  tuning?: Partial<WecomClientTuning>;
}

/** A running WeCom channel. */
export interface WecomBot {
  readonly client: WSClient;
  /** Connect; resolves at the first successful authentication (retries with backoff meanwhile). */
  start(): Promise<void>;
  /** Disconnect after the replies in progress are sent. */
  stop(): Promise<void>;
}

/** Reconnect forever: a 街道 office's server should come back by itself after a network outage. */
const RECONNECT_FOREVER = -1;

/** The SDK's log lines through our logger, with the secret scrubbed from anything it prints. */
function sdkLogger(log: Logger, secret: string): SdkLogger {
  const scrub = (s: unknown) => (typeof s === "string" ? redact(secret ? s.split(secret).join("[secret]") : s) : s);
  const line = (message: string, args: unknown[]) =>
    [message, ...args]
      .map(scrub)
      .map((x) => (typeof x === "string" ? x : x instanceof Error ? x.message : JSON.stringify(x)))
      .join(" ");
  return {
    debug: (m, ...a) => log.debug(line(m, a)),
    info: (m, ...a) => log.debug(line(m, a)),
    warn: (m, ...a) => log.warn(line(m, a)),
    error: (m, ...a) => log.warn(line(m, a)),
  };
}

/** A short, secret-free description of an error for logs. */
function describe(err: unknown, secret: string): { name: string; message: string } {
  const e = err instanceof Error ? err : new Error(typeof err === "object" ? JSON.stringify(err) : String(err));
  // the secret by hand (a test logger may not know it), then every configured secret (Config.secrets)
  return { name: e.name, message: redact(secret ? e.message.split(secret).join("[secret]") : e.message) };
}

/** Build the channel over one conversation layer. */
export function createWecomBot(options: WecomBotOptions): WecomBot {
  const { conversation, feedback, config } = options;
  const log = options.logger.child({ channel: WECOM_CHANNEL });
  const client = new WSClient({
    botId: config.botId,
    secret: config.secret,
    ...(config.wsUrl ? { wsUrl: config.wsUrl } : {}),
    maxReconnectAttempts: RECONNECT_FOREVER,
    maxAuthFailureAttempts: RECONNECT_FOREVER,
    logger: sdkLogger(log, config.secret),
    ...options.tuning,
  });
  const seen = new Set<string>();
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();

  /** True the first time a msgid is seen. */
  function firstTime(msgid: string): boolean {
    if (seen.has(msgid)) return false;
    seen.add(msgid);
    if (seen.size > SEEN_MSGIDS) seen.delete(seen.values().next().value as string);
    return true;
  }

  /** Run `job` after the chat's previous jobs (order per chat), alongside other chats. */
  function enqueue(chat: string, job: () => Promise<void>): void {
    const prev = chains.get(chat) ?? Promise.resolve();
    const next = prev.then(job).catch((err: unknown) => log.error({ err: describe(err, config.secret), chat }, "handler failed"));
    chains.set(chat, next);
    inFlight.add(next);
    void next.finally(() => {
      inFlight.delete(next);
      if (chains.get(chat) === next) chains.delete(chat);
    });
  }

  /** One reply stream: frames share one id; the last one has finish. */
  function stream(frame: WsFrame, feedbackRef?: string) {
    const id = randomUUID();
    let first = true;
    let done = false;
    const send = async (reply: Reply | string, finish: boolean) => {
      if (done) return;
      done = finish;
      const content = typeof reply === "string" ? reply : renderMarkdown(reply);
      const fb = first && feedbackRef ? { id: feedbackRef } : undefined;
      first = false;
      await client.replyStream(frame, id, content, finish, undefined, fb);
    };
    return {
      update: (content: string) => send(content, false),
      /** A progress update that is skipped while the previous frame waits for its ack (no backlog). */
      progress: (content: string) => {
        if (done || first) return;
        client
          .replyStreamNonBlocking(frame, id, content, false)
          .catch((err: unknown) => log.debug({ err: describe(err, config.secret) }, "progress frame dropped"));
      },
      finish: (reply: Reply | string) => send(reply, true),
      get finished() {
        return done;
      },
    };
  }

  async function onText(frame: WsFrame<BaseMessage>, body: BaseMessage, chat: string, isAdmin: boolean): Promise<void> {
    const raw = String((body.text as { content?: string } | undefined)?.content ?? "");
    const mentioned = /@\S+/.test(raw);
    if (body.chattype === "group" && !mentioned) return; // in groups, only questions addressed to the bot
    const text = raw.replace(/@\S+\s*/g, " ").trim();
    const userid = body.from.userid;
    if (/^\/id\b/i.test(text)) {
      await stream(frame).finish(messages.yourId(userid, isAdmin));
      return;
    }
    const isQuestion = parseCommand(text).name === "ask";
    const ref = isQuestion ? `${WECOM_CHANNEL}:${body.msgid}` : undefined;
    const s = stream(frame, ref);
    try {
      await s.update(messages.searching);
      const reply = await conversation.handle({ channel: WECOM_CHANNEL, chatId: chat, userId: userid, isAdmin, text }, (p) => s.progress(p));
      if (reply.answered && ref) {
        try {
          const id = await feedback.recordAnswer({ chatId: chat, userId: userid, ...reply.answered, answer: reply.answered.text });
          await feedback.linkRef(ref, id);
        } catch (err) {
          log.warn({ err: describe(err, config.secret) }, "could not record answer for feedback");
        }
      }
      await s.finish(reply);
      log.info({ chat, kind: reply.kind, citations: reply.answered?.citationIds.length ?? 0 }, "answered");
    } catch (err) {
      log.error({ err: describe(err, config.secret), chat, msgid: body.msgid }, "handler failed");
      if (!s.finished) await s.finish(messages.apology).catch(() => {});
    }
  }

  async function onFile(frame: WsFrame<BaseMessage>, body: BaseMessage, chat: string, isAdmin: boolean): Promise<void> {
    const file = body.file as { url?: string; aeskey?: string } | undefined;
    const s = stream(frame);
    const inbound = { channel: WECOM_CHANNEL, chatId: chat, userId: body.from.userid, isAdmin };
    if (!isAdmin || !file?.url) {
      // refused before anything is downloaded; the conversation layer words it
      await s.finish(await conversation.upload(inbound, "", () => Promise.resolve(new Uint8Array())));
      return;
    }
    await s.update(messages.searching);
    let got: { buffer: Buffer; filename?: string };
    try {
      got = await client.downloadFile(file.url, file.aeskey);
    } catch (err) {
      log.warn({ err: describe(err, config.secret) }, "report download failed");
      await s.finish(messages.downloadFailed);
      return;
    }
    const name = got.filename?.trim() || "未命名文件";
    const reply = await conversation.upload(
      inbound,
      name,
      () => Promise.resolve(new Uint8Array(got.buffer)),
      (p) => s.progress(p),
    );
    await s.finish(reply);
    log.info({ file: name, bytes: got.buffer.byteLength, kind: reply.kind }, "report upload handled");
  }

  function onMessage(frame: WsFrame<BaseMessage>): void {
    const body = frame.body;
    if (!body?.msgid || !firstTime(body.msgid)) {
      if (body?.msgid) log.info({ msgid: body.msgid }, "redelivered message ignored");
      return;
    }
    const userid = body.from?.userid ?? "";
    const chat = body.chattype === "group" && body.chatid ? body.chatid : userid;
    const isAdmin = config.adminUserIds.has(userid);
    enqueue(chat, async () => {
      try {
        if (body.msgtype === "text") return await onText(frame, body, chat, isAdmin);
        if (body.msgtype === "file") return await onFile(frame, body, chat, isAdmin);
        await stream(frame).finish(messages.unsupported(messages.kinds[body.msgtype] ?? messages.somethingElse));
      } catch (err) {
        log.error({ err: describe(err, config.secret), chat, msgtype: body.msgtype }, "handler failed");
      }
    });
  }

  client.on("message", onMessage);

  client.on("event.enter_chat", (frame) => {
    // WeCom accepts a welcome only within 5 s of the event: answered at once, not queued behind the chat
    if (!frame.body?.msgid || !firstTime(frame.body.msgid)) return;
    const reply = conversation.welcome();
    client
      .replyWelcome(frame, { msgtype: "text", text: { content: renderPlainWelcome(reply) } })
      .catch((err: unknown) => log.warn({ err: describe(err, config.secret) }, "welcome not sent"));
  });

  /** A feedback_event: the vote on the answer whose feedback id it names, from the chat it came from. */
  async function onFeedback(body: EventMessage): Promise<void> {
    const fb = (body.event as unknown as { feedback_event?: { id?: string; type?: number } }).feedback_event;
    const answerId = fb?.id ? await feedback.answerIdFor(fb.id) : null;
    if (answerId === null || (fb?.type !== FEEDBACK_UP && fb?.type !== FEEDBACK_DOWN)) {
      log.info({ ref: fb?.id, type: fb?.type }, "feedback not recorded (unknown answer or cancelled)");
      return;
    }
    const chat = body.chattype === "group" && body.chatid ? body.chatid : body.from.userid;
    const outcome = await feedback.vote(answerId, body.from.userid, fb.type === FEEDBACK_UP, { chatId: chat, messageId: null });
    log.info({ answerId, up: fb.type === FEEDBACK_UP, outcome }, outcome === "recorded" ? "feedback recorded" : "feedback not recorded");
  }

  client.on("event.feedback_event", (frame: WsFrame<EventMessage>) => {
    const body = frame.body;
    if (!body?.msgid || !firstTime(body.msgid)) return;
    // in the chat's queue: a vote is stored before the chat's next message is answered
    const chat = body.chattype === "group" && body.chatid ? body.chatid : body.from.userid;
    enqueue(chat, () => onFeedback(body).catch((err: unknown) => log.warn({ err: describe(err, config.secret) }, "could not record feedback")));
  });

  client.on("authenticated", () => log.info("wecom connected and authenticated"));
  client.on("disconnected", (reason) => log.warn({ reason }, "wecom connection closed"));
  client.on("reconnecting", (attempt) => log.info({ attempt }, "wecom reconnecting"));
  client.on("error", (err) => {
    const d = describe(err, config.secret);
    if (/auth/i.test(d.message))
      log.error({ err: d }, "WeCom rejected WECOM_BOT_ID / WECOM_BOT_SECRET (企业微信拒绝了机器人凭证：请核对 BotID 和 Secret); retrying with backoff");
    else log.warn({ err: d }, "wecom connection error; retrying with backoff");
  });

  return {
    client,
    start() {
      return new Promise<void>((resolve) => {
        client.once("authenticated", () => resolve());
        client.connect();
      });
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
      client.disconnect();
    },
  };
}

/** The welcome as plain text (WeCom's welcome reply is a text message, not markdown). */
function renderPlainWelcome(reply: Reply): string {
  return reply.blocks.map((b) => (b.type === "list" ? b.items.map((q) => `• ${q}`).join("\n") : "text" in b ? b.text : "")).join("\n");
}
