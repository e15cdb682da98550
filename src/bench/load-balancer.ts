/**
 * A small round-robin HTTP load balancer on loopback, for the fleet test and
 * `bench --fleet`: each request goes to the next backend whose `GET /healthz`
 * answers 200 (checked per request by default, or at most every
 * `healthEveryMs`, with a short timeout); a failing backend is skipped. It
 * records which backend served each request (and says so in `x-served-by`).
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A backend: a name for the test's assertions, and its base URL. */
export interface Backend {
  name: string;
  url: string;
}

/** Give up on a backend's health check after this long. */
const HEALTH_TIMEOUT_MS = 1_000;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Hop-by-hop headers are not forwarded. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "host", "content-length"]);

/** A round-robin load balancer over `backends`. */
export class LoadBalancer {
  /** Which backend served each forwarded request, in order. */
  readonly served: string[] = [];
  url = "";
  private server: Server | null = null;
  private cursor = 0;
  private checked = new Map<string, { ok: boolean; at: number }>();

  /** `healthEveryMs` 0 (default): check a backend's health before each request it gets. */
  constructor(
    readonly backends: Backend[],
    private readonly options: { healthEveryMs?: number } = {},
  ) {}

  /** Make `name` the next backend in the rotation (the test decides where its next update lands). */
  next(name: string): void {
    const i = this.backends.findIndex((b) => b.name === name);
    if (i < 0) throw new Error(`no backend ${name}`);
    this.cursor = i;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.forward(req)
        .then(({ status, headers, body, backend }) => {
          res.writeHead(status, { ...headers, "x-served-by": backend }).end(body);
        })
        .catch((err: unknown) => {
          res.writeHead(502, { "content-type": "text/plain" }).end(`no healthy backend: ${String(err)}`);
        });
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }

  /** True when the backend answers its health check with 200 (cached for `healthEveryMs`). */
  async healthy(b: Backend): Promise<boolean> {
    const every = this.options.healthEveryMs ?? 0;
    const last = this.checked.get(b.name);
    if (every > 0 && last && Date.now() - last.at < every) return last.ok;
    const ok = await this.check(b);
    this.checked.set(b.name, { ok, at: Date.now() });
    return ok;
  }

  private async check(b: Backend): Promise<boolean> {
    try {
      const r = await fetch(`${b.url}/healthz`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      await r.arrayBuffer();
      return r.ok;
    } catch {
      return false;
    }
  }

  private async forward(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer; backend: string }> {
    const body = await readBody(req);
    for (let tried = 0; tried < this.backends.length; tried++) {
      const b = this.backends[this.cursor]!;
      this.cursor = (this.cursor + 1) % this.backends.length;
      if (!(await this.healthy(b))) continue;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && !HOP.has(k)) headers[k] = v;
      const r = await fetch(`${b.url}${req.url ?? "/"}`, { method: req.method ?? "GET", headers, body: body.length ? new Uint8Array(body) : undefined });
      this.served.push(b.name);
      const out: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        if (!HOP.has(k)) out[k] = v;
      });
      return { status: r.status, headers: out, body: Buffer.from(await r.arrayBuffer()), backend: b.name };
    }
    throw new Error("every backend failed its health check");
  }
}
