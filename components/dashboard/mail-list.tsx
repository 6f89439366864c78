import { readFile } from "node:fs/promises";
import { api } from "~/server/trpc/server";
import { formatDate } from "../ui/format";

/** Mails sent to shoppers (with no SMTP server configured: the .eml files under the data folder, shown here). */
export async function MailList() {
  const mails = await api.dashboard.mail({ limit: 50 });
  const bodies = await Promise.all(mails.map((m) => (m.file ? readFile(m.file, "utf8").catch(() => null) : Promise.resolve(null))));
  return (
    <section aria-labelledby="mail-title">
      <h1 id="mail-title">Mail</h1>
      <p>{process.env.SMTP_URL ? "Sent through the configured SMTP server." : "No SMTP server is configured (SMTP_URL): mails are written as .eml files under the data folder."}</p>
      <ul className="mail-list" data-testid="mail-list">
        {mails.map((m, i) => (
          <li key={m.id} data-testid="mail-row">
            <details>
              <summary>
                {formatDate(m.createdAt)} · {m.kind} · to {m.to} · <strong>{m.subject}</strong> · {m.status}
              </summary>
              {bodies[i] && <pre className="eml">{bodies[i]}</pre>}
              {m.error && <p className="error">{m.error}</p>}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
