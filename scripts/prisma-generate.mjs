// `prisma generate` offline. The CLI insists on finding a native schema engine binary it never runs for
// generation; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies it (see docs/operations.md).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(r.status ?? 1);
