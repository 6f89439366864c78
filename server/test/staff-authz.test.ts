// The authorization matrix of the merchant side: every console procedure, every admin REST route and the CSV export,
// for anonymous, a customer, a viewer, an operator and an owner. Allowed callers get past authorization (whatever the
// verb then answers); the others are refused with the surface's status, and core refuses a forged call again.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import type { DbHandle } from "../db";
import { embeddedTestDb } from "./db";
import { useTestDatabase } from "./app";
import { checkoutPayment } from "./fixtures";
import { getKassa } from "../kassa";
import { createCaller } from "../trpc/root";
import { createTRPCContext } from "../trpc/init";
import { signInStaff, STAFF_COOKIE } from "../auth/staff";
import { createTokenService } from "../auth/tokens";
import * as admin from "../dialects/medusa-admin/router";
import { exportCsv } from "../console/export-route";
import type { StaffActor } from "../core/staff";

type Who = "anonymous" | "customer" | "viewer" | "operator" | "owner";
const WHO: Who[] = ["anonymous", "customer", "viewer", "operator", "owner"];
const RANK: Record<Who, number> = { anonymous: -2, customer: -1, viewer: 0, operator: 1, owner: 2 };
const NEEDS = { viewer: 0, operator: 1, owner: 2 } as const;

describe("merchant-side authorization matrix", () => {
  let h: DbHandle;
  let paymentId: string;
  let aliceId: string;
  const console: Partial<Record<Who, string>> = {};
  const api: Partial<Record<Who, string>> = {};

  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    paymentId = await checkoutPayment(getKassa());
    aliceId = (await h.db.customer.findUniqueOrThrow({ where: { email: "alice@example.com" } })).id;
    for (const who of ["viewer", "operator", "owner"] as const) {
      const where = { ip: "127.0.0.1", userAgent: "test" };
      console[who] = (await signInStaff(h.db, `${who}@example.com`, `${who}-password`, { surface: "console", ...where }))!.token;
      api[who] = (await signInStaff(h.db, `${who}@example.com`, `${who}-password`, { surface: "admin_api", ...where }))!.token;
    }
    api.customer = (await createTokenService({ db: h.db }).issue({ subject: { type: "customer", customerId: aliceId }, audience: "medusa", ttlSeconds: 3600 })).token;
  }, 60_000);
  afterAll(async () => h?.close());

  function caller(who: Who) {
    const headers = new Headers(console[who as "viewer"] ? { cookie: `${STAFF_COOKIE}=${console[who as "viewer"]}` } : {});
    const session = who === "customer" ? { user: { id: aliceId, email: "alice@example.com" } } : null;
    return createCaller(() => createTRPCContext({ headers, session, resHeaders: new Headers() }));
  }

  const procedures: [name: string, needs: keyof typeof NEEDS, call: (c: ReturnType<typeof caller>) => Promise<unknown>][] = [
    ["me", "viewer", (c) => c.dashboard.me()],
    ["payments.list", "viewer", (c) => c.dashboard.payments.list({})],
    ["payments.get", "viewer", (c) => c.dashboard.payments.get({ id: paymentId })],
    ["payments.capture", "operator", (c) => c.dashboard.payments.capture({ id: paymentId, amount: "0.01", idempotencyKey: `authz-capture-${Math.random()}` })],
    ["payments.refund", "operator", (c) => c.dashboard.payments.refund({ id: paymentId, amount: "0.01", idempotencyKey: `authz-refund-${Math.random()}` })],
    ["payments.cancel", "operator", (c) => c.dashboard.payments.cancel({ id: "pay_nope", idempotencyKey: `authz-cancel-${Math.random()}` })],
    ["audit", "viewer", (c) => c.dashboard.audit({})],
    ["keys.list", "owner", (c) => c.dashboard.keys.list()],
    ["keys.create", "owner", (c) => c.dashboard.keys.create({ kind: "medusa-publishable", name: "authz" })],
    ["keys.revoke", "owner", (c) => c.dashboard.keys.revoke({ id: "key_nope" })],
    ["staff.list", "owner", (c) => c.dashboard.staff.list()],
    ["staff.create", "owner", (c) => c.dashboard.staff.create({ email: `new-${Math.random().toString(36).slice(2)}@shop.test`, password: "a long enough password", role: "viewer" })],
    ["staff.disable", "owner", (c) => c.dashboard.staff.disable({ id: "staff_nope" })],
    ["webhooks.list", "viewer", (c) => c.dashboard.webhooks.list()],
    ["webhooks.create", "owner", (c) => c.dashboard.webhooks.create({ url: "https://example.com/hook", events: ["order.paid"] })],
    ["webhooks.setEnabled", "owner", (c) => c.dashboard.webhooks.setEnabled({ id: "we_nope", enabled: false })],
    ["webhooks.rotate", "owner", (c) => c.dashboard.webhooks.rotate({ id: "we_nope" })],
    ["webhooks.deliveries", "viewer", (c) => c.dashboard.webhooks.deliveries({ id: "we_nope" })],
    ["webhooks.resend", "owner", (c) => c.dashboard.webhooks.resend({ deliveryId: "whd_nope" })],
    ["mail", "viewer", (c) => c.dashboard.mail({})],
  ];

  it.each(procedures.flatMap(([name, needs, call]) => WHO.map((who) => [name, who, needs, call] as const)))("console %s as %s", async (_name, who, needs, call) => {
    const outcome = await call(caller(who)).then(() => "ok", (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));
    if (RANK[who] >= NEEDS[needs]) expect(["ok", "NOT_FOUND", "BAD_REQUEST", "CONFLICT", "UNPROCESSABLE_CONTENT"]).toContain(outcome);
    else expect(outcome).toBe(RANK[who] < 0 ? "UNAUTHORIZED" : "FORBIDDEN");
  });

  const routes: [method: "GET" | "POST", path: () => string, needs: keyof typeof NEEDS][] = [
    ["GET", () => "/admin/payments", "viewer"],
    ["GET", () => `/admin/payments/${paymentId}`, "viewer"],
    ["GET", () => "/admin/payments/payment-providers", "viewer"],
    ["POST", () => `/admin/payments/${paymentId}/capture`, "operator"],
    ["POST", () => `/admin/payments/${paymentId}/refund`, "operator"],
  ];

  it.each(routes.flatMap(([m, p, needs]) => WHO.map((who) => [m, p, who, needs] as const)))("admin %s %s as %s", async (method, path, who, needs) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...(api[who] ? { authorization: `Bearer ${api[who]}` } : {}) };
    const res = await (method === "GET" ? admin.GET : admin.POST)(new Request(`http://localhost${path()}`, { method, headers, body: method === "POST" ? JSON.stringify({ amount: 0.01 }) : undefined }));
    if (RANK[who] >= NEEDS[needs]) expect(res.status, await res.text()).not.toBeOneOf([401, 403]);
    else expect(res.status).toBe(RANK[who] < 0 ? 401 : 403);
  });

  it("a token of one surface is refused on the other; the CSV export needs a staff session", async () => {
    const bearerAsCookie = createCaller(() => createTRPCContext({ headers: new Headers({ cookie: `${STAFF_COOKIE}=${api.owner}` }), session: null }));
    await expect(bearerAsCookie.dashboard.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const cookieAsBearer = await admin.GET(new Request("http://localhost/admin/payments", { headers: { authorization: `Bearer ${console.owner}` } }));
    expect(cookieAsBearer.status).toBe(401);
    for (const who of WHO) {
      const res = await exportCsv(new Request("http://localhost/dashboard/export", { headers: console[who as "viewer"] ? { cookie: `${STAFF_COOKIE}=${console[who as "viewer"]}` } : {} }));
      expect(res.status, who).toBe(RANK[who] >= 0 ? 200 : 401);
      await res.text();
    }
  });

  it("core refuses a forged call whatever the caller checked", async () => {
    const before = (await h.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).capturedMinor;
    const viewer: StaffActor = { staffId: "x", email: "viewer@example.com", role: "viewer", sessionId: null, ip: "", surface: "console" };
    await expect(getKassa().merchant.capture(viewer, paymentId, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(getKassa().merchant.refund(viewer, paymentId, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(getKassa().merchant.cancel(viewer, paymentId, {})).rejects.toMatchObject({ code: "forbidden" });
    // and a customer can never move money through the customer-facing core verbs
    await expect(getKassa().payments.capturePayment(paymentId, { type: "customer", customerId: aliceId })).rejects.toMatchObject({ code: "forbidden" });
    expect((await h.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).capturedMinor).toBe(before);
  });

  it("a disabled staff member's sessions end at once", async () => {
    const { staffService } = await import("../auth/staff");
    const ownerActor: StaffActor = { staffId: (await h.db.staff.findUniqueOrThrow({ where: { email: "owner@example.com" } })).id, email: "owner@example.com", role: "owner", sessionId: null, ip: "", surface: "console" };
    const made = await staffService(h.db).createStaff(ownerActor, { email: "temp@shop.test", password: "temporary password 1", role: "viewer" });
    const s = (await signInStaff(h.db, "temp@shop.test", "temporary password 1", { surface: "console", ip: "", userAgent: "" }))!;
    const c = createCaller(() => createTRPCContext({ headers: new Headers({ cookie: `${STAFF_COOKIE}=${s.token}` }), session: null }));
    expect((await c.dashboard.me()).email).toBe("temp@shop.test");
    await staffService(h.db).disableStaff(ownerActor, made.id);
    await expect(c.dashboard.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await signInStaff(h.db, "temp@shop.test", "temporary password 1", { surface: "console", ip: "", userAgent: "" })).toBeNull();
    await expect(staffService(h.db).disableStaff(ownerActor, ownerActor.staffId)).rejects.toMatchObject({ code: "invalid_state" });
  });

  it("the audit log refuses edits and deletions", async () => {
    const row = await h.db.auditEntry.findFirstOrThrow();
    await expect(h.db.auditEntry.update({ where: { id: row.id }, data: { outcome: "succeeded", staffEmail: "someone-else" } })).rejects.toThrow();
    await expect(h.db.auditEntry.delete({ where: { id: row.id } })).rejects.toThrow();
    await expect(h.db.$executeRawUnsafe(`TRUNCATE "AuditEntry"`)).rejects.toThrow();
    expect(await h.db.auditEntry.findUnique({ where: { id: row.id } })).toMatchObject({ staffEmail: row.staffEmail });
  });
});
