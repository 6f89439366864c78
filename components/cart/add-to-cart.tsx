"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useTRPC } from "../trpc/react";

/** How long "Added to cart" stays before the status goes quiet again. */
const FEEDBACK_MS = 4000;

export function AddToCart({ sku, regionId }: { sku: string; regionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const [addedAt, setAddedAt] = useState<number | null>(null);
  const t = useTranslations("cart");
  const add = useMutation(
    trpc.cart.add.mutationOptions({
      onSuccess: async () => {
        setAddedAt(Date.now());
        await qc.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        router.refresh();
      },
    }),
  );
  useEffect(() => {
    if (addedAt === null) return;
    const t = setTimeout(() => setAddedAt(null), FEEDBACK_MS);
    return () => clearTimeout(t);
  }, [addedAt]);
  return (
    <span className="add-to-cart">
      <button
        type="button"
        disabled={add.isPending}
        onClick={() => {
          setAddedAt(null);
          add.mutate({ sku, quantity: 1, regionId });
        }}
        data-testid={`add-${sku}`}
      >
        {add.isPending ? t("adding") : t("add")}
      </button>
      <span role="status" className={add.isError ? "sr-status error" : "sr-status"}>
        {add.isError ? t("addFailed") : addedAt !== null ? t("added") : ""}
      </span>
    </span>
  );
}
