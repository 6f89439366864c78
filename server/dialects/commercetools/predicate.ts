// commercetools query predicates: a tokenizer and recursive-descent parser to an AST. No regex parsing of structure,
// no SQL: the AST is compiled to Prisma filters elsewhere (compile.ts).
//
//   predicate  := or
//   or         := and ("or" and)*
//   and        := unary ("and" unary)*
//   unary      := "not" "(" predicate ")" | "(" predicate ")" | condition
//   condition  := field "(" predicate ")"                      nested object / collection
//               | field op value                               op: = != <> > < >= <=
//               | field ["not"] "in" "(" value ("," value)* ")"
//               | field "contains" ("any" | "all") "(" value ("," value)* ")"
//               | field "is" ["not"] ("defined" | "empty")
//   value      := "string" | number | true | false | :variable

export type Value = { kind: "string"; value: string } | { kind: "number"; value: number; raw: string } | { kind: "boolean"; value: boolean };

export type Predicate =
  | { type: "and"; items: Predicate[] }
  | { type: "or"; items: Predicate[] }
  | { type: "not"; item: Predicate }
  | { type: "nested"; field: string; inner: Predicate }
  | { type: "compare"; field: string; op: "=" | "!=" | ">" | "<" | ">=" | "<="; value: Value }
  | { type: "in"; field: string; negate: boolean; values: Value[] }
  | { type: "contains"; field: string; mode: "any" | "all"; values: Value[] }
  | { type: "defined"; field: string; negate: boolean }
  | { type: "empty"; field: string; negate: boolean };

export class PredicateError extends Error {
  constructor(message: string, public position: number) {
    super(message);
  }
}

type Token =
  | { t: "ident"; v: string; pos: number }
  | { t: "string"; v: string; pos: number }
  | { t: "number"; v: string; pos: number }
  | { t: "var"; v: string; pos: number }
  | { t: "op"; v: string; pos: number }
  | { t: "punct"; v: "(" | ")" | ","; pos: number }
  | { t: "end"; v: ""; pos: number };

const MAX_LENGTH = 10_000;
const MAX_DEPTH = 32;

export function tokenize(src: string): Token[] {
  if (src.length > MAX_LENGTH) throw new PredicateError(`The predicate is longer than ${MAX_LENGTH} characters.`, 0);
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    if (c === "(" || c === ")" || c === ",") {
      out.push({ t: "punct", v: c, pos: i++ });
    } else if (c === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new PredicateError("Unterminated string literal.", start);
        const d = src[i]!;
        if (d === "\\") {
          const e = src[i + 1];
          if (e === undefined) throw new PredicateError("Unterminated string literal.", start);
          s += e === "n" ? "\n" : e === "t" ? "\t" : e;
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          s += d;
          i++;
        }
      }
      out.push({ t: "string", v: s, pos: start });
    } else if (c === "<" || c === ">" || c === "=" || c === "!") {
      const two = src.slice(i, i + 2);
      if (two === "<=" || two === ">=" || two === "!=" || two === "<>") {
        out.push({ t: "op", v: two === "<>" ? "!=" : two, pos: i });
        i += 2;
      } else if (c === "!") {
        throw new PredicateError("Unexpected '!'.", i);
      } else {
        out.push({ t: "op", v: c, pos: i++ });
      }
    } else if (c === ":") {
      i++;
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      if (i === start + 1) throw new PredicateError("Expected a variable name after ':'.", start);
      out.push({ t: "var", v: src.slice(start + 1, i), pos: start });
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      i++;
      while (i < src.length && /[0-9.]/.test(src[i]!)) i++;
      const raw = src.slice(start, i);
      if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new PredicateError(`Invalid number '${raw}'.`, start);
      out.push({ t: "number", v: raw, pos: start });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      out.push({ t: "ident", v: src.slice(start, i), pos: start });
    } else {
      throw new PredicateError(`Unexpected character '${c}'.`, i);
    }
  }
  out.push({ t: "end", v: "", pos: src.length });
  return out;
}

export function parsePredicate(src: string, vars: Record<string, string | string[]> = {}): Predicate {
  const tokens = tokenize(src);
  let p = 0;
  let depth = 0;
  const peek = () => tokens[p]!;
  const next = () => tokens[p++]!;
  const isWord = (w: string, tok = peek()) => tok.t === "ident" && tok.v.toLowerCase() === w;
  const expectPunct = (v: string) => {
    const tok = next();
    if (tok.t !== "punct" || tok.v !== v) throw new PredicateError(`Expected '${v}' but found ${describe(tok)}.`, tok.pos);
  };

  function predicate(): Predicate {
    if (++depth > MAX_DEPTH) throw new PredicateError("The predicate is nested too deeply.", peek().pos);
    const r = or();
    depth--;
    return r;
  }
  function or(): Predicate {
    const items = [and()];
    while (isWord("or")) {
      next();
      items.push(and());
    }
    return items.length === 1 ? items[0]! : { type: "or", items };
  }
  function and(): Predicate {
    const items = [unary()];
    while (isWord("and")) {
      next();
      items.push(unary());
    }
    return items.length === 1 ? items[0]! : { type: "and", items };
  }
  function unary(): Predicate {
    const tok = peek();
    if (isWord("not") && tokens[p + 1]?.t === "punct" && tokens[p + 1]!.v === "(") {
      next();
      next();
      const item = predicate();
      expectPunct(")");
      return { type: "not", item };
    }
    if (tok.t === "punct" && tok.v === "(") {
      next();
      const inner = predicate();
      expectPunct(")");
      return inner;
    }
    return condition();
  }
  function condition(): Predicate {
    const f = next();
    if (f.t !== "ident") throw new PredicateError(`Expected a field name but found ${describe(f)}.`, f.pos);
    const field = f.v;
    const tok = peek();
    if (tok.t === "punct" && tok.v === "(") {
      next();
      const inner = predicate();
      expectPunct(")");
      return { type: "nested", field, inner };
    }
    if (tok.t === "op") {
      next();
      return { type: "compare", field, op: tok.v as "=" | "!=" | ">" | "<" | ">=" | "<=", value: value() };
    }
    if (isWord("in") || (isWord("not") && isWord("in", tokens[p + 1]))) {
      const negate = isWord("not");
      if (negate) next();
      next();
      return { type: "in", field, negate, values: list() };
    }
    if (isWord("contains")) {
      next();
      const mode = next();
      if (mode.t !== "ident" || !["any", "all"].includes(mode.v.toLowerCase())) throw new PredicateError(`Expected 'any' or 'all' after 'contains'.`, mode.pos);
      return { type: "contains", field, mode: mode.v.toLowerCase() as "any" | "all", values: list() };
    }
    if (isWord("is")) {
      next();
      let negate = false;
      if (isWord("not")) {
        next();
        negate = true;
      }
      const w = next();
      if (isWord("defined", w)) return { type: "defined", field, negate };
      if (isWord("empty", w)) return { type: "empty", field, negate };
      throw new PredicateError(`Expected 'defined' or 'empty' but found ${describe(w)}.`, w.pos);
    }
    throw new PredicateError(`Expected an operator after '${field}' but found ${describe(tok)}.`, tok.pos);
  }
  function list(): Value[] {
    const bare = peek();
    if (bare.t === "var") {
      // `field in :ids` with var.ids=a&var.ids=b
      next();
      const v = vars[bare.v];
      if (v === undefined) throw new PredicateError(`The input variable '${bare.v}' is not defined (pass var.${bare.v}).`, bare.pos);
      return (Array.isArray(v) ? v : [v]).map(literalFromVar);
    }
    expectPunct("(");
    const values: Value[] = [];
    for (;;) {
      const tok = peek();
      if (tok.t === "var") {
        next();
        const v = vars[tok.v];
        if (v === undefined) throw new PredicateError(`The input variable '${tok.v}' is not defined (pass var.${tok.v}).`, tok.pos);
        for (const x of Array.isArray(v) ? v : [v]) values.push(literalFromVar(x));
      } else values.push(value());
      const sep = next();
      if (sep.t === "punct" && sep.v === ")") break;
      if (!(sep.t === "punct" && sep.v === ",")) throw new PredicateError(`Expected ',' or ')' but found ${describe(sep)}.`, sep.pos);
    }
    return values;
  }
  function value(): Value {
    const tok = next();
    if (tok.t === "string") return { kind: "string", value: tok.v };
    if (tok.t === "number") return { kind: "number", value: Number(tok.v), raw: tok.v };
    if (tok.t === "ident" && (tok.v === "true" || tok.v === "false")) return { kind: "boolean", value: tok.v === "true" };
    if (tok.t === "var") {
      const v = vars[tok.v];
      if (v === undefined) throw new PredicateError(`The input variable '${tok.v}' is not defined (pass var.${tok.v}).`, tok.pos);
      if (Array.isArray(v)) {
        if (v.length !== 1) throw new PredicateError(`The input variable '${tok.v}' has several values; use it in 'in (...)'.`, tok.pos);
        return literalFromVar(v[0]!);
      }
      return literalFromVar(v);
    }
    throw new PredicateError(`Expected a value but found ${describe(tok)}.`, tok.pos);
  }

  const result = predicate();
  const end = peek();
  if (end.t !== "end") throw new PredicateError(`Unexpected ${describe(end)} after the end of the predicate.`, end.pos);
  return result;
}

/** Input variables arrive as query strings: numbers and booleans are recognised, everything else is a string. */
function literalFromVar(raw: string): Value {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return { kind: "number", value: Number(raw), raw };
  if (raw === "true" || raw === "false") return { kind: "boolean", value: raw === "true" };
  return { kind: "string", value: raw };
}

function describe(tok: Token): string {
  if (tok.t === "end") return "the end of the input";
  if (tok.t === "string") return `"${tok.v}"`;
  if (tok.t === "var") return `:${tok.v}`;
  return `'${tok.v}'`;
}

/** Print an AST back as a predicate (used by tests to check that parse(print(ast)) == ast). */
export function printPredicate(p: Predicate): string {
  const val = (v: Value) => (v.kind === "string" ? JSON.stringify(v.value) : v.kind === "number" ? v.raw : String(v.value));
  switch (p.type) {
    case "and":
    case "or":
      return p.items.map((i) => (i.type === "and" || i.type === "or" ? `(${printPredicate(i)})` : printPredicate(i))).join(` ${p.type} `);
    case "not":
      return `not(${printPredicate(p.item)})`;
    case "nested":
      return `${p.field}(${printPredicate(p.inner)})`;
    case "compare":
      return `${p.field} ${p.op} ${val(p.value)}`;
    case "in":
      return `${p.field} ${p.negate ? "not in" : "in"} (${p.values.map(val).join(", ")})`;
    case "contains":
      return `${p.field} contains ${p.mode} (${p.values.map(val).join(", ")})`;
    case "defined":
      return `${p.field} is ${p.negate ? "not " : ""}defined`;
    case "empty":
      return `${p.field} is ${p.negate ? "not " : ""}empty`;
  }
}
