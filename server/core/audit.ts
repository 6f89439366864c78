// The audit log: one append-only row per staff action (who, what, amounts, before/after, outcome, when, from which
// address and surface), written in the same transaction as the change it describes. A database trigger refuses
// UPDATE, DELETE and TRUNCATE on the table.
import type { Db, Tx } from "../db";
import type { Prisma } from "../db/generated/client";
import type { IdGenerator } from "./ids";

export type AuditSurface = "console" | "admin_api" | "cli";
export type AuditOutcome = "succeeded" | "failed" | "pending" | "refused";

export type AuditInput = {
  by: { staffId: string | null; email: string; ip: string; surface: AuditSurface };
  action: string;
  targetType: string;
  targetId: string;
  outcome: AuditOutcome;
  amountMinor?: bigint | null;
  currency?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  detail?: Record<string, unknown> | null;
};

const json = (v: Record<string, unknown> | null | undefined) => (v == null ? undefined : (JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? Number(x) : x))) as Prisma.InputJsonValue));

export async function writeAudit(tx: Tx | Db, deps: { ids: IdGenerator; now: () => Date }, e: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      id: deps.ids("aud"),
      staffId: e.by.staffId || null, // the CLI acts without a staff account
      staffEmail: e.by.email,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      amountMinor: e.amountMinor ?? null,
      currency: e.currency ?? null,
      outcome: e.outcome,
      before: json(e.before),
      after: json(e.after),
      detail: json(e.detail),
      ip: e.by.ip.slice(0, 100),
      surface: e.by.surface,
      createdAt: deps.now(),
    },
  });
}

export type AuditRow = Awaited<ReturnType<Db["auditEntry"]["findMany"]>>[number];

/** Newest first, keyset on (createdAt, id); optionally one target's rows only. */
export async function listAudit(db: Db, opts: { limit?: number; before?: { createdAt: Date; id: string }; targetId?: string } = {}): Promise<AuditRow[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  return db.auditEntry.findMany({
    where: {
      ...(opts.targetId ? { targetId: opts.targetId } : {}),
      ...(opts.before ? { createdAt: { lte: opts.before.createdAt }, OR: [{ createdAt: { lt: opts.before.createdAt } }, { createdAt: opts.before.createdAt, id: { lt: opts.before.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
