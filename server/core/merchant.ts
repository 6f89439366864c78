// The merchant's side of the ledger: find any payment (every dialect's), read one in full, and move its money as a
// staff member. The console (tRPC), the admin REST API (Medusa-compatible) and the CLI call these; none has a second
// path. Role checks happen here, on every verb, whatever the caller already checked.
import type { Db } from "../db";
import type { PaymentStatus } from "../db/generated/enums";
import { listAudit } from "./audit";
import { parseCurrencyCode, type CurrencyCode } from "./currencies";
import type { CoreDeps } from "./deps";
import { PaymentError } from "./errors";
import type { MoneyOps } from "./money-ops";
import { normalizeEmail } from "./customers";
import { requireRole, type StaffActor } from "./staff";
import { toPaymentView, toTransactionView, type PaymentRow, type PaymentView, type TxRow } from "./views";

export const PAYMENT_STATUSES = ["initial", "pending", "requires_action", "authorized", "partially_captured", "captured", "partially_refunded", "refunded", "canceled", "failed"] as const satisfies readonly PaymentStatus[];
export const PAYMENT_SOURCES = ["checkout", "medusa_v2", "medusa_v1", "magento", "commercetools", "shop"] as const;

export type PaymentFilters = {
  status?: PaymentStatus[];
  providerId?: string;
  source?: (typeof PAYMENT_SOURCES)[number];
  currency?: string;
  from?: Date;
  to?: Date;
  email?: string;
  orderNumber?: string;
  /** Minor units of `currency` (required with an amount range). */
  amountMin?: number;
  amountMax?: number;
  flagged?: boolean;
  /** Payment ids (the admin API's `id` filter). */
  ids?: string[];
  /** Session ids (the admin API's `payment_session_id` filter). */
  sessionIds?: string[];
};

export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(s: string): Cursor {
  const [at, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || id.length > 64) throw new PaymentError("validation", "The page cursor is not valid.", { field: "cursor" });
  return { createdAt, id };
}

export type PaymentListItem = PaymentView & { source: string; email: string | null; orderNumber: string | null; orderId: string | null };

const LIST_INCLUDE = {
  customer: { select: { email: true } },
  collection: { select: { orderId: true, cart: { select: { email: true, order: { select: { id: true, number: true } } } } } },
} as const;

type ListRow = PaymentRow & { source: string; customer: { email: string } | null; collection: { orderId: string | null; cart: { email: string | null; order: { id: string; number: string } | null } | null } | null };

function listItem(r: ListRow): PaymentListItem {
  const order = r.collection?.cart?.order ?? null;
  return { ...toPaymentView(r), source: r.source, email: r.customer?.email ?? r.collection?.cart?.email ?? null, orderNumber: order?.number ?? null, orderId: order?.id ?? r.collection?.orderId ?? null };
}

/** A payment as staff read it: the view, plus each transaction's reason and note. */
export type StaffPayment = PaymentView & { source: string; notes: Record<string, { reason: string | null; note: string | null }> };

function withNotes(r: PaymentRow & { source?: string }): StaffPayment {
  const notes: StaffPayment["notes"] = {};
  for (const t of (r.transactions ?? []) as (TxRow & { note?: string | null; reason?: string | null })[]) if (t.note || t.reason) notes[t.id] = { reason: t.reason ?? null, note: t.note ?? null };
  return { ...toPaymentView(r), source: r.source ?? "", notes };
}

export function createMerchantService(deps: CoreDeps, money: Pick<MoneyOps, "capturePayment" | "refundPayment" | "cancelPayment">) {
  const { db } = deps;

  /** The `where` for the filters: email and order number are resolved to ids first (indexed lookups, not joins per row). */
  async function whereFor(f: PaymentFilters) {
    const and: object[] = [];
    if (f.status?.length) and.push({ status: { in: f.status } });
    if (f.providerId) and.push({ providerId: f.providerId });
    if (f.source) and.push({ source: f.source });
    let currency: CurrencyCode | undefined;
    if (f.currency) {
      currency = parseCurrencyCode(f.currency);
      and.push({ currency });
    }
    if (f.from) and.push({ createdAt: { gte: f.from } });
    if (f.to) and.push({ createdAt: { lt: f.to } });
    if (f.flagged !== undefined) and.push({ flag: f.flagged ? { not: null } : null });
    if (f.ids?.length) and.push({ id: { in: f.ids.slice(0, 100) } });
    if (f.sessionIds?.length) and.push({ sessionId: { in: f.sessionIds.slice(0, 100) } });
    if (f.amountMin !== undefined || f.amountMax !== undefined) {
      if (!currency) throw new PaymentError("validation", "Choose a currency to filter by amount.", { field: "currency" });
      for (const [k, v] of [["amountMin", f.amountMin], ["amountMax", f.amountMax]] as const) {
        if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) throw new PaymentError("validation", "Amounts are whole, non-negative minor units.", { field: k });
      }
      and.push({ amountPlannedMinor: { ...(f.amountMin !== undefined ? { gte: BigInt(f.amountMin) } : {}), ...(f.amountMax !== undefined ? { lte: BigInt(f.amountMax) } : {}) } });
    }
    if (f.email) {
      const email = normalizeEmail(f.email);
      const [customer, carts] = await Promise.all([
        db.customer.findUnique({ where: { email }, select: { id: true } }),
        db.cart.findMany({ where: { email: { equals: email, mode: "insensitive" }, customerId: null }, select: { id: true }, take: 1000 }),
      ]);
      const collections = carts.length ? await db.paymentCollection.findMany({ where: { cartId: { in: carts.map((c) => c.id) } }, select: { id: true } }) : [];
      and.push({ OR: [...(customer ? [{ customerId: customer.id }] : []), ...(collections.length ? [{ collectionId: { in: collections.map((c) => c.id) } }] : []), { id: "" }] });
    }
    if (f.orderNumber) {
      const order = await db.order.findUnique({ where: { number: f.orderNumber.trim().toUpperCase() }, select: { id: true, cartId: true } });
      const collections = order ? await db.paymentCollection.findMany({ where: { OR: [{ orderId: order.id }, { cartId: order.cartId }] }, select: { id: true } }) : [];
      and.push({ collectionId: { in: collections.map((c) => c.id) } });
    }
    return and.length ? { AND: and } : {};
  }

  /** Payments across every dialect, newest first, keyset-paginated on (createdAt, id): flat cost at any depth. */
  async function searchPayments(by: StaffActor, f: PaymentFilters = {}, page: { limit?: number; after?: string } = {}) {
    requireRole(by, "viewer");
    const limit = Math.min(Math.max(page.limit ?? 25, 1), 100);
    const where = await whereFor(f);
    const cursor = page.after ? decodeCursor(page.after) : null;
    const rows = (await db.payment.findMany({
      // `createdAt <= cursor` is the index range (where the scan starts, whatever the depth); the OR only settles ties
      where: { AND: [where, ...(cursor ? [{ createdAt: { lte: cursor.createdAt } }, { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] : [])] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      include: LIST_INCLUDE,
    })) as unknown as ListRow[];
    const items = rows.slice(0, limit).map(listItem);
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
  }

  /** Offset paging (Medusa's admin list: `offset`, `limit`, `count`). */
  async function listPaymentsPage(by: StaffActor, f: PaymentFilters, page: { limit: number; offset: number; order?: "asc" | "desc" }) {
    requireRole(by, "viewer");
    const where = await whereFor(f);
    const dir = page.order ?? "desc";
    const [rows, count] = await Promise.all([
      db.payment.findMany({ where, orderBy: [{ createdAt: dir }, { id: dir }], skip: page.offset, take: page.limit, include: { transactions: { orderBy: { createdAt: "asc" } } } }),
      db.payment.count({ where }),
    ]);
    return { items: (rows as PaymentRow[]).map(withNotes), count };
  }

  /** One payment with its transactions (and refund notes): one read. */
  async function getPayment(by: StaffActor, paymentId: string): Promise<StaffPayment> {
    requireRole(by, "viewer");
    const p = await db.payment.findUnique({ where: { id: paymentId }, include: { transactions: { orderBy: { createdAt: "asc" } } } });
    if (!p) throw new PaymentError("not_found", `Payment with id: ${paymentId} was not found`);
    return withNotes(p as PaymentRow);
  }

  /** Every export row, in pages (the CSV streams them as they come). */
  async function* exportPayments(by: StaffActor, f: PaymentFilters): AsyncGenerator<PaymentListItem> {
    requireRole(by, "viewer");
    let after: string | undefined;
    for (;;) {
      const page = await searchPayments(by, f, { limit: 100, after });
      yield* page.items;
      if (!page.next) return;
      after = page.next;
    }
  }

  /** One payment in full: amounts, sessions and attempts, transactions, provider events, order and cart lines, customer, flag, audit. */
  async function paymentDetail(by: StaffActor, paymentId: string) {
    requireRole(by, "viewer");
    const p = await db.payment.findUnique({
      where: { id: paymentId },
      include: {
        transactions: { orderBy: { createdAt: "asc" } },
        customer: { select: { id: true, email: true, name: true } },
        collection: {
          include: {
            sessions: { orderBy: { createdAt: "asc" }, include: { operations: { orderBy: { createdAt: "asc" } } } },
            cart: { include: { lines: { include: { variant: { select: { sku: true, title: true, product: { select: { title: true } } } } } }, order: { include: { lines: true } }, region: { select: { name: true, captureMode: true } } } },
          },
        },
      },
    });
    if (!p) throw new PaymentError("not_found", `Payment with id: ${paymentId} was not found`);
    const refs = [...new Set([p.providerRef, ...(p.collection?.sessions.map((s) => s.providerRef) ?? [])].filter((x): x is string => !!x))];
    const [events, audit] = await Promise.all([
      refs.length ? db.providerEvent.findMany({ where: { objectRef: { in: refs } }, orderBy: { receivedAt: "asc" }, take: 200, select: { id: true, provider: true, eventId: true, type: true, objectRef: true, receivedAt: true, processedAt: true } }) : [],
      listAudit(db, { targetId: paymentId, limit: 200 }),
    ]);
    const cart = p.collection?.cart ?? null;
    const order = cart?.order ?? null;
    return {
      payment: { ...toPaymentView(p as unknown as PaymentRow), source: p.source },
      transactions: p.transactions.map((t) => ({ ...toTransactionView(t), note: t.note, reason: t.reason })),
      customer: p.customer,
      email: p.customer?.email ?? cart?.email ?? null,
      sessions: (p.collection?.sessions ?? []).map((s) => {
        const data = (s.data ?? {}) as { attempts?: { id: string; state: string; amount: number }[]; status?: string; lastError?: unknown };
        return {
          id: s.id, providerId: s.providerId, providerRef: s.providerRef, status: s.status, live: s.liveForCollectionId !== null, amountMinor: Number(s.amountMinor), currency: s.currency,
          intentStatus: data.status ?? null, attempts: data.attempts ?? [], lastError: data.lastError ?? null, createdAt: s.createdAt,
          operations: s.operations.map((o) => ({ id: o.id, kind: o.kind, status: o.status, amountMinor: o.amountMinor === null ? null : Number(o.amountMinor), reason: o.reason, createdAt: o.createdAt, completedAt: o.completedAt, error: o.error })),
        };
      }),
      collection: p.collection ? { id: p.collection.id, status: p.collection.status, amountMinor: Number(p.collection.amountMinor), currency: p.collection.currency } : null,
      cart: cart ? { id: cart.id, region: cart.region, lines: cart.lines.map((l) => ({ sku: l.variant.sku, title: `${l.variant.product.title} (${l.variant.title})`, quantity: l.quantity, unitPriceMinor: Number(l.unitPriceMinor) })) } : null,
      order: order ? { id: order.id, number: order.number, paymentStatus: order.paymentStatus, totalMinor: Number(order.totalMinor), currency: order.currency, createdAt: order.createdAt, lines: order.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPriceMinor: Number(l.unitPriceMinor) })) } : null,
      events,
      audit: audit.map((a) => ({ ...a, amountMinor: a.amountMinor === null ? null : Number(a.amountMinor) })),
    };
  }

  type Action = { amount?: number; operationKey?: string; expectedVersion?: number; reason?: string; note?: string };

  function checkKey(a: Action) {
    if (a.operationKey !== undefined && (a.operationKey.length < 8 || a.operationKey.length > 128)) {
      throw new PaymentError("validation", "An idempotency key has 8 to 128 characters.", { field: "operationKey" });
    }
    if (a.note !== undefined && a.note.length > 1000) throw new PaymentError("validation", "A note has at most 1000 characters.", { field: "note" });
    if (a.reason !== undefined && a.reason.length > 200) throw new PaymentError("validation", "A reason has at most 200 characters.", { field: "reason" });
  }

  const SYSTEM = { type: "system" } as const;
  const audit = (by: StaffActor, a: Action) => ({ by, reason: a.reason, note: a.note });

  async function capture(by: StaffActor, paymentId: string, a: Action = {}): Promise<PaymentView> {
    requireRole(by, "operator");
    checkKey(a);
    return money.capturePayment(paymentId, SYSTEM, { amount: a.amount, operationKey: a.operationKey, expectedVersion: a.expectedVersion, audit: audit(by, a) });
  }

  async function refund(by: StaffActor, paymentId: string, a: Action = {}): Promise<PaymentView> {
    requireRole(by, "operator");
    checkKey(a);
    return money.refundPayment(paymentId, SYSTEM, { amount: a.amount, operationKey: a.operationKey, expectedVersion: a.expectedVersion, audit: audit(by, a) });
  }

  async function cancel(by: StaffActor, paymentId: string, a: Omit<Action, "amount"> = {}): Promise<PaymentView> {
    requireRole(by, "operator");
    checkKey(a);
    return money.cancelPayment(paymentId, SYSTEM, { operationKey: a.operationKey, expectedVersion: a.expectedVersion, audit: audit(by, a) });
  }

  async function auditLog(by: StaffActor, page: { limit?: number; after?: string } = {}) {
    requireRole(by, "viewer");
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
    const rows = await listAudit(db, { limit: limit + 1, before: page.after ? decodeCursor(page.after) : undefined });
    const items = rows.slice(0, limit).map((a) => ({ ...a, amountMinor: a.amountMinor === null ? null : Number(a.amountMinor) }));
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** The providers this installation has configured (the admin API's payment-providers list). */
  function paymentProviders(by: StaffActor): string[] {
    requireRole(by, "viewer");
    return deps.providers.ids();
  }

  return { searchPayments, listPaymentsPage, getPayment, exportPayments, paymentDetail, capture, refund, cancel, auditLog, paymentProviders };
}

export type MerchantService = ReturnType<typeof createMerchantService>;
export type { Db };
