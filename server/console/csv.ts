// The payments list as CSV, streamed page by page (csv-stringify), for the console's export link and the CLI's
// `payments:export`. Cells a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) are prefixed
// with a quote (OWASP's CSV-injection advice); amounts are exact decimals in the payment's currency.
import { stringify } from "csv-stringify";
import { Readable } from "node:stream";
import { toDecimalString } from "../core/money";
import type { MerchantService, PaymentFilters, PaymentListItem } from "../core/merchant";
import type { StaffActor } from "../core/staff";

export const CSV_COLUMNS = ["id", "created_at", "status", "flag", "currency", "amount", "authorized", "captured", "refunded", "provider", "source", "customer_email", "order_number"] as const;

/** A text cell made inert for spreadsheets. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function row(p: PaymentListItem): string[] {
  return [
    p.id, p.createdAt.toISOString(), p.status, p.flag ?? "", p.currency, toDecimalString(p.amountPlanned), toDecimalString(p.authorized), toDecimalString(p.captured),
    toDecimalString(p.refunded), p.providerId, p.source, p.email ?? "", p.orderNumber ?? "",
  ].map((v, i) => (i >= 4 && i <= 8 ? v : safeCell(v)));
}

/** The CSV as a stream of text: the header, then every matching payment, newest first. */
export function paymentsCsv(merchant: MerchantService, staff: StaffActor, filters: PaymentFilters): Readable {
  const rows = Readable.from(
    (async function* () {
      for await (const p of merchant.exportPayments(staff, filters)) yield row(p);
    })(),
  );
  return rows.pipe(stringify({ header: true, columns: [...CSV_COLUMNS], record_delimiter: "\r\n" }));
}
