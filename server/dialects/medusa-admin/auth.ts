// Admin credentials -> a staff member. Only a staff bearer token from POST /auth/user/emailpass is accepted; a
// customer's token, a publishable key or a console cookie is not (401, as Medusa answers a missing user).
import type { Db } from "../../db";
import { clientIp, verifyStaffToken } from "../../auth/staff";
import type { StaffActor } from "../../core/staff";
import { bearerToken } from "../http/kit";
import { AdminUnauthorized } from "./errors";

export async function authenticateAdmin(db: Db, req: Request): Promise<StaffActor> {
  const staff = await verifyStaffToken(db, bearerToken(req), { surface: "admin_api", ip: clientIp(req.headers) });
  if (!staff) throw new AdminUnauthorized();
  return staff;
}
