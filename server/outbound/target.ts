// Where a webhook may go. Targets in private, loopback, link-local, unique-local, CGNAT, multicast or unspecified
// ranges are refused (server-side request forgery into the merchant's own network) unless
// KASSA_WEBHOOK_ALLOW_PRIVATE=1 (tests, local demos). Checked when an endpoint is saved and again on every delivery,
// on the address the connection really uses (the HTTP client's DNS lookup), so DNS cannot swap it in between.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { PaymentError } from "../core/errors";

const blocked = new BlockList();
for (const [net, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4]] as const) {
  blocked.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["::ffff:0:0", 96], ["64:ff9b::", 96]] as const) {
  blocked.addSubnet(net, bits, "ipv6");
}

export function allowPrivateTargets(): boolean {
  return process.env.KASSA_WEBHOOK_ALLOW_PRIVATE === "1";
}

/** True for an address a webhook may not reach (IPv4-mapped IPv6 is judged as its IPv4 address). */
export function isPrivateAddress(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) return blocked.check(address, "ipv6");
  return true;
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
