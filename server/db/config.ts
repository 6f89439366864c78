import path from "node:path";

/** The folder for local state (embedded database, generated auth secret): KASSA_DATA_DIR, else ./.data */
export function dataRoot(): string {
  return path.resolve(process.env.KASSA_DATA_DIR || path.join(/* turbopackIgnore: true */ process.cwd(), ".data"));
}

/** Where the embedded database keeps its files when DATABASE_URL is unset. */
export function embeddedDataDir(): string {
  return path.join(dataRoot(), "pglite");
}
