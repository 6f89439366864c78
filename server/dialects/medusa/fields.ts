// Medusa's `fields` query grammar (field-parser.ts / get-query-config.ts): a comma list where `+f` adds to the route's
// defaults, `-f` removes, `*rel` or `rel.*` includes a whole relation, and any entry without a modifier replaces the
// defaults. `id` is always kept. Fields the response cannot have are refused: 400 "Requested fields [a, b] are not valid".
import { PaymentError } from "../../core/errors";

type Json = Record<string, unknown>;

export function resolveFields(param: string | null, defaults: readonly string[]): string[] {
  const norm = (e: string) => (e.startsWith("*") ? `${e.slice(1)}.*` : e);
  if (param === null) return defaults.map(norm);
  const entries = param.split(",").filter((s) => s.trim().length > 0);
  const modified = (e: string) => e.startsWith("+") || e.startsWith("-") || e.startsWith(" ") || e.startsWith("*") || e.endsWith(".*");
  let fields: string[];
  if (entries.some((e) => !modified(e))) {
    fields = entries.map((e) => norm(e.replace(/^[+\- ]/, "")));
  } else {
    fields = defaults.map(norm);
    for (const e of entries) {
      if (e.startsWith("-")) {
        const f = e.slice(1);
        fields = fields.filter((x) => x !== f && x !== `${f}.*` && !x.startsWith(`${f}.`));
      } else fields.push(norm(e.replace(/^[+ ]/, "")));
    }
  }
  if (!fields.includes("id")) fields.unshift("id");
  return [...new Set(fields)];
}

function has(obj: unknown, path: string[]): boolean {
  if (path.length === 0) return true;
  if (Array.isArray(obj)) return obj.length === 0 || obj.every((o) => has(o, path));
  if (obj === null || typeof obj !== "object") return false;
  const [head, ...rest] = path;
  if (!Object.hasOwn(obj as Json, head!)) return false; // own fields only: never `__proto__` or `constructor`
  const next = (obj as Json)[head!];
  return rest.length === 0 || next === null || has(next, rest);
}

function put(target: Json, source: unknown, path: string[]) {
  if (source === null || typeof source !== "object") return;
  const [head, ...rest] = path;
  const value = (source as Json)[head!];
  if (rest.length === 0) {
    target[head!] = value;
    return;
  }
  if (value === null || value === undefined) {
    target[head!] = value ?? null;
    return;
  }
  if (Array.isArray(value)) {
    const existing = (Array.isArray(target[head!]) ? target[head!] : value.map(() => ({}))) as Json[];
    value.forEach((v, i) => put(existing[i]!, v, rest));
    target[head!] = existing;
    return;
  }
  const sub = (target[head!] && typeof target[head!] === "object" ? target[head!] : {}) as Json;
  put(sub, value, rest);
  target[head!] = sub;
}

/**
 * Project a full response object onto the resolved fields. `rel.*` copies the relation whole; `a.b` copies one nested
 * scalar (over arrays element-wise); a bare relation name without `.*` copies it whole too.
 */
export function project<T extends Json>(full: T, fields: string[]): Json {
  const invalid = fields.filter((f) => !has(full, f.replace(/\.\*$/, "").split(".")));
  if (invalid.length) throw new PaymentError("validation", `Requested fields [${invalid.join(", ")}] are not valid`, { field: "fields" });
  const out: Json = {};
  for (const f of fields) put(out, full, f.replace(/\.\*$/, "").split("."));
  return out;
}
