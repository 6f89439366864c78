// Where a webhook may go. Targets in private, loopback, link-local, unique-local, CGNAT, multicast or unspecified
// ranges are refused (server-side request forgery into the merchant's own network) unless
// KASSA_WEBHOOK_ALLOW_PRIVATE=1 (tests, local demos). Checked when an endpoint is saved and again on every delivery,
// on the address the connection really uses (the HTTP client's DNS lookup), so DNS cannot swap it in between.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { PaymentError } from "../core/errors";

// Two lists: Node's BlockList also matches IPv4 addresses against IPv4-mapped IPv6 rules, so the IPv6 forms that embed
// an IPv4 address (::a.b.c.d, ::ffff:a.b.c.d, ::ffff:0:a.b.c.d) are unwrapped below and judged as IPv4.
const blocked4 = new BlockList();
for (const [net, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4]] as const) {
  blocked4.addSubnet(net, bits, "ipv4");
}
// IPv6: NAT64 (well-known and local), Teredo, 6to4, unique-local, site-local, link-local, multicast
const blocked6 = new BlockList();
for (const [net, bits] of [["64:ff9b::", 96], ["64:ff9b:1::", 48], ["2001::", 32], ["2002::", 16], ["fc00::", 7], ["fec0::", 10], ["fe80::", 10], ["ff00::", 8]] as const) {
  blocked6.addSubnet(net, bits, "ipv6");
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail becomes two groups). */
function groups6(address: string): number[] {
  let a = address.toLowerCase();
  const v4 = a.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const [x, y, z, w] = v4[1]!.split(".").map(Number) as [number, number, number, number];
    a = `${a.slice(0, -v4[1]!.length)}${((x << 8) | y).toString(16)}:${((z << 8) | w).toString(16)}`;
  }
  const [head, tail] = a.includes("::") ? a.split("::") : [a, undefined];
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail ? tail.split(":") : [];
  const fill = tail !== undefined ? Array(8 - h.length - t.length).fill("0") : [];
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

export function allowPrivateTargets(): boolean {
  return process.env.KASSA_WEBHOOK_ALLOW_PRIVATE === "1";
}

/** True for an address a webhook may not reach (IPv6 forms that embed an IPv4 address are judged as that address). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked4.check(address, "ipv4");
  if (family !== 6) return true;
  const g = groups6(address);
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0 || g[5] === 0xffff)) {
    return blocked4.check(`${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`, "ipv4") || (g[5] === 0 && g[6] === 0); // ::, ::1, ::a.b.c.d, ::ffff:a.b.c.d
  }
  if (g.slice(0, 4).every((x) => x === 0) && g[4] === 0xffff && g[5] === 0) return true; // ::ffff:0:a.b.c.d (SIIT)
  return blocked6.check(address, "ipv6");
}

/** A webhook URL as saved: http(s), no credentials, at most 2048 characters; a literal private address is refused. */
export function checkEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new PaymentError("validation", "Enter a full URL, like https://example.com/kassa-events.", { field: "url" });
  }
  if (raw.length > 2048 || !["http:", "https:"].includes(url.protocol) || url.username || url.password) {
    throw new PaymentError("validation", "Webhook URLs are http(s), without credentials, at most 2048 characters.", { field: "url" });
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivateTargets() && (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && isPrivateAddress(host)))) {
    throw new PaymentError("validation", "That address is in a private or loopback range; webhooks go to public addresses.", { field: "url" });
  }
  return url;
}

/** A DNS lookup for the HTTP client that refuses private addresses (unless allowed). */
export function guardedLookup(hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad && !allowPrivateTargets()) {
      const e = Object.assign(new Error(`refused: ${hostname} resolves to ${bad.address}, a private or loopback address`), { code: "EPRIVATE" });
      return callback(e, []);
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
}
