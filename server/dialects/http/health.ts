// GET /api/health: 200 {status:"ok", database:"ok"} when the database answers, else 503.
import { pingDatabase } from "../../db";

export async function GET(): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  try {
    await Promise.race([
      pingDatabase(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 3_000).unref()),
    ]);
    return Response.json({ status: "ok", database: "ok" }, { headers });
  } catch (e) {
    console.error("[health] database check failed", e);
    return Response.json({ status: "error", database: "unavailable" }, { status: 503, headers });
  }
}
