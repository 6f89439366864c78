// Sending mail to shoppers, by the job queue: through SMTP (nodemailer, SMTP_URL) when configured, else written as
// .eml files under $KASSA_DATA_DIR/mail/ (listed in the console, so the demo shows them). One EmailMessage row per
// (kind, related object): a job that runs twice sends once.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Db } from "../db";
import { dataRoot } from "../db/config";
import { newId } from "../core/ids";
import type { Mail } from "./templates";
import { requireRole, type StaffActor } from "../core/staff";

export function mailDir(): string {
  return path.join(dataRoot(), "mail");
}

const from = () => process.env.KASSA_MAIL_FROM || "Kassa <no-reply@kassa.invalid>";

let transport: nodemailer.Transporter | null = null;
const fileComposer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
function smtp(): nodemailer.Transporter | null {
  if (!process.env.SMTP_URL) return null;
  transport ??= nodemailer.createTransport(process.env.SMTP_URL);
  return transport;
}

/** The mails sent to shoppers, newest first (the console's Mail page; any staff role). */
export async function listMail(db: Db, staff: StaffActor, limit = 50) {
  requireRole(staff, "viewer");
  return db.emailMessage.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: Math.min(Math.max(limit, 1), 200) });
}

export async function sendMail(db: Db, now: () => Date, m: { kind: string; relatedId: string; to: string; locale: string; mail: Mail }): Promise<{ id: string; file: string | null }> {
  const existing = await db.emailMessage.findUnique({ where: { kind_relatedId: { kind: m.kind, relatedId: m.relatedId } } });
  if (existing?.status === "sent") return { id: existing.id, file: existing.file };
  const id = existing?.id ?? newId("mail");
  if (!existing) {
    await db.emailMessage.create({ data: { id, kind: m.kind, to: m.to, subject: m.mail.subject, locale: m.locale, relatedId: m.relatedId, status: "queued", createdAt: now() } });
  }
  const message = { from: from(), to: m.to, subject: m.mail.subject, text: m.mail.text, headers: { "X-Kassa-Mail-Id": id } };
  const transporter = smtp();
  try {
    let file: string | null = null;
    if (transporter) await transporter.sendMail(message);
    else {
      // nodemailer's stream transport builds the message without sending it: the raw RFC 5322 text
      const built = await fileComposer.sendMail(message);
      const raw = built.message as Buffer;
      await mkdir(mailDir(), { recursive: true });
      file = path.join(mailDir(), `${id}.eml`);
      await writeFile(file, raw);
    }
    await db.emailMessage.update({ where: { id }, data: { status: "sent", sentAt: now(), file, error: null } });
    return { id, file };
  } catch (e) {
    await db.emailMessage.update({ where: { id }, data: { status: "failed", error: String((e as Error).message).slice(0, 500) } });
    throw e; // the job retries
  }
}
