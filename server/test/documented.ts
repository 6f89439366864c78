// Real responses checked against the API reference: the status must be one the operation documents and the body must
// validate against that response's schema in the generated OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1).
import { Ajv2020 } from "ajv/dist/2020";
import type { ValidateFunction } from "ajv";
import { openApiDocument, type DialectId } from "../reference";

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>; components?: unknown };

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** A validator for one schema of a dialect's document, its `#/components/...` references resolved in that document. */
export function schemaValidator(dialect: DialectId, schema: unknown): ValidateFunction {
  const doc = openApiDocument(dialect) as unknown as Doc;
  return ajv.compile({ ...(schema as object), components: doc.components });
}

/** The validator for one documented response, or a reason why there is none. */
export function documentedSchema(dialect: DialectId, method: string, path: string, status: number): ValidateFunction | string {
  const doc = openApiDocument(dialect) as unknown as Doc;
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) return `${method} ${path} is not in the ${dialect} document`;
  const response = op.responses[String(status)];
  if (!response) return `${method} ${path} does not document status ${status} (documents ${Object.keys(op.responses).join(", ")})`;
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return `${method} ${path} ${status} has no JSON schema`;
  const key = `${dialect} ${method} ${path} ${status}`;
  let v = compiled.get(key);
  if (!v) {
    v = schemaValidator(dialect, schema);
    compiled.set(key, v);
  }
  return v;
}

/** Problems with a real response (empty when it is exactly as documented). */
export function undocumented(dialect: DialectId, method: string, path: string, status: number, body: unknown): string[] {
  const v = documentedSchema(dialect, method, path, status);
  if (typeof v === "string") return [v];
  return v(body) ? [] : (v.errors ?? []).map((e) => `${method} ${path} ${status}: ${e.instancePath || "(body)"} ${e.message}`);
}
