// Webhook endpoints, managed by owners (console and CLI, one service): a URL, the event types it wants, enabled or
// not, and a signing secret shown once — rotatable, the previous one staying valid for a grace period. Audited.
import { randomBytes } from "node:crypto";
import type { Db } from "../db";
import { writeAudit } from "../core/audit";
import { PaymentError } from "../core/errors";
import { newId } from "../core/ids";
import { EVENT_TYPES, type EventType } from "../core/outbox";
import { requireRole, type StaffActor } from "../core/staff";
import { checkEndpointUrl } from "./target";

export const ROTATION_GRACE_MS = 24 * 3600_000;

export type EndpointView = {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  previousSecretUntil: Date | null;
  createdAt: Date;
};

const view = (e: EndpointView & Record<string, unknown>): EndpointView => ({
  id: e.id, url: e.url, events: e.events, enabled: e.enabled, disabledAt: e.disabledAt, disabledReason: e.disabledReason, previousSecretUntil: e.previousSecretUntil, createdAt: e.createdAt,
});

const newSigningSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

export function createEndpointAdmin(db: Db, now: () => Date = () => new Date()) {

  function checkEvents(events: string[]): EventType[] {
    if (!events.length) throw new PaymentError("validation", `Choose at least one event type: ${EVENT_TYPES.join(", ")}.`, { field: "events" });
    const bad = events.find((e) => !(EVENT_TYPES as readonly string[]).includes(e));
    if (bad) throw new PaymentError("validation", `Unknown event type ${bad}; the types are ${EVENT_TYPES.join(", ")}.`, { field: "events" });
    return [...new Set(events)] as EventType[];
  }

  async function create(staff: StaffActor, input: { url: string; events: string[] }): Promise<EndpointView & { secret: string }> {
    requireRole(staff, "owner");
    const url = checkEndpointUrl(input.url).toString();
    const events = checkEvents(input.events);
    const secret = newSigningSecret();
    const row = await db.$transaction(async (tx) => {
      const e = await tx.webhookEndpoint.create({ data: { id: newId("we"), url, events, secret, createdAt: now() } });
      await writeAudit(tx, { ids: newId, now }, { by: staff, action: "webhook.create", targetType: "webhook_endpoint", targetId: e.id, outcome: "succeeded", after: { url, events } });
      return e;
    });
    return { ...view(row), secret };
  }

  async function list(staff: StaffActor): Promise<EndpointView[]> {
    requireRole(staff, "viewer");
    return (await db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } })).map(view);
  }

  async function load(id: string) {
    const e = await db.webhookEndpoint.findUnique({ where: { id } });
    if (!e) throw new PaymentError("not_found", `Webhook endpoint ${id} was not found.`);
    return e;
  }

  async function setEnabled(staff: StaffActor, id: string, enabled: boolean): Promise<EndpointView> {
    requireRole(staff, "owner");
    const e = await load(id);
    const row = await db.$transaction(async (tx) => {
      const r = await tx.webhookEndpoint.update({ where: { id }, data: enabled ? { enabled: true, disabledAt: null, disabledReason: null } : { enabled: false, disabledAt: now(), disabledReason: "disabled by staff" } });
      await writeAudit(tx, { ids: newId, now }, { by: staff, action: enabled ? "webhook.enable" : "webhook.disable", targetType: "webhook_endpoint", targetId: id, outcome: "succeeded", before: { enabled: e.enabled }, after: { enabled } });
      return r;
    });
    return view(row);
  }

  /** A new secret (shown once); the previous one keeps signing alongside for ROTATION_GRACE_MS. */
  async function rotate(staff: StaffActor, id: string): Promise<EndpointView & { secret: string }> {
    requireRole(staff, "owner");
    const e = await load(id);
    const secret = newSigningSecret();
    const until = new Date(now().getTime() + ROTATION_GRACE_MS);
    const row = await db.$transaction(async (tx) => {
      const r = await tx.webhookEndpoint.update({ where: { id }, data: { secret, previousSecret: e.secret, previousSecretUntil: until } });
      await writeAudit(tx, { ids: newId, now }, { by: staff, action: "webhook.rotate", targetType: "webhook_endpoint", targetId: id, outcome: "succeeded", after: { previousSecretUntil: until } });
      return r;
    });
    return { ...view(row), secret };
  }

  /** The endpoint's deliveries, newest first, with their attempts (status, duration, response excerpt). */
  async function deliveries(staff: StaffActor, id: string, limit = 50) {
    requireRole(staff, "viewer");
    await load(id);
    const rows = await db.webhookDelivery.findMany({ where: { endpointId: id }, orderBy: { createdAt: "desc" }, take: Math.min(limit, 200), include: { attemptLog: { orderBy: { at: "asc" } } } });
    const events = await db.outboxEvent.findMany({ where: { id: { in: rows.map((r) => r.eventId) } }, select: { id: true, type: true } });
    const type = new Map(events.map((e) => [e.id, e.type]));
    return rows.map((r) => ({ ...r, eventType: type.get(r.eventId) ?? "" }));
  }

  /** Deliver an event again (a receiver that lost it): the delivery starts over with a fresh schedule. */
  async function resend(staff: StaffActor, deliveryId: string, enqueue: (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0], deliveryId: string) => Promise<void>) {
    requireRole(staff, "owner");
    await db.$transaction(async (tx) => {
      const d = await tx.webhookDelivery.findUnique({ where: { id: deliveryId } });
      if (!d) throw new PaymentError("not_found", `Delivery ${deliveryId} was not found.`);
      await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "pending", attempts: 0, firstAttemptAt: null, nextAttemptAt: now() } });
      await enqueue(tx, deliveryId);
      await writeAudit(tx, { ids: newId, now }, { by: staff, action: "webhook.resend", targetType: "webhook_delivery", targetId: deliveryId, outcome: "succeeded", detail: { eventId: d.eventId, endpointId: d.endpointId } });
    });
  }

  /** How many endpoints were switched off after three days of failures (owners are told on every console page). */
  async function failingCount(staff: StaffActor): Promise<number> {
    if (staff.role !== "owner") return 0;
    return db.webhookEndpoint.count({ where: { enabled: false, disabledReason: { startsWith: "deliveries failed" } } });
  }

  return { create, list, setEnabled, rotate, deliveries, resend, failingCount };
}

export type EndpointAdmin = ReturnType<typeof createEndpointAdmin>;
