// How a page tells the failures it designs for apart from bugs: a tRPC error's code (the RSC caller throws TRPCError;
// the browser's client gives TRPCClientError with the code in `data`). Words for shoppers live in the components.
type WithCode = { code?: unknown; data?: { code?: unknown } | null };

export function errorCode(e: unknown): string | null {
  if (!e || typeof e !== "object") return null;
  const { code, data } = e as WithCode;
  if (typeof code === "string") return code;
  if (data && typeof data.code === "string") return data.code;
  return null;
}

/** The database (or a provider) is away for a moment: the 503 state, not a bug. */
export const isUnavailable = (e: unknown) => errorCode(e) === "SERVICE_UNAVAILABLE";

/** Nothing there for this caller — unknown, or somebody else's. */
export const isNotFound = (e: unknown) => errorCode(e) === "NOT_FOUND";
