// The route files under app/, each named by its folder relative to app/ ("store/[...path]", "api/health").
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export function appRouteFiles(dir = "app"): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...appRouteFiles(full));
    else if (name === "route.ts") out.push(path.relative("app", dir).split(path.sep).join("/"));
  }
  return out;
}
