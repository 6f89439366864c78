// Payments recorded by the customer's own client (commercetools "My Payments"): a payment with a planned amount,
// method info and custom fields, to which the client may add one Authorization or Charge transaction in state Initial.
// Rules of the peer: every change carries the expected version; once a payment has a transaction it is frozen for
// the customer (no more updates, no delete).
import type { Prisma } from "../db/generated/client";
import type { TransactionType } from "../db/generated/enums";
import { ownerWhere, owns, type Actor } from "./actors";
import { parseCurrencyCode } from "./currencies";
import type { CoreDeps } from "./deps";
import { PaymentError, notFound, versionConflict } from "./errors";
import { money, type Money } from "./money";
import { toPaymentView, type PaymentView } from "./payments";

export type MethodInfo = { paymentInterface?: string; method?: string; name?: Record<string, string> };
export type CustomFields = { type: { typeId: "type"; id?: string; key?: string }; fields: Record<string, unknown> } | null;
export type MyTransactionDraft = { type: TransactionType; amount: Money; timestamp?: Date; interactionId?: string; custom?: CustomFields };

export type MyPaymentAction =
  | { action: "setMethodInfoInterface"; interface: string }
  | { action: "setMethodInfoMethod"; method?: string }
  | { action: "setMethodInfoName"; name?: Record<string, string> }
  | { action: "setCustomField"; name: string; value?: unknown }
  | { action: "setTransactionCustomField"; name: string; value?: unknown }
  | { action: "changeAmountPlanned"; amount: Money }
  | { action: "addTransaction"; transaction: MyTransactionDraft };

const include = { transactions: { orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }] } };

function checkTransaction(t: MyTransactionDraft, currency: string) {
  if (t.type !== "Authorization" && t.type !== "Charge") {
    throw new PaymentError("validation", `A transaction of type '${t.type}' cannot be added to a MyPayment; use Authorization or Charge.`, { field: "transaction.type" });
  }
  if (t.amount.currency !== currency) throw new PaymentError("currency_mismatch", "The transaction's currency differs from the payment's.", { field: "transaction.amount" });
  if (t.amount.amount <= 0) throw new PaymentError("validation", "The transaction amount must be positive.", { field: "transaction.amount" });
}

export function createMyPaymentService(deps: CoreDeps) {
  const { db, ids, now } = deps;

  /**
   * A draft's `custom.type` (by id or key) as the reference commercetools stores: `{typeId: "type", id}`. A type that
   * does not exist, or is not for this kind of resource, is refused (commercetools: ReferencedResourceNotFound).
   */
  async function resolveCustom(custom: CustomFields | undefined, resource: "payment" | "transaction", client: Pick<CoreDeps["db"], "customType"> = db): Promise<CustomFields | undefined> {
    if (!custom) return custom;
    const { id, key } = custom.type;
    const row = id ? await client.customType.findUnique({ where: { id } }) : key ? await client.customType.findUnique({ where: { key } }) : null;
    if (!row || (id && key && row.key !== key) || !row.resourceTypeIds.includes(resource)) {
      const by = id ? { id } : { key: key ?? "" };
      throw new PaymentError("validation", `The referenced object of type 'type' ${id ? `with identifier '${id}'` : `with key '${key ?? ""}'`} was not found. It either doesn't exist, or it can't be accessed from this endpoint.`, {
        reason: "referenced_resource_not_found",
        typeId: "type",
        ...by,
        field: resource === "payment" ? "custom.type" : "transaction.custom.type",
      });
    }
    return { type: { typeId: "type", id: row.id }, fields: custom.fields ?? {} };
  }

  async function load(actor: Actor, id: string) {
    const p = await db.payment.findUnique({ where: { id }, include });
    if (!p || actor.type === "system" || !owns(actor, p)) throw notFound("payment", id);
    return p;
  }

  async function get(actor: Actor, id: string): Promise<PaymentView> {
    return toPaymentView(await load(actor, id));
  }

  async function create(actor: Actor, draft: { amountPlanned: Money; methodInfo?: MethodInfo; custom?: CustomFields; transaction?: MyTransactionDraft; key?: string }) {
    if (actor.type === "system") throw new PaymentError("forbidden", "A customer or anonymous session is required.");
    if (draft.amountPlanned.amount < 0) throw new PaymentError("validation", "amountPlanned must not be negative.", { field: "amountPlanned" });
    if (draft.transaction) checkTransaction(draft.transaction, draft.amountPlanned.currency);
    draft = {
      ...draft,
      custom: (await resolveCustom(draft.custom ?? undefined, "payment")) ?? null,
      ...(draft.transaction ? { transaction: { ...draft.transaction, custom: await resolveCustom(draft.transaction.custom ?? undefined, "transaction") } } : {}),
    };
    const id = ids("pay");
    const at = now();
    const row = await db.payment.create({
      data: {
        id,
        customerId: actor.type === "customer" ? actor.customerId : null,
        anonymousId: actor.type === "anonymous" ? actor.anonymousId : null,
        providerId: draft.methodInfo?.paymentInterface ?? "external",
        source: "commercetools",
        currency: draft.amountPlanned.currency,
        amountPlannedMinor: BigInt(draft.amountPlanned.amount),
        methodInfo: (draft.methodInfo ?? {}) as Prisma.InputJsonValue,
        custom: (draft.custom ?? undefined) as Prisma.InputJsonValue | undefined,
        key: draft.key ?? null,
        createdAt: at,
        transactions: draft.transaction
          ? {
              create: [
                {
                  id: ids("txn"),
                  type: draft.transaction.type,
                  state: "Initial",
                  amountMinor: BigInt(draft.transaction.amount.amount),
                  currency: draft.transaction.amount.currency,
                  interactionId: draft.transaction.interactionId ?? null,
                  timestamp: draft.transaction.timestamp ?? at,
                  custom: (draft.transaction.custom ?? undefined) as Prisma.InputJsonValue | undefined,
                  createdAt: at,
                },
              ],
            }
          : undefined,
      },
      include,
    });
    return toPaymentView(row);
  }

  /** Apply update actions atomically against `version`; refused once the payment has a transaction. */
  async function update(actor: Actor, id: string, version: number, actions: MyPaymentAction[]): Promise<PaymentView> {
    await load(actor, id);
    return db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${id} FOR UPDATE`;
      const p = await tx.payment.findUniqueOrThrow({ where: { id }, include });
      if (p.version !== version) throw versionConflict(p.version, version);
      if (p.transactions.length > 0) {
        throw new PaymentError("invalid_state", "A MyPayment that has a transaction can no longer be changed.", { reason: "has_transactions" });
      }
      if (actions.length === 0) return toPaymentView(p);
      const currency = parseCurrencyCode(p.currency);
      let methodInfo = { ...((p.methodInfo as MethodInfo) ?? {}) };
      let custom = (p.custom as CustomFields) ?? null;
      let amountPlanned = p.amountPlannedMinor;
      let providerId = p.providerId;
      const newTransactions: Prisma.TransactionCreateManyInput[] = [];
      const at = now();
      for (const a of actions) {
        switch (a.action) {
          case "setMethodInfoInterface":
            if (methodInfo.paymentInterface && methodInfo.paymentInterface !== a.interface) {
              throw new PaymentError("invalid_state", "The paymentInterface of a payment cannot be changed once set.", { field: "interface" });
            }
            methodInfo = { ...methodInfo, paymentInterface: a.interface };
            providerId = a.interface;
            break;
          case "setMethodInfoMethod":
            methodInfo = { ...methodInfo, method: a.method };
            if (a.method === undefined) delete methodInfo.method;
            break;
          case "setMethodInfoName":
            methodInfo = { ...methodInfo, name: a.name };
            if (a.name === undefined) delete methodInfo.name;
            break;
          case "setCustomField": {
            if (!custom) throw new PaymentError("invalid_state", "This payment has no custom type, so it has no custom fields to set.", { field: "custom" });
            const fields = { ...custom.fields };
            if ((a.value === undefined || a.value === null) && !(a.name in fields)) {
              throw new PaymentError("invalid_state", `The custom field '${a.name}' does not exist and cannot be removed.`, { field: a.name });
            }
            if (a.value === undefined || a.value === null) delete fields[a.name];
            else fields[a.name] = a.value;
            custom = { ...custom, fields };
            break;
          }
          case "setTransactionCustomField":
            // MyPayment's variant names no transaction; with no transactions (checked above) there is nothing to set
            throw new PaymentError("invalid_state", "This payment has no transaction whose custom field could be set.", { reason: "no_transaction" });
          case "changeAmountPlanned":
            if (a.amount.currency !== currency) throw new PaymentError("currency_mismatch", "The planned amount cannot change currency.", { field: "amount" });
            amountPlanned = BigInt(a.amount.amount);
            break;
          case "addTransaction": {
            checkTransaction(a.transaction, currency);
            const txCustom = await resolveCustom(a.transaction.custom ?? undefined, "transaction", tx);
            newTransactions.push({
              id: ids("txn"),
              paymentId: id,
              type: a.transaction.type,
              state: "Initial",
              amountMinor: BigInt(a.transaction.amount.amount),
              currency,
              interactionId: a.transaction.interactionId ?? null,
              timestamp: a.transaction.timestamp ?? at,
              custom: (txCustom ?? undefined) as Prisma.InputJsonValue | undefined,
              createdAt: at,
            });
            break;
          }
        }
      }
      if (newTransactions.length) await tx.transaction.createMany({ data: newTransactions });
      const changed = await tx.payment.updateMany({
        where: { id, version },
        data: {
          methodInfo: methodInfo as Prisma.InputJsonValue,
          custom: (custom ?? undefined) as Prisma.InputJsonValue | undefined,
          amountPlannedMinor: amountPlanned,
          providerId,
          version: { increment: 1 },
        },
      });
      if (changed.count !== 1) throw versionConflict(p.version + 1, version);
      return toPaymentView(await tx.payment.findUniqueOrThrow({ where: { id }, include }));
    });
  }

  async function remove(actor: Actor, id: string, version: number): Promise<PaymentView> {
    await load(actor, id);
    return db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${id} FOR UPDATE`;
      const p = await tx.payment.findUniqueOrThrow({ where: { id }, include });
      if (p.version !== version) throw versionConflict(p.version, version);
      if (p.transactions.length > 0 || p.sessionId) {
        throw new PaymentError("invalid_state", "A MyPayment that has a transaction can no longer be deleted.", { reason: "has_transactions" });
      }
      await tx.payment.delete({ where: { id } });
      return toPaymentView(p);
    });
  }

  /** The actor's payments matching `where` (a compiled filter), sorted, paged; with the total when asked. */
  async function query(actor: Actor, opts: { where: Prisma.PaymentWhereInput; orderBy: Prisma.PaymentOrderByWithRelationInput[]; limit: number; offset: number; withTotal: boolean }) {
    if (actor.type === "system") throw new PaymentError("forbidden", "A customer or anonymous session is required.");
    const where: Prisma.PaymentWhereInput = { AND: [ownerWhere(actor), opts.where] };
    const [rows, total] = await Promise.all([
      db.payment.findMany({ where, orderBy: opts.orderBy, take: opts.limit, skip: opts.offset, include }),
      opts.withTotal ? db.payment.count({ where }) : Promise.resolve(null),
    ]);
    return { results: rows.map(toPaymentView), total };
  }

  return { get, create, update, remove, query };
}

export function centMoney(centAmount: number, currencyCode: string): Money {
  return money(centAmount, parseCurrencyCode(currencyCode));
}

export type MyPaymentService = ReturnType<typeof createMyPaymentService>;
