"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc/react";

export function StaffSignOut() {
  const trpc = useTRPC();
  const router = useRouter();
  const out = useMutation(trpc.dashboard.signOut.mutationOptions({ onSuccess: () => { router.push("/dashboard/login"); router.refresh(); } }));
  return (
    <button type="button" className="link-button" onClick={() => out.mutate()} disabled={out.isPending} data-testid="staff-sign-out">
      Sign out
    </button>
  );
}
