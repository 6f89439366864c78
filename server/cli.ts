// The merchant's command line: `npm run -s kassa -- <command>` (docs/operations.md). Each command prints one JSON
// value on stdout (payments:export prints CSV) and exits non-zero with `{"error":{code,message}}` on stderr when it
// fails. Passwords are read from standard input (--password-stdin), never from arguments. The same core services as
// the console and the admin API; audit rows name the CLI and the operating-system user.
import { Command, CommanderError } from "commander";
import { userInfo } from "node:os";
import { pipeline } from "node:stream/promises";
import type { Db } from "./db";
import { isPaymentError, PaymentError } from "./core/errors";
import type { StaffActor, StaffRole } from "./core/staff";
import { createKeyAdmin, KEY_KINDS, type KeyKind } from "./auth/key-admin";
import { staffService } from "./auth/staff";
import { paymentsCsv } from "./console/csv";
import { EVENT_TYPES } from "./core/outbox";
import { createEndpointAdmin } from "./outbound/endpoints";
import type { Kassa } from "./core/kassa";

export type CliIo = { stdin: () => Promise<string>; stdout: (s: string) => void; stderr: (s: string) => void; writable: NodeJS.WritableStream };
export type CliDeps = { db: Db; kassa: Kassa; projectKey: string; io: CliIo };

/** The CLI acts as an owner; its audit rows say `cli:<os user>` and surface `cli`. */
function cliActor(): StaffActor {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (containers) */
  }
  return { staffId: "", email: `cli:${user}`, role: "owner", sessionId: null, ip: "", surface: "cli" };
}

async function password(io: CliIo, stdin: boolean | undefined): Promise<string> {
  if (!stdin) throw new PaymentError("validation", "Pass the password on standard input with --password-stdin (never as an argument).", { field: "password" });
  const text = (await io.stdin()).replace(/\r?\n$/, "");
  if (!text) throw new PaymentError("validation", "No password arrived on standard input.", { field: "password" });
  return text;
}

const day = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new PaymentError("validation", "Use a date as YYYY-MM-DD.", { field: "since" });
  return new Date(`${s}T00:00:00.000Z`);
};

/** Run one command line (argv without node and the script). Resolves to the exit code. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const { io } = deps;
  const json = (v: unknown) => io.stdout(`${JSON.stringify(v, null, 2)}\n`);
  const staff = () => staffService(deps.db);
  const keys = () => createKeyAdmin(deps.db, { projectKey: deps.projectKey });
  const program = new Command("kassa")
    .description("Kassa's command line: staff, keys and exports (prints JSON)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command("staff:create-owner")
    .description("Create the first owner (refused once an owner exists)")
    .requiredOption("--email <email>")
    .option("--password-stdin", "read the password from standard input")
    .action(async (o: { email: string; passwordStdin?: boolean }) => json(await staff().createFirstOwner({ email: o.email, password: await password(io, o.passwordStdin) }, "cli")));

  program
    .command("staff:create")
    .description("Create an operator or a viewer")
    .requiredOption("--role <role>", "operator | viewer")
    .requiredOption("--email <email>")
    .option("--password-stdin", "read the password from standard input")
    .action(async (o: { role: string; email: string; passwordStdin?: boolean }) => {
      if (o.role !== "operator" && o.role !== "viewer") throw new PaymentError("validation", "The role is operator or viewer (owners: staff:create-owner, or the console).", { field: "role" });
      json(await staff().createStaff(cliActor(), { email: o.email, role: o.role as StaffRole, password: await password(io, o.passwordStdin) }));
    });

  program.command("keys:list").description("List keys and OAuth clients (never their secrets)").action(async () => json(await keys().listKeys(cliActor())));

  program
    .command("keys:create")
    .description("Create a key or client; prints its secret once")
    .requiredOption("--kind <kind>", KEY_KINDS.join(" | "))
    .requiredOption("--name <name>")
    .action(async (o: { kind: string; name: string }) => {
      if (!(KEY_KINDS as readonly string[]).includes(o.kind)) throw new PaymentError("validation", `The kind is one of ${KEY_KINDS.join(", ")}.`, { field: "kind" });
      json(await keys().createKey(cliActor(), { kind: o.kind as KeyKind, name: o.name }));
    });

  program.command("keys:revoke").description("Revoke a key or client by id").argument("<id>").action(async (id: string) => json(await keys().revokeKey(cliActor(), id)));

  const hooks = () => createEndpointAdmin(deps.db);
  program
    .command("webhooks:create")
    .description("Create a webhook endpoint; prints its id and signing secret (once)")
    .requiredOption("--url <url>")
    .requiredOption("--events <types>", `comma-separated: ${EVENT_TYPES.join(",")}`)
    .action(async (o: { url: string; events: string }) => {
      const e = await hooks().create(cliActor(), { url: o.url, events: o.events.split(",").map((s) => s.trim()).filter(Boolean) });
      json({ id: e.id, secret: e.secret, url: e.url, events: e.events });
    });
  program.command("webhooks:list").description("List webhook endpoints (never their secrets)").action(async () => json(await hooks().list(cliActor())));
  program.command("webhooks:disable").description("Disable an endpoint").argument("<id>").action(async (id: string) => json(await hooks().setEnabled(cliActor(), id, false)));
  program.command("webhooks:enable").description("Enable an endpoint again").argument("<id>").action(async (id: string) => json(await hooks().setEnabled(cliActor(), id, true)));
  program
    .command("webhooks:rotate")
    .description("A new signing secret (printed once); the previous one stays valid for 24 hours")
    .argument("<id>")
    .action(async (id: string) => {
      const e = await hooks().rotate(cliActor(), id);
      json({ id: e.id, secret: e.secret, previousSecretUntil: e.previousSecretUntil });
    });

  program
    .command("payments:export")
    .description("Every payment since a day, as CSV on standard output")
    .option("--since <date>", "YYYY-MM-DD (UTC)")
    .action(async (o: { since?: string }) => {
      await pipeline(paymentsCsv(deps.kassa.merchant, cliActor(), o.since ? { from: day(o.since) } : {}), io.writable, { end: false });
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const error = isPaymentError(e) ? { code: e.code, message: e.message, ...(Object.keys(e.details).length ? { details: e.details } : {}) } : { code: "internal", message: (e as Error).message };
    io.stderr(`${JSON.stringify({ error })}\n`);
    return 1;
  }
}
