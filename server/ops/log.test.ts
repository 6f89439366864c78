// The structured log: JSON lines with a level name, and secrets redacted by path wherever they sit in a logged object.
import { describe, expect, it } from "vitest";
import { captureLog, log } from "./log";

describe("the log", () => {
  it("writes one JSON object per line with the level's name, and redacts credentials by path", () => {
    const lines: string[] = [];
    const restore = captureLog({ write: (l) => void lines.push(l) });
    try {
      log.info(
        {
          password: "pw-1",
          user: { token: "tok-2", secret: "sec-3", clientSecret: "cs-4", name: "kept" },
          headers: { authorization: "Bearer auth-5", cookie: "c=cookie-6", "x-api-key": "key-7", "x-publishable-api-key": "pk-8", "stripe-signature": "sig-9", accept: "application/json" },
          req: { headers: { authorization: "Basic auth-10" } },
        },
        "hello",
      );
    } finally {
      restore();
    }
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: "info", msg: "hello", user: { name: "kept" }, headers: { accept: "application/json" } });
    expect(typeof entry.time).toBe("string");
    for (const secret of ["pw-1", "tok-2", "sec-3", "cs-4", "auth-5", "cookie-6", "key-7", "pk-8", "sig-9", "auth-10"]) expect(lines[0]).not.toContain(secret);
    expect(entry.headers.authorization).toBe("[redacted]");
  });
});
