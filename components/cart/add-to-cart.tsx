"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc/react";

export function AddToCart({ sku, regionId }: { sku: string; regionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const [done, setDone] = useState(false);
  const add = useMutation(
    trpc.cart.add.mutationOptions({
      onSuccess: async () => {
        setDone(true);
        await qc.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
        router.refresh();
      },
    }),
  );
  return (
    <span className="add-to-cart">
      <button type="button" disabled={add.isPending} onClick={() => add.mutate({ sku, quantity: 1, regionId })} data-testid={`add-${sku}`}>
        {add.isPending ? "Adding…" : "Add to cart"}
      </button>
      <span role="status" className="sr-status">
        {add.isError ? "Could not add this item. Try again." : done ? "Added to cart" : ""}
      </span>
    </span>
  );
}
