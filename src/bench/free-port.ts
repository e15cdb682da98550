/** A free loopback port: bind port 0, read what the system gave, release it. */
import { once } from "node:events";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";

export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, "127.0.0.1");
  await once(s, "listening");
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}
