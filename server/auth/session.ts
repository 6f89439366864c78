// The signed-in customer for server components and tRPC, read from the next-auth JWT cookie.
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "./options";

export const getSession = cache(() => getServerSession(authOptions));
