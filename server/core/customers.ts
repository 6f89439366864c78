// Customers: registration and credential checks. Hashing is injected (server/auth/password.ts) so core stays pure.
import type { Db } from "../db";
import { notFound, PaymentError } from "./errors";
import { newId } from "./ids";
import type { Actor } from "./actors";
import type { Locale } from "./locales";

export type PasswordHasher = { hash(password: string): Promise<string>; verify(hash: string, password: string): Promise<boolean>; burn(password: string): Promise<false> };

export type PublicCustomer = { id: string; email: string; name: string };

/** A customer as the dialects that render one show it (Magento's customer block). */
export type CustomerProfile = PublicCustomer & { number: number; createdAt: Date; updatedAt: Date };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The first language of an Accept-Language header, as a canonical tag ("de-DE"), else "en" (for emails). */
export function localeFrom(acceptLanguage: string | null | undefined): string {
  const first = (acceptLanguage ?? "").split(",")[0]?.split(";")[0]?.trim() ?? "";
  if (!first || first === "*" || first.length > 35) return "en";
  try {
    return Intl.getCanonicalLocales(first)[0] ?? "en";
  } catch {
    return "en";
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createCustomerService(deps: { db: Db; passwords: PasswordHasher }) {
  const { db, passwords } = deps;

  async function register(input: { email: string; password: string; name?: string; locale?: string }): Promise<PublicCustomer> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email) || email.length > 254) throw new PaymentError("validation", "Enter a valid email address.", { field: "email" });
    if (input.password.length < 8) throw new PaymentError("validation", "Passwords have at least 8 characters.", { field: "password" });
    if (input.password.length > 256) throw new PaymentError("validation", "Passwords have at most 256 characters.", { field: "password" });
    const passwordHash = await passwords.hash(input.password);
    try {
      const c = await db.customer.create({ data: { id: newId("cus"), email, passwordHash, name: (input.name ?? "").trim().slice(0, 200), locale: input.locale ?? "en" } });
      return { id: c.id, email: c.email, name: c.name };
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") {
        throw new PaymentError("conflict", "An account with this email already exists.", { field: "email" });
      }
      throw e;
    }
  }

  /** The customer when the password matches, else null. Costs the same time whether or not the email exists. */
  async function authenticate(emailInput: string, password: string): Promise<PublicCustomer | null> {
    const email = normalizeEmail(emailInput);
    const c = await db.customer.findUnique({ where: { email } });
    if (!c) return passwords.burn(password).then(() => null);
    if (!(await passwords.verify(c.passwordHash, password))) return null;
    return { id: c.id, email: c.email, name: c.name };
  }

  async function getCustomer(id: string): Promise<PublicCustomer | null> {
    const c = await db.customer.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
    return c;
  }

  return { register, authenticate, getCustomer };
}

export type CustomerService = ReturnType<typeof createCustomerService>;

// Reads that need no password hashing: plain functions of the database, as the catalog's are.

/** The customer's email (a new cart's contact address), or null when there is no such customer. */
export async function customerEmail(db: Db, customerId: string): Promise<string | null> {
  const c = await db.customer.findUnique({ where: { id: customerId }, select: { email: true } });
  return c?.email ?? null;
}

/** The customer's profile; not_found when there is none. */
export async function getCustomerProfile(db: Db, customerId: string): Promise<CustomerProfile> {
  const c = await db.customer.findUnique({ where: { id: customerId }, select: { id: true, number: true, email: true, name: true, createdAt: true, updatedAt: true } });
  if (!c) throw notFound("customer", customerId);
  return c;
}

/**
 * The shopper chose a language: a customer keeps it (mails to them use it) and the caller's open carts take it (the
 * order, and its confirmation mail, inherit the cart's). One statement per table; other actors have nothing to keep.
 */
export async function rememberLocale(db: Db, actor: Actor, locale: Locale): Promise<void> {
  if (actor.type === "customer") {
    await db.$transaction([
      db.customer.updateMany({ where: { id: actor.customerId }, data: { locale } }),
      db.cart.updateMany({ where: { customerId: actor.customerId, completedAt: null }, data: { locale } }),
    ]);
  } else if (actor.type === "anonymous") {
    await db.cart.updateMany({ where: { anonymousId: actor.anonymousId, customerId: null, completedAt: null }, data: { locale } });
  }
}
