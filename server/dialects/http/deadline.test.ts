import { afterEach, describe, expect, it } from "vitest";
import { isPaymentError } from "../../core/errors";
import { requestDeadline, setRequestDeadline, withDeadline } from "./deadline";

const before = requestDeadline();
afterEach(() => setRequestDeadline(before));
const after = <T>(ms: number, v: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(v()), ms));

describe("request deadline", () => {
  it("is 20 s unless KASSA_REQUEST_TIMEOUT_MS says otherwise", () => {
    expect(before).toBe(Number(process.env.KASSA_REQUEST_TIMEOUT_MS || 20_000));
  });

  it("passes through what finishes in time, answer or failure", async () => {
    setRequestDeadline(200);
    await expect(withDeadline(() => after(10, () => "done"))).resolves.toBe("done");
    await expect(withDeadline(() => after(10, () => Promise.reject(new Error("boom"))).then((p) => p))).rejects.toThrow("boom");
  });

  it("answers service_unavailable at the deadline; the abandoned work failing later is not an unhandled rejection", async () => {
    setRequestDeadline(30);
    const started = Date.now();
    const e = await withDeadline(() => after(120, () => Promise.reject(new Error("late failure"))).then((p) => p)).catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(110);
    expect(isPaymentError(e) && e.code).toBe("service_unavailable");
    await after(150, () => undefined); // the late failure happens here; vitest would fail the run were it unhandled
  });
});
