import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { boot, runCli, StartupError } from "../server/boot.server";
import { inviteOrganiser } from "../models/organiser.server";

/**
 * npm run organiser:create -- --email ADDRESS --role admin|organiser
 * Prints a single-use set-password link (valid 24 hours) on its last line; no password is ever
 * typed on the command line. On the embedded database a running server holds the data, so the
 * request goes to it; with no server running (or on Postgres) the command opens the data itself.
 */
runCli(async () => {
  const { values } = parseArgs({ options: { email: { type: "string" }, role: { type: "string", default: "organiser" } } });
  const email = z
    .string()
    .trim()
    .email()
    .max(254)
    .safeParse(values.email ?? "");
  if (!email.success) throw new StartupError("usage: npm run organiser:create -- --email ADDRESS --role admin|organiser (a valid email address is required)");
  if (values.role !== "admin" && values.role !== "organiser") throw new StartupError("--role must be admin or organiser");

  if (!process.env.DATABASE_URL) {
    const link = await askRunningServer(email.data, values.role);
    if (link) {
      console.log(link);
      return;
    }
  }
  const { config, database, crypto, mailer } = await boot({ migrate: true });
  try {
    const token = await inviteOrganiser(database.db, crypto, email.data, values.role);
    console.log(`${config.publicUrl}/set-password/${token}`);
  } finally {
    mailer.close();
    await database.db.destroy();
  }
});

/** The link from the server holding the embedded database, or null when none is running. */
async function askRunningServer(email: string, role: string): Promise<string | null> {
  const dataDir = path.resolve(process.env.DATA_DIR || "./.data");
  let server: { url: string; token: string };
  try {
    server = JSON.parse(readFileSync(path.join(dataDir, "server.json"), "utf8"));
  } catch {
    return null;
  }
  let res: Response;
  try {
    res = await fetch(`${server.url}/internal/organisers`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ email, role }),
    });
  } catch {
    return null; // a stale file: the server is gone, open the data directly
  }
  const body = (await res.json().catch(() => ({}))) as { link?: string; message?: string };
  if (!res.ok || !body.link) throw new StartupError(`the running server refused: ${body.message ?? res.status}`);
  return body.link;
}
