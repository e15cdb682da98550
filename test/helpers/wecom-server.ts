/**
 * A loopback WeCom 智能机器人 long-connection server, for driving the real
 * channel (and the official SDK inside it) end to end. Frame formats follow
 * @wecom/aibot-node-sdk's source and WeCom's developer docs (智能机器人长连接):
 * `{cmd, headers: {req_id}, body}` both ways; subscribe/ping/replies are acked
 * with `{headers: {req_id}, errcode, errmsg}`.
 *
 * It checks credentials, answers pings, pushes message and event callbacks,
 * serves files encrypted as WeCom does (AES-256-CBC, key = the per-message
 * aeskey, IV = its first 16 bytes, PKCS#7 padded to 32 bytes — written here with
 * node:crypto, not the SDK's), and validates every frame the bot sends:
 * a reply's req_id must be one of this server's own callbacks, the stream id
 * stays the same within one reply, content stays within 20480 UTF-8 bytes,
 * nothing follows finish, and a welcome answers an enter_chat event.
 */
import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";

/** WeCom's limit on one stream frame's content, in UTF-8 bytes. */
export const CONTENT_MAX_BYTES = 20480;
/** errcode this server answers a bad bot_id/secret with (any non-zero code is a failure to the SDK). */
export const AUTH_FAILED_ERRCODE = 40001;
/** Block size of WeCom's PKCS#7 padding for media (32, not AES's 16). */
const PAD_BLOCK = 32;

/** A frame the bot sent. */
export interface BotFrame {
  cmd?: string;
  headers: { req_id: string };
  body?: Record<string, unknown> & { msgtype?: string; stream?: { id: string; finish?: boolean; content?: string; feedback?: { id: string } } };
}

/** What happened to one callback this server pushed. */
export interface Callback {
  reqId: string;
  kind: "message" | "event";
  eventtype?: string;
  frames: BotFrame[];
  finished: boolean;
  /** The last content of the stream (the whole reply, since each frame replaces the previous one). */
  content: string;
  sentAt: number;
}

/** Encrypt bytes the way WeCom encrypts media for long-connection bots. */
export function encryptMedia(plain: Uint8Array, key: Buffer): Buffer {
  const pad = PAD_BLOCK - (plain.byteLength % PAD_BLOCK);
  const padded = Buffer.concat([Buffer.from(plain), Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}

/** The loopback server. */
export class WecomServer {
  readonly callbacks = new Map<string, Callback>();
  readonly violations: string[] = [];
  readonly auth: { botId: string; ok: boolean }[] = [];
  pings = 0;
  private sockets = new Set<WebSocket>();
  private authed = new Set<WebSocket>();
  private files = new Map<string, { bytes: Buffer; name: string }>();
  private waiters: (() => void)[] = [];
  private seq = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly creds: { botId: string; secret: string },
    readonly port: number,
  ) {}

  /** Start on a free loopback port. */
  static async start(creds: { botId: string; secret: string }): Promise<WecomServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const server = new WecomServer(http, wss, creds, (http.address() as AddressInfo).port);
    http.on("request", (req, res) => {
      const file = server.files.get((req.url ?? "").replace(/^\/files\//, ""));
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      });
      res.end(file.bytes);
    });
    wss.on("connection", (ws) => server.accept(ws));
    return server;
  }

  /** The WebSocket URL to give the bot (WECOM_WS_URL). */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Authenticated connections right now. */
  get connections(): number {
    return this.authed.size;
  }

  private changed(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolve once `predicate` holds (checked after every frame and connection change). */
  async until(predicate: () => boolean): Promise<void> {
    while (!predicate()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => {
      this.sockets.delete(ws);
      this.authed.delete(ws);
      this.changed();
    });
    ws.on("message", (data) => {
      let frame: BotFrame;
      try {
        frame = JSON.parse(String(data)) as BotFrame;
      } catch {
        this.violations.push(`not JSON: ${String(data).slice(0, 80)}`);
        return;
      }
      this.onFrame(ws, frame);
      this.changed();
    });
  }

  private ack(ws: WebSocket, reqId: string, errcode = 0, errmsg = "ok"): void {
    ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));
  }

  private onFrame(ws: WebSocket, frame: BotFrame): void {
    const reqId = frame.headers?.req_id;
    if (!reqId) {
      this.violations.push(`frame without req_id: ${JSON.stringify(frame).slice(0, 120)}`);
      return;
    }
    if (frame.cmd === "aibot_subscribe") {
      const body = frame.body as { bot_id?: string; secret?: string } | undefined;
      const ok = body?.bot_id === this.creds.botId && body?.secret === this.creds.secret;
      this.auth.push({ botId: String(body?.bot_id), ok });
      if (ok) this.authed.add(ws);
      this.ack(ws, reqId, ok ? 0 : AUTH_FAILED_ERRCODE, ok ? "ok" : "invalid bot_id or secret");
      return;
    }
    if (!this.authed.has(ws)) {
      this.violations.push(`${frame.cmd} before authentication`);
      return;
    }
    if (frame.cmd === "ping") {
      this.pings++;
      this.ack(ws, reqId);
      return;
    }
    const cb = this.callbacks.get(reqId);
    if (!cb) {
      this.violations.push(`${frame.cmd} with a req_id that is no callback of ours: ${reqId}`);
      this.ack(ws, reqId, 40008, "invalid req_id");
      return;
    }
    const problem = this.check(cb, frame);
    cb.frames.push(frame);
    if (problem) {
      this.violations.push(`${reqId}: ${problem}`);
      this.ack(ws, reqId, 40000, problem);
      return;
    }
    this.ack(ws, reqId);
  }

  /** What is wrong with a reply frame, or null. */
  private check(cb: Callback, frame: BotFrame): string | null {
    if (cb.finished) return "frame after finish";
    if (frame.cmd === "aibot_respond_welcome_msg") {
      if (cb.eventtype !== "enter_chat") return "welcome for something other than enter_chat";
      if (cb.frames.length > 0) return "second welcome";
      const content = (frame.body as { text?: { content?: string } } | undefined)?.text?.content ?? "";
      if (Buffer.byteLength(content) > CONTENT_MAX_BYTES) return "welcome over the byte limit";
      cb.finished = true;
      cb.content = content;
      return null;
    }
    if (frame.cmd !== "aibot_respond_msg") return `unexpected cmd ${frame.cmd}`;
    if (cb.kind !== "message") return "stream reply to an event";
    const stream = frame.body?.stream;
    if (frame.body?.msgtype !== "stream" || !stream?.id) return "not a stream reply";
    const firstId = cb.frames[0]?.body?.stream?.id;
    if (firstId && firstId !== stream.id) return `stream id changed within one reply (${firstId} → ${stream.id})`;
    const bytes = Buffer.byteLength(stream.content ?? "");
    if (bytes > CONTENT_MAX_BYTES) return `content of ${bytes} bytes`;
    if (stream.feedback && cb.frames.length > 0) return "feedback set after the first frame";
    cb.content = stream.content ?? "";
    if (stream.finish) cb.finished = true;
    return null;
  }

  private push(cmd: "aibot_msg_callback" | "aibot_event_callback", body: Record<string, unknown>, kind: Callback["kind"], eventtype?: string): string {
    const reqId = `req_${++this.seq}_${randomUUID().slice(0, 8)}`;
    this.callbacks.set(reqId, { reqId, kind, eventtype, frames: [], finished: false, content: "", sentAt: Date.now() });
    const ws = [...this.authed].at(-1);
    if (!ws) throw new Error("no authenticated bot connection");
    ws.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  }

  private base(user: string, opts: { chatid?: string; msgid?: string }) {
    return {
      msgid: opts.msgid ?? `msg_${randomUUID()}`,
      aibotid: this.creds.botId,
      create_time: Math.floor(Date.now() / 1000),
      chattype: opts.chatid ? "group" : "single",
      ...(opts.chatid ? { chatid: opts.chatid } : {}),
      from: { userid: user },
    };
  }

  /** A user's text message (a group message when `chatid` is given). Returns the callback's req_id. */
  sendText(user: string, content: string, opts: { chatid?: string; msgid?: string } = {}): string {
    return this.push("aibot_msg_callback", { ...this.base(user, opts), msgtype: "text", text: { content } }, "message");
  }

  /** Another message type (image, voice…) with its body. */
  sendOther(user: string, msgtype: string, payload: Record<string, unknown>): string {
    return this.push("aibot_msg_callback", { ...this.base(user, {}), msgtype, [msgtype]: payload }, "message");
  }

  /** A file message: the bytes are encrypted with a fresh aeskey and served over HTTP. */
  sendFile(user: string, name: string, bytes: Uint8Array): string {
    const key = randomBytes(32);
    const id = randomUUID();
    this.files.set(id, { bytes: encryptMedia(bytes, key), name });
    const url = `http://127.0.0.1:${this.port}/files/${id}`;
    return this.push("aibot_msg_callback", { ...this.base(user, {}), msgtype: "file", file: { url, aeskey: key.toString("base64") } }, "message");
  }

  /** An event callback (enter_chat, feedback_event…), from a group when `chatid` is given. */
  sendEvent(user: string, eventtype: string, data: Record<string, unknown> = {}, opts: { chatid?: string } = {}): string {
    const body = { ...this.base(user, opts), msgtype: "event", event: { eventtype, ...(Object.keys(data).length ? { [eventtype]: data } : {}) } };
    return this.push("aibot_event_callback", body, "event", eventtype);
  }

  /** The callback once the bot has finished replying to it. */
  async reply(reqId: string): Promise<Callback> {
    const cb = this.callbacks.get(reqId);
    if (!cb) throw new Error(`unknown req_id ${reqId}`);
    await this.until(() => cb.finished);
    return cb;
  }

  /** Cut every connection, as a network outage would. */
  dropConnections(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
