// Magento's Webapi formats: the request body by Content-Type (JSON or XML), the response by Accept (JSON by default,
// XML for application/xml, text/xml, application/xhtml+xml; nothing acceptable -> 406). XML input is parsed with
// entities off and any DOCTYPE refused, so neither external entities (XXE) nor entity expansion can happen.
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { isPaymentError } from "../../core/errors";
import { refuseBadText } from "../http/kit";

export class MagentoHttpError extends Error {
  constructor(public status: number, message: string, public parameters?: Record<string, unknown> | unknown[]) {
    super(message);
  }
}

const XML_TYPES = ["application/xml", "text/xml", "application/xhtml+xml"];

export type ResponseFormat = "json" | "xml";

/** Pick the renderer from Accept, as Magento's RendererFactory does (q-ordered; `*\/*` and `type/*` match). */
export function negotiate(accept: string | null): ResponseFormat {
  if (!accept || !accept.trim()) return "json";
  const types = accept
    .split(",")
    .map((part, i) => {
      const [type, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { type: (type ?? "").trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((t) => t.type && !Number.isNaN(t.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { type } of types) {
    if (type === "*/*" || type === "application/json" || type === "application/*") return "json";
    if (XML_TYPES.includes(type) || type === "text/*") return "xml";
  }
  throw new MagentoHttpError(
    406,
    `Server cannot match any of the given Accept HTTP header media type(s) from the request: "${types[0]?.type ?? accept}" with media types from the config of response renderer.`,
  );
}

/** Magento renders XML errors when the raw Accept mentions xml. */
export function errorFormat(accept: string | null): ResponseFormat {
  return accept && accept.toLowerCase().includes("xml") ? "xml" : "json";
}

const parser = new XMLParser({ processEntities: false, parseTagValue: false, ignoreAttributes: true, ignoreDeclaration: true, trimValues: true });

/** A decoded body whose text PostgreSQL can store (no NUL, no unpaired surrogate); else Magento's 400. */
function storable(body: Record<string, unknown>): Record<string, unknown> {
  refuseBadText(body, "body");
  return body;
}

/** Decode a request body by its Content-Type. An empty body needs no Content-Type and decodes to {}. */
export function decodeBody(text: string, contentType: string | null): Record<string, unknown> {
  if (!text.trim()) return {};
  if (!contentType || !contentType.trim()) throw new MagentoHttpError(400, "Content-Type header is empty.");
  const m = contentType.match(/^([a-z\d/\-+.]+)(?:; *charset=(.+))?$/i);
  if (!m) throw new MagentoHttpError(400, "Content-Type header is invalid.");
  if (m[2] && m[2].toLowerCase() !== "utf-8") throw new MagentoHttpError(400, "UTF-8 is the only supported charset.");
  const type = m[1]!;
  if (type === "application/json") {
    try {
      const v = JSON.parse(text);
      return v && typeof v === "object" && !Array.isArray(v) ? storable(v) : {};
    } catch (e) {
      if (isPaymentError(e)) throw e;
      throw new MagentoHttpError(400, "Decoding error.");
    }
  }
  if (XML_TYPES.includes(type)) {
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new MagentoHttpError(400, "Decoding error.");
    let doc: Record<string, unknown>;
    try {
      doc = parser.parse(text, true) as Record<string, unknown>;
    } catch {
      throw new MagentoHttpError(400, "Decoding error.");
    }
    const root = Object.values(doc)[0]; // the root element is dropped, as Magento does
    return root && typeof root === "object" ? storable(root as Record<string, unknown>) : {};
  }
  throw new MagentoHttpError(400, `Server cannot understand Content-Type HTTP header media type ${type}`);
}

const builder = new XMLBuilder({ format: true, indentBy: "  ", suppressEmptyNode: false, processEntities: false });

/** Escape text as DOMDocument does for text nodes: &, < and > only. */
const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function toXmlValue(v: unknown): unknown {
  if (Array.isArray(v)) return { item: v.map(toXmlValue) };
  if (v === true || v === false) return v ? "true" : "false";
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (UNSAFE_KEYS.has(k)) continue;
      let key = k.replace(/[!"#$%&'()*+,/;<=>?@[\\\]^`{|}~]/g, "").replace(/[ :]/g, "_");
      if (/^[\d,.-]/.test(key)) key = `item_${key}`;
      out[key] = toXmlValue(x);
    }
    return out;
  }
  return escapeText(String(v));
}

export function renderXml(data: unknown): string {
  return `<?xml version="1.0"?>\n${builder.build({ response: toXmlValue(data) })}`;
}

export function respond(data: unknown, format: ResponseFormat, status = 200): Response {
  if (format === "xml") return new Response(renderXml(data), { status, headers: { "content-type": "application/xml; charset=utf-8" } });
  return new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

/** Keys that must never be copied from client input onto an object. */
export const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Accept camelCase or snake_case keys (Magento's ServiceInputProcessor): normalise to camelCase, camelCase winning. */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => !UNSAFE_KEYS.has(k));
  for (const [k, v] of entries) {
    if (k.includes("_")) {
      const c = k.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
      if (!(c in (value as Record<string, unknown>))) out[c] = camelize(v);
    } else out[k] = camelize(v);
  }
  return out;
}
