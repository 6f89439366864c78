// Source files and their direct database uses, read as syntax (comments and strings do not count): for the layering
// test (server/test/layering.test.ts).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { Prisma } from "../db";

/** Property names of the client's model delegates: `cart` for model Cart, `oAuthClient` for OAuthClient. */
const DELEGATES = new Set(Object.values(Prisma.ModelName).map((m) => m[0]!.toLowerCase() + m.slice(1)));
/** What a delegate answers to (Prisma 7). */
const OPERATIONS = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany",
  "create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert",
  "delete", "deleteMany", "count", "aggregate", "groupBy",
]);
/** The client's own methods that run SQL. */
const CLIENT_METHODS = new Set(["$queryRaw", "$queryRawUnsafe", "$executeRaw", "$executeRawUnsafe", "$transaction", "$runCommandRaw"]);

/** The .ts/.tsx files under `dir`, tests (`*.test.ts`, `*.typetest.ts`) and declarations left out; `/`-separated. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !/\.(test|typetest)\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(full.split(path.sep).join("/"));
  }
  return out;
}

/** `file:line  code` for each `<x>.<delegate>.<operation>` (ctx.db.region.findFirst, tx.payment.update) and each
 * `<x>.$queryRaw`-like client method in the source. */
export function directDatabaseUses(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    found.push(`${file}:${line}  ${node.getText(sf).replace(/\s+/g, " ").slice(0, 120)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      if (OPERATIONS.has(name) && ts.isPropertyAccessExpression(node.expression) && DELEGATES.has(node.expression.name.text)) report(node);
      else if (CLIENT_METHODS.has(name)) report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
