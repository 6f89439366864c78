import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "~/components/auth/sign-out-button";
import { CartBadge } from "~/components/cart/cart-badge";
import { TRPCReactProvider } from "~/components/trpc/react";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import "./globals.css";

export const metadata: Metadata = { title: "Kassa", description: "Checkout and payments" };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  const cart = await api.cart.get().catch(() => null);
  const count = cart?.lines.reduce((n, l) => n + l.quantity, 0) ?? 0;
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <header className="site-header">
            <Link href="/" className="brand">
              Kassa
            </Link>
            <nav aria-label="Account">
              <CartBadge initialCount={count} />
              {session?.user ? (
                <>
                  <Link href="/account/orders" data-testid="my-orders-link">My orders</Link>
                  <Link href="/account/payments">My payments</Link>
                  <span data-testid="signed-in-as">{session.user.email}</span>
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/login">Sign in</Link>
                  <Link href="/register">Register</Link>
                </>
              )}
            </nav>
          </header>
          <main>{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
