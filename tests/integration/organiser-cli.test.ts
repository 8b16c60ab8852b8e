import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/index";
import { passwordTokenOwner } from "../../app/models/organiser.server";
import { createCrypto } from "../../app/lib/crypto.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const run = promisify(execFile);
let t: TestDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    t = await createTestDatabase();
    env = { DATABASE_URL: t.url!, APP_SECRET: "o".repeat(40), PUBLIC_URL: "https://campaigns.example.org" };
  } else {
    env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), "padauk-cli-")), PUBLIC_URL: "https://campaigns.example.org" };
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
  it("opens the data itself and prints a single-use set-password link on its last line", async () => {
    const { stdout } = await cli(["--email", "first-admin@example.org", "--role", "admin"]);
    const link = stdout.trim().split("\n").pop()!;
    expect(link).toMatch(/^https:\/\/campaigns\.example\.org\/set-password\/[A-Za-z0-9_-]{43}$/);
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
