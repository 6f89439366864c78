import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTimeZone, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SignOutButton } from "~/components/auth/sign-out-button";
import { CartBadge } from "~/components/cart/cart-badge";
import { LocaleSwitcher } from "~/components/i18n/locale-switcher";
import { TimeZoneSync } from "~/components/i18n/time-zone-sync";
import { TRPCReactProvider } from "~/components/trpc/react";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import "./globals.css";

export const metadata: Metadata = { title: "Kassa", description: "Checkout and payments" };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** The catalogs' namespaces that client components use; the rest (catalog, product, account, mail) stay on the server. */
const CLIENT_NAMESPACES = ["common", "header", "cart", "checkout", "address", "fieldErrors", "card", "declines", "order", "status", "auth", "states"] as const;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [session, cart, locale, timeZone, t, messages] = await Promise.all([
    getSession(),
    api.cart.get().catch(() => null),
    getLocale(),
    getTimeZone(),
    getTranslations("header"),
    getMessages(),
  ]);
  const clientMessages = Object.fromEntries(CLIENT_NAMESPACES.map((n) => [n, messages[n]]));
  const count = cart?.lines.reduce((n, l) => n + l.quantity, 0) ?? 0;
  return (
    <html lang={locale}>
      <body>
        {/* the locale and time zone reach client components from here, with the messages they use (every page carries them) */}
        <NextIntlClientProvider messages={clientMessages}>
          <TRPCReactProvider>
            <a className="skip-link" href="#main">
              {t("skip")}
            </a>
            <header className="site-header">
              <Link href="/" className="brand">
                Kassa
              </Link>
              <nav aria-label={t("account")}>
                <CartBadge initialCount={count} />
                {session?.user ? (
                  <>
                    <Link href="/account/orders" data-testid="my-orders-link">
                      {t("myOrders")}
                    </Link>
                    <Link href="/account/payments">{t("myPayments")}</Link>
                    <span data-testid="signed-in-as" className="who">
                      {session.user.email}
                    </span>
                    <SignOutButton />
                  </>
                ) : (
                  <>
                    <Link href="/login">{t("signIn")}</Link>
                    <Link href="/register">{t("register")}</Link>
                  </>
                )}
                <LocaleSwitcher />
              </nav>
            </header>
            <main id="main" tabIndex={-1}>
              {children}
            </main>
            <TimeZoneSync current={timeZone} />
          </TRPCReactProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
