"use client";
// The header's cart link. It starts from the count the server rendered and then follows the browser's cart query, so
// anything that invalidates that query (adding, changing a quantity, placing an order) updates it without a reload.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "../trpc/react";

export function CartBadge({ initialCount }: { initialCount: number }) {
  const trpc = useTRPC();
  const cart = useQuery({ ...trpc.cart.get.queryOptions(), select: (c) => c?.lines.reduce((n, l) => n + l.quantity, 0) ?? 0 });
  const count = cart.data ?? initialCount;
  const t = useTranslations("header");
  const tCart = useTranslations("cart");
  return (
    <Link href="/cart" data-testid="cart-link">
      {t("cart")}
      {count > 0 && (
        <span className="badge" data-testid="cart-count">
          <span aria-hidden="true">{count}</span>
          <span className="visually-hidden">{tCart("badgeItems", { count })}</span>
        </span>
      )}
    </Link>
  );
}
