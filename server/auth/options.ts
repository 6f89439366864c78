// next-auth 4: credentials provider, JWT sessions. The session carries the customer id (`session.user.id`).
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db";
import { authSecret } from "../env";
import { isPaymentError } from "../core/errors";
import { signInWithPassword } from "./credentials";
import { readAnonymousId } from "./anonymous";
import { getKassa } from "../kassa";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null };
  }
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) return null;
        try {
          const c = await signInWithPassword(getDb(), credentials.email, credentials.password);
          if (!c) return null;
          // The guest's cart (and its payments) become the customer's.
          const anon = readAnonymousId((req?.headers as Record<string, string> | undefined)?.cookie);
          if (anon) await getKassa().carts.attachToCustomer(anon, c.id);
          return { id: c.id, email: c.email, name: c.name || null };
        } catch (e) {
          // next-auth turns a thrown Error's message into the `error` the sign-in page sees.
          if (isPaymentError(e) && e.code === "rate_limited") throw new Error("RateLimited");
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user = { id: token.sub, email: token.email ?? "", name: token.name ?? null };
      return session;
    },
  },
};
