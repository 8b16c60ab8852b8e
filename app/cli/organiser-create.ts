import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { boot, runCli, StartupError } from "../server/boot.server";
import { inviteOrganiser } from "../models/organiser.server";
import { answers, askRunningServer, describeUrl } from "./running-server";

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
    const asked = await askRunningServer<{ link?: string }>(dataDir, "/internal/organisers", { email: email.data, role: values.role });
    if (asked) {
      if (!asked.answer.link) throw new StartupError("the running server gave no link");
      console.error(`padauk: the embedded database in ${dataDir}, through the server running at ${asked.url}`);
      console.log(asked.answer.link);
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
