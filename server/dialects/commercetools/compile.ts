// Compile a parsed commercetools predicate to a Prisma filter over our Payment rows. Every field the predicate may
// name is declared here with its type; values are type-checked; nothing is ever concatenated into SQL.
import { Prisma } from "../../db";
import { PredicateError, type Predicate, type Value } from "./predicate";
import { CT_ANON_PREFIX } from "./codec";

/** `stored`: the forms a client's value has in the column (an anonymousId the client gave is stored with a prefix). */
type Scalar = { kind: "scalar"; column: string; type: "string" | "int" | "bigint" | "datetime"; stored?: (v: string) => string[] };
type Json = { kind: "json"; column: string; path: string[]; type: "string" | "number" | "any" };
type JsonMap = { kind: "jsonmap"; column: string; path: string[] }; // any key below `path`
type Obj = { kind: "object"; fields: Record<string, Field>; definedColumn?: string };
type Coll = { kind: "collection"; relation: string; fields: Record<string, Field> };
type Field = Scalar | Json | JsonMap | Obj | Coll;

type Where = Record<string, unknown>;

const money = (amountColumn: string, currencyColumn: string): Obj => ({
  kind: "object",
  fields: {
    centAmount: { kind: "scalar", column: amountColumn, type: "bigint" },
    currencyCode: { kind: "scalar", column: currencyColumn, type: "string" },
  },
});

/** The MyPayment fields a predicate may use. */
export const PAYMENT_FIELDS: Record<string, Field> = {
  id: { kind: "scalar", column: "id", type: "string" },
  key: { kind: "scalar", column: "key", type: "string" },
  version: { kind: "scalar", column: "version", type: "int" },
  createdAt: { kind: "scalar", column: "createdAt", type: "datetime" },
  lastModifiedAt: { kind: "scalar", column: "updatedAt", type: "datetime" },
  // the id the client gave (stored as ct:<id>), or one Kassa made itself (anon_…), shown as it is
  anonymousId: { kind: "scalar", column: "anonymousId", type: "string", stored: (v) => (v.startsWith("anon_") ? [v, `${CT_ANON_PREFIX}${v}`] : [`${CT_ANON_PREFIX}${v}`]) },
  interfaceId: { kind: "scalar", column: "interfaceId", type: "string" },
  customer: { kind: "object", definedColumn: "customerId", fields: { id: { kind: "scalar", column: "customerId", type: "string" } } },
  amountPlanned: money("amountPlannedMinor", "currency"),
  paymentMethodInfo: {
    kind: "object",
    fields: {
      paymentInterface: { kind: "json", column: "methodInfo", path: ["paymentInterface"], type: "string" },
      method: { kind: "json", column: "methodInfo", path: ["method"], type: "string" },
      name: { kind: "jsonmap", column: "methodInfo", path: ["name"] },
    },
  },
  custom: {
    kind: "object",
    definedColumn: "custom",
    fields: {
      type: { kind: "object", fields: { id: { kind: "json", column: "custom", path: ["type", "id"], type: "string" } } },
      fields: { kind: "jsonmap", column: "custom", path: ["fields"] },
    },
  },
  transactions: {
    kind: "collection",
    relation: "transactions",
    fields: {
      id: { kind: "scalar", column: "id", type: "string" },
      type: { kind: "scalar", column: "type", type: "string" },
      state: { kind: "scalar", column: "state", type: "string" },
      interactionId: { kind: "scalar", column: "interactionId", type: "string" },
      timestamp: { kind: "scalar", column: "timestamp", type: "datetime" },
      amount: money("amountMinor", "currency"),
    },
  },
};

const ENUMS: Record<string, readonly string[]> = {
  "transactions.type": ["Authorization", "CancelAuthorization", "Charge", "Refund", "Chargeback"],
  "transactions.state": ["Initial", "Pending", "Success", "Failure"],
};

function fail(message: string): never {
  throw new PredicateError(message, 0);
}

function scalarValue(f: Scalar, v: Value, name: string): unknown {
  switch (f.type) {
    case "string":
      if (v.kind !== "string") fail(`The field '${name}' takes a string, not ${v.kind === "number" ? v.raw : String(v.value)}.`);
      if (ENUMS[name] && !ENUMS[name]!.includes(v.value)) fail(`'${v.value}' is not a valid value for '${name}'.`);
      return v.value;
    case "int":
    case "bigint":
      if (v.kind !== "number" || !Number.isSafeInteger(v.value)) fail(`The field '${name}' takes a whole number.`);
      return f.type === "bigint" ? BigInt(v.value) : v.value;
    case "datetime": {
      if (v.kind !== "string" || Number.isNaN(Date.parse(v.value))) fail(`The field '${name}' takes a date-time string such as "2026-01-31T12:00:00.000Z".`);
      return new Date(v.value);
    }
  }
}

const OPS: Record<string, string> = { "=": "equals", "!=": "not", ">": "gt", "<": "lt", ">=": "gte", "<=": "lte" };

function jsonFilter(column: string, path: string[], op: string, v: Value): Where {
  const value = v.kind === "number" ? v.value : v.value;
  if (op === "!=") return { NOT: { [column]: { path, equals: value } } };
  return { [column]: { path, [OPS[op]!]: value } };
}

function compileIn(field: Field, values: Value[], negate: boolean, name: string): Where {
  if (field.kind === "scalar") {
    const list = values.flatMap((v) => storedForms(field, scalarValue(field, v, name)));
    return { [field.column]: negate ? { notIn: list } : { in: list } };
  }
  if (field.kind === "json") {
    const any = { OR: values.map((v) => jsonFilter(field.column, field.path, "=", v)) };
    return negate ? { NOT: any } : any;
  }
  return fail(`'in' cannot be used on '${name}'.`);
}

function storedForms(field: Scalar, value: unknown): unknown[] {
  return field.stored ? field.stored(String(value)) : [value];
}

function lookup(fields: Record<string, Field>, name: string, prefix: string): Field {
  const f = fields[name];
  if (!f) fail(`Unknown field '${prefix}${name}'.`);
  return f;
}

export function compilePredicate(p: Predicate, fields: Record<string, Field> = PAYMENT_FIELDS, prefix = "", jsonBase?: { column: string; path: string[] }): Where {
  switch (p.type) {
    case "and":
      return { AND: p.items.map((i) => compilePredicate(i, fields, prefix, jsonBase)) };
    case "or":
      return { OR: p.items.map((i) => compilePredicate(i, fields, prefix, jsonBase)) };
    case "not":
      return { NOT: compilePredicate(p.item, fields, prefix, jsonBase) };
    default:
      break;
  }
  // inside a JSON map (custom.fields, paymentMethodInfo.name): any key is a JSON path
  if (jsonBase) {
    const path = [...jsonBase.path, p.field];
    if (p.type === "compare") return jsonFilter(jsonBase.column, path, p.op, p.value);
    if (p.type === "in") return compileIn({ kind: "json", column: jsonBase.column, path, type: "any" }, p.values, p.negate, prefix + p.field);
    if (p.type === "defined") {
      const defined = { [jsonBase.column]: { path, not: Prisma.AnyNull } };
      return p.negate ? { NOT: defined } : defined;
    }
    return fail(`This condition cannot be used on '${prefix}${p.field}'.`);
  }
  const field = lookup(fields, p.field, prefix);
  const name = prefix + p.field;
  switch (p.type) {
    case "nested": {
      if (field.kind === "object") return compilePredicate(p.inner, field.fields, `${name}.`);
      if (field.kind === "collection") return { [field.relation]: { some: compilePredicate(p.inner, field.fields, `${name}.`) } };
      if (field.kind === "jsonmap") return compilePredicate(p.inner, {}, `${name}.`, { column: field.column, path: field.path });
      return fail(`'${name}' has no fields to query.`);
    }
    case "compare": {
      if (field.kind === "scalar") {
        const value = scalarValue(field, p.value, name);
        if (field.stored && (p.op === "=" || p.op === "!=")) return { [field.column]: { [p.op === "=" ? "in" : "notIn"]: storedForms(field, value) } };
        return { [field.column]: { [OPS[p.op]!]: field.stored ? field.stored(String(value))[0] : value } };
      }
      if (field.kind === "json") {
        if (field.type === "string" && p.value.kind !== "string") fail(`The field '${name}' takes a string.`);
        return jsonFilter(field.column, field.path, p.op, p.value);
      }
      return fail(`'${name}' is an object: compare its fields, as in ${name}(field = value).`);
    }
    case "in":
      return compileIn(field, p.values, p.negate, name);
    case "contains":
      return fail(`'contains' is not supported on '${name}'.`);
    case "defined": {
      let where: Where;
      if (field.kind === "scalar") where = { [field.column]: { not: null } };
      else if (field.kind === "object" && field.definedColumn) where = field.definedColumn === "custom" ? { NOT: { custom: { equals: Prisma.AnyNull } } } : { [field.definedColumn]: { not: null } };
      else if (field.kind === "json") where = { [field.column]: { path: field.path, not: Prisma.AnyNull } };
      else if (field.kind === "collection") where = { [field.relation]: { some: {} } };
      else return fail(`'is defined' cannot be used on '${name}'.`);
      return p.negate ? { NOT: where } : where;
    }
    case "empty": {
      if (field.kind !== "collection") return fail(`'is empty' applies to collections; '${name}' is not one.`);
      const empty = { [field.relation]: { none: {} } };
      return p.negate ? { NOT: empty } : empty;
    }
  }
}

/** `sort` parameters ("createdAt desc") -> Prisma orderBy, with `id` as the tie-breaker for stable paging. */
export const SORTABLE: Record<string, string> = {
  id: "id",
  createdAt: "createdAt",
  lastModifiedAt: "updatedAt",
  version: "version",
  key: "key",
  "amountPlanned.centAmount": "amountPlannedMinor",
  "amountPlanned.currencyCode": "currency",
};

export function compileSort(sorts: string[]): Record<string, "asc" | "desc">[] {
  const out: Record<string, "asc" | "desc">[] = [];
  for (const s of sorts) {
    const m = s.trim().match(/^([A-Za-z.]+)(?:\s+(asc|desc))?$/i);
    if (!m) fail(`Malformed sort expression '${s}'.`);
    const column = SORTABLE[m[1]!];
    if (!column) fail(`Sorting by '${m[1]}' is not supported.`);
    out.push({ [column]: (m[2]?.toLowerCase() ?? "asc") as "asc" | "desc" });
  }
  if (!out.some((o) => "id" in o)) out.push({ id: out.length ? (Object.values(out[0]!)[0] as "asc" | "desc") : "asc" });
  return out;
}
