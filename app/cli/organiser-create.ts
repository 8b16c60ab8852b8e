import { existsSync, readFileSync } from "node:fs";
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
 *
 * It says on stderr which data it used and whether a server is running there, and it never
 * creates a database: run without the server's DATA_DIR, it would otherwise make a second,
 * empty one and print a link that no running server knows.
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

  const dataDir = path.resolve(process.env.DATA_DIR || "./.data");
  if (!process.env.DATABASE_URL) {
    const asked = await askRunningServer(dataDir, email.data, values.role);
    if (asked) {
      console.error(`padauk: the embedded database in ${dataDir}, through the server running at ${asked.url}`);
      console.log(asked.link);
      return;
    }
    if (!existsSync(path.join(dataDir, "pg", "PG_VERSION"))) {
      throw new StartupError(
        `no Padauk database in ${dataDir}, and no server running on it. Run this with the same DATA_DIR (or DATABASE_URL) as \`npm start\`, or start the server once first: it creates the database.`,
      );
    }
  }
  const { config, database, crypto, mailer } = await boot({ migrate: true });
  try {
    const token = await inviteOrganiser(database.db, crypto, email.data, values.role);
    const where = config.databaseUrl ? `the PostgreSQL database ${describeUrl(config.databaseUrl)}` : `the embedded database in ${dataDir}`;
    const running = await answers(config.publicUrl);
    console.error(
      running
        ? `padauk: ${where}; a server answers at ${config.publicUrl}`
        : `padauk: ${where}; no server is running at ${config.publicUrl}: the link works once \`npm start\` serves this data there (the same ${config.databaseUrl ? "DATABASE_URL" : "DATA_DIR"}, PORT and PUBLIC_URL)`,
    );
    console.log(`${config.publicUrl}/set-password/${token}`);
  } finally {
    mailer.close();
    await database.db.destroy();
  }
});

/** A database URL without its password, to say which database was used. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(DATABASE_URL)";
  }
}

/** Whether a Padauk server answers its health check at this address, within two seconds. */
async function answers(publicUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${publicUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The link from the server holding the embedded database, or null when none is running. */
async function askRunningServer(dataDir: string, email: string, role: string): Promise<{ link: string; url: string } | null> {
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
  return { link: body.link, url: server.url };
}
