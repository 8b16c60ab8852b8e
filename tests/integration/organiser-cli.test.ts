import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/index";
import { passwordTokenOwner } from "../../app/models/organiser.server";
import { createCrypto } from "../../app/lib/crypto.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const run = promisify(execFile);
/** Port 9 (discard) on loopback: nothing answers there, so no server is running at PUBLIC_URL. */
const NO_SERVER = "http://127.0.0.1:9";
let t: TestDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    t = await createTestDatabase();
    env = { DATABASE_URL: t.url!, APP_SECRET: "o".repeat(40), PUBLIC_URL: NO_SERVER };
  } else {
    env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), "padauk-cli-")), PUBLIC_URL: NO_SERVER };
    // The database the server's first start would have made: the same migrations, without it.
    const { db } = await openDatabase({ dataDir: env.DATA_DIR });
    await migrateToLatest(db);
    await db.destroy();
  }
});
afterAll(async () => {
  await t?.close();
});

const cli = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", "app/cli/organiser-create.ts", ...args], {
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env } as unknown as NodeJS.ProcessEnv,
  });

describe("npm run organiser:create with no server running", () => {
  it("refuses to create a second database in a data directory that holds none, and says where it looked", async () => {
    // Run as a new user might, without the DATA_DIR (or DATABASE_URL) the server was started with.
    const elsewhere = mkdtempSync(path.join(tmpdir(), "padauk-cli-empty-"));
    const err = await run(process.execPath, ["--import", "tsx", "app/cli/organiser-create.ts", "--email", "first-admin@example.org", "--role", "admin"], {
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, DATA_DIR: elsewhere, PUBLIC_URL: NO_SERVER } as unknown as NodeJS.ProcessEnv,
    }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stdout).toBe("");
    expect(err.stderr.trim()).toBe(
      `padauk: no Padauk database in ${elsewhere}, and no server running on it. Run this with the same DATA_DIR (or DATABASE_URL) as \`npm start\`, or start the server once first: it creates the database.`,
    );
    expect(existsSync(path.join(elsewhere, "pg"))).toBe(false);
  }, 60_000);

  it("opens the data itself, says which data and that no server runs there, and prints a single-use set-password link on its last line", async () => {
    const { stdout, stderr } = await cli(["--email", "first-admin@example.org", "--role", "admin"]);
    const where = t
      ? `the PostgreSQL database ${new URL(t.url!).hostname}:${new URL(t.url!).port}${new URL(t.url!).pathname}`
      : `the embedded database in ${env.DATA_DIR}`;
    expect(stderr.trim()).toBe(
      `padauk: ${where}; no server is running at ${NO_SERVER}: the link works once \`npm start\` serves this data there (the same ${t ? "DATABASE_URL" : "DATA_DIR"}, PORT and PUBLIC_URL)`,
    );
    const link = stdout.trim().split("\n").pop()!;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:9\/set-password\/[A-Za-z0-9_-]{43}$/);
    const { db } = t ? await openDatabase({ databaseUrl: t.url }) : await openDatabase({ dataDir: env.DATA_DIR });
    try {
      const crypto = createCrypto(env.APP_SECRET ?? readFileSync(path.join(env.DATA_DIR, "app-secret"), "utf8").trim());
      expect(await passwordTokenOwner(db, crypto, link.split("/").pop()!)).toBe("first-admin@example.org");
      const organisers = await db.selectFrom("organisers").select(["role", "password_hash"]).execute();
      expect(organisers).toEqual([{ role: "admin", password_hash: null }]);
    } finally {
      await db.destroy();
    }
  }, 60_000);

  it("refuses a bad address or role with one line and exit code 1", async () => {
    const err = await cli(["--email", "not-an-address", "--role", "admin"]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr.trim()).toMatch(/^padauk: usage: npm run organiser:create/);
    const role = await cli(["--email", "x@example.org", "--role", "owner"]).catch((e) => e);
    expect(role.stderr.trim()).toBe("padauk: --role must be admin or organiser");
  }, 60_000);
});
