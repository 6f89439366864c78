// The production server's REST mounts (server/http/routes.ts) and the one-line route files under app/ name the same
// surfaces with the same handlers: a route added, dropped or re-pointed in one place fails here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appRouteFiles } from "../test/route-files";
import { restRoute, restMounts } from "./routes";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** A concrete request path that the route file's pattern matches. */
const samplePath = (file: string) => "/" + file.replace(/\[\.\.\.\w+\]/g, "a/b").replace(/\[\w+\]/g, "x");

describe("REST mounts and app route files", () => {
  const files = appRouteFiles();

  it.each(files)("app/%s/route.ts: the server sends its methods to the same handlers, or leaves the path to Next.js", async (file) => {
    const mounted = METHODS.filter((m) => restRoute(m, samplePath(file))?.handler);
    if (!mounted.length) return; // pages' APIs, auth, health, docs: Next.js routes them
    const mod = (await import(/* @vite-ignore */ path.resolve("app", file, "route.ts"))) as Record<string, unknown>;
    const exported = METHODS.filter((m) => typeof mod[m] === "function");
    expect(mounted).toEqual(exported);
    for (const m of exported) expect(restRoute(m, samplePath(file))?.handler).toBe(mod[m]);
  });

  it("every mount of the server has its route file", () => {
    for (const prefix of restMounts()) expect(files.some((f) => samplePath(f).startsWith(prefix))).toBe(true);
  });
});
