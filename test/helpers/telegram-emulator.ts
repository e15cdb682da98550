/**
 * telegram-test-api (a Bot API emulator) on loopback, fronted by a thin proxy
 * that makes it behave like Telegram where it matters for our tests:
 *
 * - getUpdates is held open until an update arrives or the poll times out
 *   (real long polling; the bare emulator answers at once and the bot spins);
 * - setMyCommands / sendChatAction / deleteMyCommands answer ok (recorded);
 * - getFile and `/file/bot<token>/<path>` serve files registered by the test;
 * - sendMessage / editMessageText are rejected with 400 like Telegram when the
 *   text is empty, over 4096 characters, or not valid Telegram HTML, and when
 *   callback_data exceeds 64 bytes.
 *
 * - setWebhook / deleteWebhook / getWebhookInfo are answered here and the
 *   webhook (url, secret) is only recorded: the emulator itself would POST
 *   updates without the secret header and crash on a 401 (see the notes). A
 *   fleet test delivers updates itself, as Telegram does (`takeUpdates`).
 *
 * Users talk to the emulator through its own client (sendMessage, sendCommand,
 * sendCallback, getUpdatesHistory over HTTP).
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { telegramHtmlError } from "./telegram-html.js";
import { freePort } from "../../src/bench/free-port.js";

/** A bot API call as the proxy saw it. */
export interface BotCall {
  method: string;
  payload: Record<string, unknown>;
  /** When the proxy received it (ms since epoch). */
  at: number;
  /** Set when the proxy refused the call (as Telegram would). */
  rejected?: string;
}

/** A message the bot sent, as stored by the emulator (edits applied in place). */
export interface BotMessage {
  messageId: number;
  time: number;
  chatId: number;
  text: string;
  replyTo?: number;
  buttons: { text: string; data: string }[];
}

/** A user message as stored by the emulator. */
export interface UserMessage {
  messageId: number;
  time: number;
  chatId: number;
  text?: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const badRequest = (res: ServerResponse, description: string) => send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${description}` });

/** Why Telegram would refuse this sendMessage/editMessageText, or null. */
function refusal(payload: Record<string, unknown>): string | null {
  const text = typeof payload.text === "string" ? payload.text : "";
  if (payload.parse_mode === "HTML") {
    const err = telegramHtmlError(text);
    if (err) return `can't parse entities: ${err}`;
  } else {
    if (text.trim().length === 0) return "message text is empty";
    if (text.length > 4096) return "message is too long";
  }
  const markup = (typeof payload.reply_markup === "string" ? JSON.parse(payload.reply_markup) : payload.reply_markup) as
    { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  for (const b of markup?.inline_keyboard?.flat() ?? []) {
    if (b.callback_data !== undefined && Buffer.byteLength(b.callback_data, "utf8") > 64) return "BUTTON_DATA_INVALID";
  }
  return null;
}

export interface EmulatorOptions {
  token: string;
  /** Longest a getUpdates may be held, in seconds (the bot asks for its own timeout). */
  maxPollSeconds?: number;
}

/** The emulator plus proxy. `apiRoot` is what the bot uses as TELEGRAM_API_ROOT. */
export class TelegramEmulator {
  readonly server: TelegramServer;
  readonly calls: BotCall[] = [];
  apiRoot = "";
  /** The webhook a bot registered (recorded, not passed on to the emulator). */
  webhook: { url: string; secret: string } | null = null;
  private proxy: Server | null = null;
  private files = new Map<string, { path: string; bytes: Uint8Array; name: string }>();
  private waiters = new Set<() => void>();
  private emulatorUrl = "";

  private constructor(
    readonly token: string,
    private readonly maxPollSeconds: number,
    port: number,
  ) {
    this.server = new TelegramServer({ host: "127.0.0.1", port, storeTimeout: 3600 });
    this.emulatorUrl = `http://127.0.0.1:${port}`;
    const wake = () => {
      for (const w of [...this.waiters]) w();
    };
    for (const ev of ["AddedUserMessage", "AddedUserCommand", "AddedUserCallbackQuery", "AddedBotMessage", "EditedMessageText", "EditedMessageReplyMarkup"]) {
      this.server.on(ev, wake);
    }
  }

  /** Start the emulator and the proxy on free loopback ports. */
  static async start(options: EmulatorOptions): Promise<TelegramEmulator> {
    const emu = new TelegramEmulator(options.token, options.maxPollSeconds ?? 30, await freePort());
    await emu.server.start();
    emu.proxy = createServer((req, res) => {
      emu.handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error_code: 500, description: String(err) }));
    });
    emu.proxy.listen(0, "127.0.0.1");
    await once(emu.proxy, "listening");
    emu.apiRoot = `http://127.0.0.1:${(emu.proxy.address() as AddressInfo).port}`;
    return emu;
  }

  /** Make a file downloadable through getFile; returns the file_id to put in a document message. */
  addFile(fileId: string, name: string, bytes: Uint8Array): void {
    // Telegram's file paths look like `documents/file_12.docx`: ASCII, keeping the extension.
    const ext = /\.[A-Za-z0-9]+$/.exec(name)?.[0] ?? "";
    this.files.set(fileId, { path: `documents/file_${this.files.size + 1}${ext}`, bytes, name });
  }

  /** Resolve on the next emulator event (or after `ms`), for event-driven waiting. */
  nextEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Take the users' pending updates (marking them read), to deliver them to a webhook as Telegram would. */
  takeUpdates(): Record<string, unknown>[] {
    return this.server.getUpdates(this.token) as unknown as Record<string, unknown>[];
  }

  /** Calls the proxy refused (Telegram would have said 400). */
  get rejected(): BotCall[] {
    return this.calls.filter((c) => c.rejected);
  }

  /** Every bot message so far (edits applied). */
  botMessages(): BotMessage[] {
    return this.server.storage.botMessages
      .filter((u) => u.botToken === this.token)
      .map((u) => {
        const m = u.message as unknown as Record<string, unknown>;
        const markup = m.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
        const rp = m.reply_parameters as { message_id?: number } | string | undefined;
        const replyTo = typeof rp === "string" ? (JSON.parse(rp) as { message_id?: number }).message_id : rp?.message_id;
        return {
          messageId: u.messageId,
          time: u.time,
          chatId: Number(m.chat_id),
          text: String(m.text ?? ""),
          ...(replyTo !== undefined ? { replyTo } : {}),
          buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data ?? "" })),
        };
      });
  }

  /** Every user message so far. */
  userMessages(): UserMessage[] {
    return this.server.storage.userMessages
      .filter((u) => u.botToken === this.token && "message" in u)
      .map((u) => {
        const m = (u as unknown as { message: { chat: { id: number }; text?: string } }).message;
        return { messageId: u.messageId, time: u.time, chatId: m.chat.id, ...(m.text !== undefined ? { text: m.text } : {}) };
      });
  }

  /** A user in a private chat (chat id = user id) or in a group. */
  user(userId: number, opts: { firstName?: string; chatId?: number; type?: "private" | "group" } = {}): TestUser {
    return new TestUser(this, userId, opts);
  }

  async close(): Promise<void> {
    for (const w of [...this.waiters]) w();
    if (this.proxy) {
      this.proxy.closeAllConnections();
      await new Promise((r) => this.proxy!.close(r));
    }
    await this.server.stop();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const wanted = decodeURIComponent(file[2]!);
      const entry = [...this.files.values()].find((f) => f.path === wanted);
      if (file[1] !== this.token || !entry) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": entry.bytes.byteLength }).end(entry.bytes);
      return;
    }
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!api) {
      res.writeHead(404).end();
      return;
    }
    const method = api[2]!;
    const raw = await readBody(req);
    const contentType = req.headers["content-type"] ?? "application/json";
    let payload: Record<string, unknown> = {};
    if (raw.length && contentType.includes("json")) payload = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    const call: BotCall = { method, payload, at: Date.now() };
    if (method !== "getUpdates") this.calls.push(call);

    switch (method) {
      case "getUpdates":
        return this.longPoll(req, res, api[1]!, payload);
      case "setWebhook":
        this.webhook = { url: String(payload.url ?? ""), secret: String(payload.secret_token ?? "") };
        return send(res, 200, { ok: true, result: true });
      case "deleteWebhook":
        this.webhook = null;
        return send(res, 200, { ok: true, result: true });
      case "getWebhookInfo":
        return send(res, 200, { ok: true, result: { url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: 0 } });
      case "setMyCommands":
      case "deleteMyCommands":
      case "sendChatAction":
      case "setChatMenuButton":
        return send(res, 200, { ok: true, result: true });
      case "getFile": {
        const f = this.files.get(String(payload.file_id));
        if (!f) return badRequest(res, "invalid file_id");
        return send(res, 200, {
          ok: true,
          result: { file_id: payload.file_id, file_unique_id: `u${String(payload.file_id)}`, file_size: f.bytes.byteLength, file_path: f.path },
        });
      }
      case "sendMessage":
      case "editMessageText": {
        const why = refusal(payload);
        if (why) {
          call.rejected = why;
          return badRequest(res, why);
        }
        break;
      }
    }
    const upstream = await fetch(`${this.emulatorUrl}${url.pathname}`, {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw.length ? new Uint8Array(raw) : undefined,
    });
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  /** Hold getUpdates until the emulator has an update for this bot, the poll times out, or the bot hangs up. */
  private async longPoll(_req: IncomingMessage, res: ServerResponse, token: string, payload: Record<string, unknown>): Promise<void> {
    const timeoutS = Math.min(Number(payload.timeout ?? 0), this.maxPollSeconds);
    const deadline = Date.now() + timeoutS * 1000;
    let closed = false;
    res.on("close", () => {
      closed = true;
      for (const w of [...this.waiters]) w();
    });
    for (;;) {
      if (closed) return;
      const pending = this.server.storage.userMessages.some((u) => u.botToken === token && !u.isRead);
      if (pending || Date.now() >= deadline) {
        // Fetch (and so mark read) only when we can still hand the updates over.
        const updates = this.server.getUpdates(token);
        send(res, 200, { ok: true, result: updates });
        return;
      }
      await this.nextEvent(Math.max(1, deadline - Date.now()));
    }
  }
}

/** One person talking to the bot through the emulator's client. */
export class TestUser {
  readonly client;
  readonly chatId: number;

  constructor(
    private readonly emu: TelegramEmulator,
    readonly userId: number,
    opts: { firstName?: string; chatId?: number; type?: "private" | "group" },
  ) {
    this.chatId = opts.chatId ?? userId;
    this.client = emu.server.getClient(emu.token, {
      userId,
      chatId: this.chatId,
      firstName: opts.firstName ?? `用户${userId}`,
      userName: `user${userId}`,
      type: opts.type ?? "private",
    });
  }

  /** Send plain text (no entities). */
  async say(text: string): Promise<void> {
    await this.client.sendMessage(this.client.makeMessage(text));
  }

  /** Send a command (with its bot_command entity). */
  async command(text: string): Promise<void> {
    await this.client.sendCommand(this.client.makeCommand(text));
  }

  /** Press an inline button under one of the bot's messages. */
  async press(data: string, on: BotMessage): Promise<void> {
    const q = this.client.makeCallbackQuery(data, {
      message: { message_id: on.messageId, chat: { id: this.chatId }, from: { id: 666, is_bot: true, first_name: "Bot", username: "TestNameBot" } },
    });
    await this.client.sendCallback(q);
  }

  /** Send a document message (the file must be registered with `emu.addFile`). */
  async sendDocument(fileId: string, fileName: string, size: number, mime = "text/plain"): Promise<void> {
    const msg = this.client.makeMessage("", {
      document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: fileName, file_size: size, mime_type: mime },
    }) as unknown as Record<string, unknown>;
    delete msg.text;
    // The emulator stores whatever message body it is given.
    await this.client.sendMessage(msg as unknown as Parameters<typeof this.client.sendMessage>[0]);
  }

  /** The bot's messages in this chat, oldest first. */
  messages(): BotMessage[] {
    return this.emu.botMessages().filter((m) => m.chatId === this.chatId);
  }

  /** Wait until `pick` finds something in this chat's bot messages. */
  async waitFor<T>(pick: (msgs: BotMessage[]) => T | undefined | null | false, timeoutMs = 20_000, what = "a reply"): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = pick(this.messages());
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.messages().map((m) => m.text.slice(0, 80));
        throw new Error(`user ${this.userId}: timed out waiting for ${what}; saw ${JSON.stringify(seen)}`);
      }
      await this.emu.nextEvent(Math.min(500, Math.max(1, deadline - Date.now())));
    }
  }

  /** Send something and wait for the next new bot message in this chat. */
  async ask(send: () => Promise<void>, timeoutMs = 20_000): Promise<BotMessage> {
    const before = this.messages().length;
    await send();
    return this.waitFor((m) => m[before], timeoutMs, "the next message");
  }
}
