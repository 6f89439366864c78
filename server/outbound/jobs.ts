// The outbound jobs: fan-out of outbox events, webhook deliveries (on the queue's clock), and mails to shoppers.
import type { Kassa } from "../core/kassa";
import type { JobFamily } from "../jobs/handlers";
import { env } from "../env";
import { createDelivery } from "./deliver";
import { sendMail } from "./mail";
import { RESET_TTL_MINUTES, resetToken } from "../auth/password-reset";
import { orderConfirmation, passwordReset, refundNotice } from "./templates";

const str = (v: unknown) => (typeof v === "string" ? v : "");
const publicUrl = (p: string) => new URL(p, env.KASSA_PUBLIC_URL).toString();

export function outboundJobs(kassa: Kassa): JobFamily {
  const { db } = kassa.deps;
  const delivery = createDelivery(kassa.deps);
  return {
    handlers: {
      "outbox.dispatch": async (x) => delivery.dispatch(str(x.eventId)),
      "outbox.sweep": async () => void (await delivery.dispatchPending()),
      "webhook.deliver": async (x, ctx) => delivery.deliver(str(x.deliveryId), ctx.now),
      "email.order_confirmation": async (x, ctx) => {
        const o = await db.order.findUnique({ where: { id: str(x.orderId) }, include: { lines: true } });
        if (!o?.email) return; // an order without an email address (some API carts) gets no mail
        const mail = orderConfirmation({
          number: o.number, currency: o.currency, total: Number(o.totalMinor), locale: o.locale,
          lines: o.lines.map((l) => ({ name: l.name, quantity: l.quantity, unitPrice: Number(l.unitPriceMinor) })), url: publicUrl(`/orders/${o.id}`),
        });
        await sendMail(db, () => ctx.now, { kind: "order_confirmation", relatedId: o.id, to: o.email, locale: o.locale, mail });
      },
      "email.refund_notice": async (x, ctx) => {
        const ev = await db.outboxEvent.findUnique({ where: { id: str(x.eventId) } });
        const data = ev?.payload as { payment?: { id: string; currency: string; flag: string | null }; amount?: number } | undefined;
        if (!ev || !data?.payment || data.payment.flag) return; // flagged money's return is not the shopper's refund
        const p = await db.payment.findUnique({ where: { id: data.payment.id }, include: { customer: { select: { email: true, locale: true } }, collection: { include: { cart: { include: { order: true } } } } } });
        const order = p?.collection?.cart?.order ?? null;
        const to = p?.customer?.email ?? order?.email ?? p?.collection?.cart?.email ?? null;
        if (!p || !to) return;
        const locale = order?.locale ?? p.customer?.locale ?? p.collection?.cart?.locale ?? "en";
        const mail = refundNotice({ orderNumber: order?.number ?? null, amount: data.amount ?? 0, currency: data.payment.currency, locale, url: publicUrl(order ? `/orders/${order.id}` : `/account/payments/${p.id}`) });
        await sendMail(db, () => ctx.now, { kind: "refund_notice", relatedId: ev.id, to, locale, mail });
      },
      "email.password_reset": async (x, ctx) => {
        const r = await db.passwordReset.findUnique({ where: { id: str(x.resetId) } });
        if (!r || r.usedAt || r.expiresAt <= ctx.now) return;
        const c = await db.customer.findUniqueOrThrow({ where: { id: r.customerId } });
        const url = publicUrl(`/reset-password?token=${encodeURIComponent(resetToken(r.id))}`);
        await sendMail(db, () => ctx.now, { kind: "password_reset", relatedId: r.id, to: c.email, locale: c.locale, mail: passwordReset({ url, minutes: RESET_TTL_MINUTES, locale: c.locale }) });
      },
    },
    schedules: [{ name: "outbox.sweep", everyMs: 60_000 }],
  };
}
