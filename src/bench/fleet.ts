/**
 * `jiceng bench --fleet`: answers per second through the load balancer with one
 * bot instance, then with two, over the same corpus (default: 100 reports).
 * Each instance is a real bot in its own process (`fleet-instance.ts`) in
 * webhook mode, with Redis and PostgreSQL when REDIS_URL / DATABASE_URL are
 * set; a minimal Bot API server in this process answers the bots' calls, and
 * this process plays Telegram: every question is a webhook update from its
 * own user (so the flood guard stays out of the measurement), `concurrency`
 * of them in flight at a time.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isReportFile } from "../corpus/read.js";
import { reindex } from "../index/build.js";
import { evalSetDir } from "../eval/sets.js";
import { createReportGenerator, loadMaterial } from "./generate.js";
import { LoadBalancer, type Backend } from "./load-balancer.js";
import { benchQuestions, PROJECT_ROOT, qaItems } from "./run.js";
import { freePort } from "./free-port.js";

/** Options of the fleet bench. */
export interface FleetBenchOptions {
  /** Report files in the corpus (the shipped ones plus generated ones). Default 100. */
  size?: number;
  /** Questions per measurement. Default 300. */
  questions?: number;
  /** Updates in flight at a time. Default 8. */
  concurrency?: number;
  seed?: number;
  redisUrl?: string;
  databaseUrl?: string;
  onLog?: (line: string) => void;
}

/** One measurement: n instances behind the load balancer. */
export interface FleetRun {
  instances: number;
  answered: number;
  seconds: number;
  answersPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

/** The fleet bench's result. */
export interface FleetBenchReport {
  size: number;
  passages: number;
  questions: number;
  concurrency: number;
  engines: { redis: boolean; postgres: boolean };
  cpus: number;
  runs: FleetRun[];
}

const TOKEN = "123456:BENCH-fleet-token-not-secret-at-all";
const SECRET = "bench-fleet-secret-0123456789";
/** Warm-up questions per instance before measuring (JIT, caches, connection pools). */
const WARMUP_PER_INSTANCE = 20;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A Bot API server that accepts every call; counts the answers (messages replying to a question). */
async function startFakeBotApi(): Promise<{ url: string; answers: () => number; close: () => Promise<void> }> {
  let messageId = 0;
  let answers = 0;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const method = /\/bot[^/]+\/(\w+)$/.exec(req.url ?? "")?.[1] ?? "";
      const payload = (raw && (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(raw) : {}) as Record<string, unknown>;
      let result: unknown = true;
      if (method === "getMe")
        result = {
          id: 777,
          is_bot: true,
          first_name: "基层通",
          username: "JicengBenchBot",
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      else if (method === "getWebhookInfo") result = { url: "", has_custom_certificate: false, pending_update_count: 0 };
      else if (method === "sendMessage" || method === "editMessageText") {
        if (method === "sendMessage" && payload.reply_parameters) answers++;
        result = {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: "private" },
          text: String(payload.text ?? ""),
        };
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers: () => answers,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Start one instance process; resolves when it serves webhooks. */
async function startInstance(env: Record<string, string>, cwd: string): Promise<ChildProcess> {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "fleet-instance.ts");
  const child = fork(entry, [JSON.stringify(env), cwd], { execArgv: ["--import", "tsx"], cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "inherit", "ipc"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", (m) => (m === "ready" ? resolve() : reject(new Error(`instance said ${String(m)}`))));
    child.once("exit", (code) => reject(new Error(`instance exited with ${code}`)));
  });
  return child;
}

async function stopInstance(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, "exit");
  child.send("stop");
  await exited;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Post `questions` as webhook updates through `lb`, `concurrency` at a time; each from its own user. */
async function drive(lbUrl: string, questions: string[], concurrency: number, firstUser: number): Promise<{ ms: number; latencies: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= questions.length) return;
      const user = firstUser + i;
      const update = {
        update_id: user,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id: user, type: "private" },
          from: { id: user, is_bot: false, first_name: "用户" },
          text: questions[i],
        },
      };
      const t = performance.now();
      const r = await fetch(`${lbUrl}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(update),
      });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`update ${user}: HTTP ${r.status}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - t0, latencies };
}

/** Run the fleet bench: one instance, then two, behind the same load balancer. */
export async function runFleetBench(options: FleetBenchOptions = {}): Promise<FleetBenchReport> {
  const log = options.onLog ?? (() => {});
  const size = options.size ?? 100;
  const questionCount = options.questions ?? 300;
  const concurrency = options.concurrency ?? 8;
  const seed = options.seed ?? 20250701;
  const reportsDir = path.join(PROJECT_ROOT, "data/reports");
  const lexiconDir = path.join(PROJECT_ROOT, "data/lexicon");
  const shipped = (await readdir(reportsDir)).filter(isReportFile).sort();
  const source = shipped.find((f) => f.endsWith(".txt"));
  if (!source) throw new Error(`No .txt report in ${reportsDir} to generate from`);
  const material = await loadMaterial(path.join(reportsDir, source), path.join(lexiconDir, "regions.txt"));
  const generate = createReportGenerator(material, seed);
  const own = (await qaItems(evalSetDir("own", PROJECT_ROOT))).map((q) => q.question);
  const questions = benchQuestions(own, material, questionCount, seed);

  const tmp = await mkdtemp(path.join(os.tmpdir(), "jiceng-bench-fleet-"));
  const api = await startFakeBotApi();
  const children: ChildProcess[] = [];
  try {
    const corpus = path.join(tmp, "reports");
    await mkdir(corpus, { recursive: true });
    for (const f of shipped) await copyFile(path.join(reportsDir, f), path.join(corpus, f));
    for (let i = 0; i < size - shipped.length; i++) {
      const { file, text } = generate(i);
      await writeFile(path.join(corpus, file), text);
    }
    log(`bench --fleet: ${size} report file(s): building the shared index…`);
    const built = await reindex({ reportsDir: corpus, indexDir: path.join(tmp, "index"), lexiconDir }, {});

    const ports = [await freePort(), await freePort()];
    const backends: Backend[] = ports.map((p, i) => ({ name: String.fromCharCode(65 + i), url: `http://127.0.0.1:${p}` }));
    const runs: FleetRun[] = [];
    let user = 1_000_000;
    for (const n of [1, 2]) {
      // a health check at most once a second per backend, as a real balancer's active checks
      const lb = new LoadBalancer(backends.slice(0, n), { healthEveryMs: 1_000 });
      await lb.start();
      while (children.length < n) {
        const i = children.length;
        const env: Record<string, string> = {
          BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: api.url,
          WEBHOOK_URL: `${lb.url}/telegram`,
          WEBHOOK_SECRET: SECRET,
          PORT: String(ports[i]),
          INSTANCE_ID: backends[i]!.name,
          REPORTS_DIR: corpus,
          INDEX_DIR: path.join(tmp, "index"),
          LEXICON_DIR: lexiconDir,
          STATE_DIR: path.join(tmp, `state-${i}`),
          LOG_LEVEL: "warn",
          ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
          ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        };
        log(`bench --fleet: starting instance ${backends[i]!.name}…`);
        children.push(await startInstance(env, tmp));
      }
      const warm = benchQuestions([], material, WARMUP_PER_INSTANCE * n, seed + n);
      await drive(lb.url, warm, concurrency, user);
      user += warm.length;
      const before = api.answers();
      const { ms, latencies } = await drive(lb.url, questions, concurrency, user);
      user += questions.length;
      const sorted = latencies.sort((a, b) => a - b);
      const run: FleetRun = {
        instances: n,
        answered: api.answers() - before,
        seconds: Math.round(ms) / 1000,
        answersPerSecond: Math.round((questions.length / ms) * 1000 * 10) / 10,
        p50Ms: Math.round(percentile(sorted, 0.5) * 10) / 10,
        p95Ms: Math.round(percentile(sorted, 0.95) * 10) / 10,
      };
      log(`bench --fleet: ${n} instance(s): ${run.answersPerSecond} answers/s (p50 ${run.p50Ms} ms, p95 ${run.p95Ms} ms)`);
      runs.push(run);
      await lb.close();
    }
    return {
      size,
      passages: built.passages,
      questions: questions.length,
      concurrency,
      engines: { redis: Boolean(options.redisUrl), postgres: Boolean(options.databaseUrl) },
      cpus: os.cpus().length,
      runs,
    };
  } finally {
    for (const c of children) await stopInstance(c).catch(() => c.kill("SIGKILL"));
    await api.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

/** The fleet bench as a small table. */
export function formatFleetTable(r: FleetBenchReport): string {
  const lines = [
    `fleet bench: ${r.size} reports (${r.passages} passages), ${r.questions} questions, ${r.concurrency} in flight, ${r.cpus} CPU(s), Redis ${r.engines.redis ? "yes" : "no"}, PostgreSQL ${r.engines.postgres ? "yes" : "no"}`,
    "| instances | answers/s | p50 ms | p95 ms | answered |",
    "|---|---|---|---|---|",
    ...r.runs.map((x) => `| ${x.instances} | ${x.answersPerSecond} | ${x.p50Ms} | ${x.p95Ms} | ${x.answered}/${r.questions} |`),
  ];
  return lines.join("\n");
}
