// GET /dashboard/export: the console's filtered payments as a streamed CSV download, for any signed-in staff member.
import { Readable } from "node:stream";
import { consoleStaff } from "../auth/staff";
import { getDb } from "../db";
import { getKassa } from "../kassa";
import { isPaymentError } from "../core/errors";
import { filtersFromSearch, toFilters } from "./filters";
import { paymentsCsv } from "./csv";

export async function exportCsv(req: Request): Promise<Response> {
  const staff = await consoleStaff(getDb(), req.headers);
  if (!staff) return Response.json({ message: "Sign in as staff." }, { status: 401 });
  let filters;
  try {
    filters = toFilters(filtersFromSearch(new URL(req.url).searchParams));
  } catch (e) {
    return Response.json({ message: isPaymentError(e) ? e.message : "The filters are not valid." }, { status: 400 });
  }
  const body = Readable.toWeb(paymentsCsv(getKassa().merchant, staff, filters)) as ReadableStream;
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="payments-${day}.csv"`, "cache-control": "no-store" } });
}
