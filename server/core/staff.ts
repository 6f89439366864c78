// Staff: the merchant's people, not customers (their own table, sign-in and sessions; a customer can never become
// staff). Roles: owner (everything, manages staff and keys), operator (money actions), viewer (read only). Hashing is
// injected, as for customers, so core stays free of crypto libraries; session tokens are minted by server/auth.
import type { Db, Tx } from "../db";
import type { StaffRole } from "../db/generated/enums";
import { writeAudit, type AuditSurface } from "./audit";
import { normalizeEmail, type PasswordHasher } from "./customers";
import { PaymentError } from "./errors";
import type { IdGenerator } from "./ids";

export type { StaffRole };
export const STAFF_ROLES = ["owner", "operator", "viewer"] as const satisfies readonly StaffRole[];

/** A signed-in staff member acting through one surface, from one address: what every audit row records. */
export type StaffActor = { staffId: string; email: string; role: StaffRole; sessionId: string | null; ip: string; surface: AuditSurface };

const RANK: Record<StaffRole, number> = { viewer: 0, operator: 1, owner: 2 };

/** True when `role` may do what `needs` may. */
export function hasRole(role: StaffRole, needs: StaffRole): boolean {
  return RANK[role] >= RANK[needs];
}

/** Throws forbidden unless the staff member's role reaches `needs`. */
export function requireRole(staff: Pick<StaffActor, "role">, needs: StaffRole): void {
  if (!hasRole(staff.role, needs)) throw new PaymentError("forbidden", `This needs the ${needs} role.`, { role: staff.role, needs });
}

export type PublicStaff = { id: string; email: string; role: StaffRole; disabledAt: Date | null; createdAt: Date };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PUBLIC = { id: true, email: true, role: true, disabledAt: true, createdAt: true } as const;

export function createStaffService(deps: { db: Db; passwords: PasswordHasher; ids: IdGenerator; now: () => Date }) {
  const { db, passwords, ids, now } = deps;

  function checkInput(emailInput: string, password: string): string {
    const email = normalizeEmail(emailInput);
    if (!EMAIL.test(email) || email.length > 254) throw new PaymentError("validation", "Enter a valid email address.", { field: "email" });
    if (password.length < 12) throw new PaymentError("validation", "Staff passwords have at least 12 characters.", { field: "password" });
    if (password.length > 256) throw new PaymentError("validation", "Passwords have at most 256 characters.", { field: "password" });
    return email;
  }

  async function insert(tx: Tx, email: string, passwordHash: string, role: StaffRole): Promise<PublicStaff> {
    try {
      return await tx.staff.create({ data: { id: ids("staff"), email, passwordHash, role, createdAt: now() }, select: PUBLIC });
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") throw new PaymentError("conflict", "A staff account with this email already exists.", { field: "email" });
      throw e;
    }
  }

  /**
   * The first owner (the CLI's `staff:create-owner`, or KASSA_OWNER_EMAIL on first start). Refused once an owner
   * exists: later staff are created by an owner, with an audit row.
   */
  async function createFirstOwner(input: { email: string; password: string }, surface: AuditSurface): Promise<PublicStaff> {
    const email = checkInput(input.email, input.password);
    const passwordHash = await passwords.hash(input.password);
    return db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kassa:first-owner'))`;
      if (await tx.staff.findFirst({ where: { role: "owner" }, select: { id: true } })) {
        throw new PaymentError("conflict", "An owner already exists; owners create further staff.", { field: "role" });
      }
      const s = await insert(tx, email, passwordHash, "owner");
      await writeAudit(tx, { ids, now }, { by: { staffId: null, email: `${surface}:first-owner`, ip: "", surface }, action: "staff.create", targetType: "staff", targetId: s.id, outcome: "succeeded", after: { email: s.email, role: s.role } });
      return s;
    });
  }

  /** A new staff member, created by an owner. */
  async function createStaff(by: StaffActor, input: { email: string; password: string; role: StaffRole }): Promise<PublicStaff> {
    requireRole(by, "owner");
    if (!STAFF_ROLES.includes(input.role)) throw new PaymentError("validation", "Unknown role.", { field: "role" });
    const email = checkInput(input.email, input.password);
    const passwordHash = await passwords.hash(input.password);
    return db.$transaction(async (tx) => {
      const s = await insert(tx, email, passwordHash, input.role);
      await writeAudit(tx, { ids, now }, { by, action: "staff.create", targetType: "staff", targetId: s.id, outcome: "succeeded", after: { email: s.email, role: s.role } });
      return s;
    });
  }

  /** Disable a staff member and end every session they hold. An owner cannot disable themselves (no lock-out). */
  async function disableStaff(by: StaffActor, staffId: string): Promise<PublicStaff> {
    requireRole(by, "owner");
    if (staffId === by.staffId) throw new PaymentError("invalid_state", "You cannot disable your own account.");
    return db.$transaction(async (tx) => {
      const before = await tx.staff.findUnique({ where: { id: staffId }, select: PUBLIC });
      if (!before) throw new PaymentError("not_found", `Staff ${staffId} was not found.`);
      const at = now();
      const after = before.disabledAt ? before : await tx.staff.update({ where: { id: staffId }, data: { disabledAt: at }, select: PUBLIC });
      await tx.staffSession.updateMany({ where: { staffId, revokedAt: null }, data: { revokedAt: at } });
      await writeAudit(tx, { ids, now }, { by, action: "staff.disable", targetType: "staff", targetId: staffId, outcome: "succeeded", before: { disabledAt: before.disabledAt }, after: { disabledAt: after.disabledAt } });
      return after;
    });
  }

  async function listStaff(by: StaffActor): Promise<PublicStaff[]> {
    requireRole(by, "owner");
    return db.staff.findMany({ select: PUBLIC, orderBy: { createdAt: "asc" } });
  }

  /** The staff member when the password matches and the account is enabled, else null (same time either way). */
  async function authenticate(emailInput: string, password: string): Promise<PublicStaff | null> {
    const email = normalizeEmail(emailInput);
    const s = await db.staff.findUnique({ where: { email } });
    if (!s) return passwords.burn(password).then(() => null);
    if (!(await passwords.verify(s.passwordHash, password))) return null;
    if (s.disabledAt) return null;
    return { id: s.id, email: s.email, role: s.role, disabledAt: s.disabledAt, createdAt: s.createdAt };
  }

  return { createFirstOwner, createStaff, disableStaff, listStaff, authenticate };
}

export type StaffService = ReturnType<typeof createStaffService>;
