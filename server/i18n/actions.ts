"use server";
// The language switcher's server action: a form post (it works without JavaScript), so no locale ever enters a URL.
// The cookie holds the choice for a year; a signed-in customer and the caller's open carts remember it for mails.
import { cookies, headers } from "next/headers";
import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { readAnonymousId } from "../auth/anonymous";
import { getDb } from "../db";
import { isLocale, LOCALE_COOKIE } from "../core/locales";
import { rememberLocale } from "../core/customers";
import type { Actor } from "../core/actors";
import { log } from "../ops/log";

export async function setLocale(form: FormData): Promise<void> {
  const locale = form.get("locale");
  if (!isLocale(locale)) return; // not a language we speak: nothing changes
  const [jar, h, session] = await Promise.all([cookies(), headers(), getServerSession(authOptions) as Promise<{ user?: { id?: string } } | null>]);
  jar.set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 365 * 24 * 3600,
    sameSite: "lax",
    secure: h.get("x-forwarded-proto") === "https",
  });
  const anon = readAnonymousId(h.get("cookie"));
  const actor: Actor | null = session?.user?.id ? { type: "customer", customerId: session.user.id } : anon ? { type: "anonymous", anonymousId: anon } : null;
  // the page changes language either way; a database blip only costs the mails' language until the next choice
  if (actor) await rememberLocale(getDb(), actor, locale).catch((err: unknown) => log.warn({ err }, "could not store the chosen language"));
}
