/**
 * Real Redis and PostgreSQL for the fleet tests. `scripts/test-services.sh`
 * starts both on loopback and exports REDIS_URL, DATABASE_URL and
 * JICENG_REDIS_SERVER; `.ci/run` also sets JICENG_REQUIRE_SERVICES=1, and then
 * a missing service fails the tests instead of skipping them. On a laptop
 * without them `npm test` skips these tests and says so.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { freePort } from "../../src/bench/free-port.js";

/** What the environment offers (tests may read the environment; src/ reads it only in config.ts). */
export const services = {
  redisUrl: process.env.REDIS_URL || undefined,
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisServer: process.env.JICENG_REDIS_SERVER || undefined,
  required: process.env.JICENG_REQUIRE_SERVICES === "1",
};

/**
 * Whether tests needing `needs` should run. Missing and required: throws (the
 * suite fails). Missing and optional: false, after one visible note.
 */
export function servicesAvailable(what: string, needs: ("redis" | "postgres" | "redis-server")[]): boolean {
  const missing = needs.filter((n) => (n === "redis" ? !services.redisUrl : n === "postgres" ? !services.databaseUrl : !services.redisServer));
  if (missing.length === 0) return true;
  const names = missing.map((m) => (m === "redis" ? "REDIS_URL" : m === "postgres" ? "DATABASE_URL" : "JICENG_REDIS_SERVER"));
  if (services.required) throw new Error(`${what}: JICENG_REQUIRE_SERVICES=1 but ${names.join(", ")} not set (run through scripts/test-services.sh)`);
  process.stderr.write(`\n[skipped] ${what}: needs ${names.join(", ")} — run \`scripts/test-services.sh npm test\` to include it\n`);
  return false;
}

/** A free loopback port. */
export { freePort };

/** A Redis server owned by one test, which may stop and restart it (an outage on demand). */
export class OwnRedis {
  private child: ChildProcess | null = null;
  private constructor(
    private readonly binary: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(binary: string): Promise<OwnRedis> {
    const r = new OwnRedis(binary, await freePort());
    await r.restart();
    return r;
  }

  /** Start (again) on the same port; resolves when it accepts connections. */
  async restart(): Promise<void> {
    const child = spawn(this.binary, ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.child = child;
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const deadline = Date.now() + 10_000;
    while (!out.includes("Ready to accept connections")) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start: ${out.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stop it by pid and wait until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }
}
