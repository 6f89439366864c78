import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "./target";

describe("webhook targets", () => {
  it("refuses private, loopback, link-local and IPv4-embedding IPv6 forms", () => {
    for (const a of ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "::7f00:1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:0:a00:1", "fc00::1", "fd12::1", "fe80::1", "fec0::1", "ff02::1", "2002:7f00:1::", "2001:0:4136:e378::1", "64:ff9b::a00:1", "64:ff9b:1::1", "not-an-ip"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
  });
  it("lets public addresses through", () => {
    for (const a of ["8.8.8.8", "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "2a00:1450:4001:80b::200e"]) expect(isPrivateAddress(a), a).toBe(false);
  });
});
