// GET /api/health: 200 {status:"ok", database:"ok"} when the database answers, else 503 (server/ops/health.ts).
import { database } from "../../ops/health";

export const GET = (): Promise<Response> => database();
