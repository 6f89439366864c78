// HTTP for the API reference: GET /api/openapi/{dialect}.json, the /docs page (Swagger UI, served from our own
// origin out of the swagger-ui-dist package, so it works offline) and its assets. Read-only and public.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { DIALECTS, isDialectId, openApiDocument } from "./index";

const PUBLIC_JSON = { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300", "access-control-allow-origin": "*" };

function notFound(message: string) {
  return Response.json({ message }, { status: 404, headers: { "cache-control": "no-store" } });
}

/** GET /api/openapi/{dialect}.json */
export async function openApiRoute(_req: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  const id = file.replace(/\.json$/, "");
  if (!file.endsWith(".json") || !isDialectId(id)) return notFound(`No API document ${file}. Known: ${DIALECTS.map((d) => `${d.id}.json`).join(", ")}.`);
  return new Response(JSON.stringify(openApiDocument(id)), { headers: PUBLIC_JSON });
}

// ------------------------------------------------------------------ /docs

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

let distDir: string | null = null;
function swaggerDist(): string {
  distDir ??= path.dirname(createRequire(path.join(process.cwd(), "package.json")).resolve("swagger-ui-dist/package.json"));
  return distDir;
}

/** The page's own script: Swagger UI over every dialect's document; `?api=<dialect>` picks the first one shown. */
function initScript(): string {
  const urls = DIALECTS.map((d) => ({ url: `/api/openapi/${d.id}.json`, name: d.title }));
  return `(function () {
  var urls = ${JSON.stringify(urls)};
  var wanted = new URLSearchParams(location.search).get("api");
  var primary = urls.find(function (u) { return u.url === "/api/openapi/" + wanted + ".json"; });
  window.ui = SwaggerUIBundle({
    urls: urls,
    "urls.primaryName": (primary || urls[0]).name,
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    filter: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
})();
`;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Kassa API reference</title>
  <link rel="icon" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <style>body{margin:0} .kassa-docs-note{font:14px system-ui,sans-serif;padding:8px 16px;background:#f4f4f5;border-bottom:1px solid #ddd}</style>
</head>
<body>
  <div class="kassa-docs-note">Kassa API reference — one document per dialect (pick it top right). “Try it out” calls this server; demo credentials are in each document's description. Raw documents: ${DIALECTS.map((d) => `<a href="/api/openapi/${d.id}.json">${d.id}</a>`).join(" · ")}. MCP: <code>/mcp</code>.</div>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/assets/kassa-docs.js"></script>
</body>
</html>
`;

/** GET /docs */
export async function docsPage(): Promise<Response> {
  return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" } });
}

const cache = new Map<string, Uint8Array>();

/** GET /docs/assets/{file}: a fixed list of files, never a path from the request. */
export async function docsAsset(_req: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  if (file === "kassa-docs.js") return new Response(initScript(), { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" } });
  const type = ASSETS[file];
  if (!type) return notFound(`No asset ${file}.`);
  let bytes = cache.get(file);
  if (!bytes) {
    bytes = new Uint8Array(await readFile(path.join(swaggerDist(), file)));
    cache.set(file, bytes);
  }
  return new Response(bytes as BodyInit, { headers: { "content-type": type, "cache-control": "public, max-age=86400" } });
}
