// The MCP server at /mcp, spoken to by the SDK's own client over Streamable HTTP on a real socket.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveFetch } from "../test/serve";
import { mcpRoute } from "./mcp";

const text = (r: unknown) => JSON.parse(((r as { content: { text: string }[] }).content[0]!).text);

describe("MCP server for the API reference", () => {
  let server: { url: string; close(): Promise<void> };
  let client: Client;
  beforeAll(async () => {
    server = await serveFetch(mcpRoute);
    client = new Client({ name: "kassa-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("lists its three read-only tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["get_endpoint", "list_dialects", "search_endpoints"]);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it("lists the dialects with their documents", async () => {
    const dialects = text(await client.callTool({ name: "list_dialects", arguments: {} })) as { id: string; openapi: string; endpoints: number }[];
    expect(dialects.map((d) => d.id)).toEqual(["magento", "commercetools", "medusa", "medusa-admin", "shop", "stripe-webhooks", "events"]);
    expect(dialects.find((d) => d.id === "magento")).toMatchObject({ openapi: "/api/openapi/magento.json", endpoints: 9 });
  });

  it("finds the payment-order endpoint by search and returns its schema and examples", async () => {
    const found = text(await client.callTool({ name: "search_endpoints", arguments: { query: "POST payment-order" } })) as { dialect: string; method: string; path: string; url: string }[];
    expect(found[0]).toMatchObject({ dialect: "magento", method: "POST", path: "/V1/carts/mine/payment-order", url: "/rest/V1/carts/mine/payment-order" });
    const ep = text(await client.callTool({ name: "get_endpoint", arguments: { dialect: "magento", method: "POST", path: "/V1/carts/mine/payment-order" } }));
    const body = ep.operation.requestBody.content["application/json"];
    expect(body.schema.properties.paymentSource.enum).toContain("cc");
    expect(body.example).toMatchObject({ methodCode: "payment_services_paypal_hosted_fields" });
    expect(Object.keys(ep.operation.responses)).toEqual(expect.arrayContaining(["200", "400", "401"]));
    expect(ep.securitySchemes.customerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(JSON.stringify(ep)).not.toContain("$ref");
  });

  it("narrows search by dialect, and says so when an endpoint does not exist", async () => {
    const medusa = text(await client.callTool({ name: "search_endpoints", arguments: { query: "sessions", dialect: "medusa" } })) as { dialect: string }[];
    expect(medusa.length).toBeGreaterThan(3);
    expect(medusa.every((e) => e.dialect === "medusa")).toBe(true);
    expect(text(await client.callTool({ name: "search_endpoints", arguments: { query: "zzz-nothing" } }))).toEqual([]);
    const missing = await client.callTool({ name: "get_endpoint", arguments: { dialect: "shop", method: "GET", path: "/nope" } });
    expect(missing.isError).toBe(true);
  });

  it("refuses bad tool input and oversized requests", async () => {
    const bad = await client.callTool({ name: "get_endpoint", arguments: { dialect: "oracle", method: "GET", path: "/" } });
    expect(bad.isError).toBe(true);
    const res = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "x".repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it("refuses a browser page from another origin (DNS rebinding), and serves Kassa's own origin", async () => {
    const list = (origin: string) =>
      fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", origin },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
    const evil = await list("http://attacker.example:3000");
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 } });
    const own = await list(new URL(process.env.KASSA_PUBLIC_URL ?? "http://localhost:3000").origin);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { result: { tools: unknown[] } }).result.tools).toHaveLength(3);
  });
});
