// A TCP proxy in front of PostgreSQL that a test can break and mend without touching the real server other tests share:
// - cut(): resets every open connection and refuses new ones (as a server restart does to its clients);
// - freeze(): keeps every connection open but moves no bytes either way, and holds new ones the same way (a frozen
//   network: nothing fails, nothing answers); thaw() lets the held bytes through again.
import net, { type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export type PgProxy = { url: string; cut(): void; restore(): void; freeze(): void; thaw(): void; close(): Promise<void> };

export async function pgProxy(databaseUrl: string): Promise<PgProxy> {
  const target = new URL(databaseUrl);
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let down = false;
  let frozen = false;
  const link = ({ client, upstream }: { client: Socket; upstream: Socket }) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const hold = ({ client, upstream }: { client: Socket; upstream: Socket }) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    const close = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const s of [client, upstream]) s.on("error", close).on("close", close);
    if (frozen) hold(pair);
    else link(pair);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const { client, upstream } of pairs) (client.destroy(), upstream.destroy());
      pairs.clear();
    },
    restore() {
      down = false;
    },
    freeze() {
      frozen = true;
      for (const p of pairs) hold(p);
    },
    thaw() {
      frozen = false;
      for (const p of pairs) link(p);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
