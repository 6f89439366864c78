import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { OrdersPage } from "~/components/account/orders-page";
import { Skeleton } from "~/components/ui/states";
import { getSession } from "~/server/auth/session";

export const dynamic = "force-dynamic";

export default async function Page() {
  // Signed out: a real redirect, before the loading boundary starts streaming.
  if (!(await getSession())?.user) redirect("/login?callbackUrl=/account/orders");
  const t = await getTranslations("account");
  return (
    <Suspense fallback={<Skeleton lines={5} label={t("loadingOrders")} testId="orders-skeleton" />}>
      <OrdersPage />
    </Suspense>
  );
}
