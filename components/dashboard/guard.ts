// The signed-in staff member for a console page, or a redirect to the console's sign-in (server components only).
import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { api } from "~/server/trpc/server";

export async function requireStaff(next: string) {
  try {
    return await api.dashboard.me();
  } catch (e) {
    if (e instanceof TRPCError && e.code === "UNAUTHORIZED") redirect(`/dashboard/login?next=${encodeURIComponent(next)}`);
    throw e;
  }
}
