import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, migrateToLatest, type DB } from "../../db/index";
import { seedIfEmpty } from "../../db/seed/index";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let dataDir: string;
let t: TestDatabase | undefined;
let env: Record<string, string>;

/** `npm run targets:import -- …` against this test's database. */
function importCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/cli/targets-import.ts", ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Opens the same database the CLI used (PGlite allows one process at a time, so only between runs). */
async function withDb<T>(fn: (db: DB) => Promise<T>): Promise<T> {
  const { db } = t ? await openDatabase({ databaseUrl: t.url }) : await openDatabase({ dataDir });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "padauk-import-"));
  if (process.env.DATABASE_URL) {
    t = await createTestDatabase({ seed: true });
    env = { DATABASE_URL: t.url!, APP_SECRET: "i".repeat(40) };
  } else {
    env = { DATA_DIR: dataDir };
    await withDb(async (db) => {
      await migrateToLatest(db);
      await seedIfEmpty(db);
    });
  }
});
afterAll(async () => {
  await t?.close();
});

/** A command's output as its lines, without the empty last one. */
const outputLines = (out: string) => out.split("\n").filter((l) => l !== "");

const count = (slug: string) =>
  withDb(
    async (db) =>
      (
        await db
          .selectFrom("targets")
          .innerJoin("target_lists", "target_lists.id", "targets.list_id")
          .select("targets.id")
          .where("target_lists.slug", "=", slug)
          .execute()
      ).length,
  );

describe("npm run targets:import", () => {
  const header = "name,role,organisation,country,area,language,email";

  it("imports nothing when one row is bad, and names the row", async () => {
    const file = path.join(dataDir, "bad.csv");
    writeFileSync(
      file,
      `${header}\nA,Minister,Ministry,FR,,fr,a@example.org\nB,Minister,Ministry,FR,,fr,b-at-example.org\nC,Minister,Ministry,DE,,de,c@example.org\n`,
    );
    const before = await count("national-governments");
    const r = await importCli(["--list", "national-governments", "--file", file]);
    expect(r.code).toBe(1);
    // Whole lines: "1 bad row(s)" would also be found inside "11 bad row(s)".
    expect(outputLines(r.stderr)).toContain("line 3: invalid email address");
    expect(outputLines(r.stderr)).toContain(`padauk: 1 bad row(s) in ${file}; nothing imported`);
    expect(await count("national-governments")).toBe(before);
  }, 60_000);

  it("checks without importing on a dry run, then imports into a new list with progress", async () => {
    const file = path.join(dataDir, "good.csv");
    const lines = Array.from({ length: 120 }, (_, i) => `Member ${i},Member of Parliament,Parliament,GB,Area ${i % 7},en,mp-${i}@example.org`);
    writeFileSync(file, `${header}\n${lines.join("\n")}\n`);
    const dry = await importCli(["--list", "uk-parliament", "--file", file, "--dry-run", "--create", "UK Parliament"]);
    expect(dry.code).toBe(0);
    expect(outputLines(dry.stdout)).toEqual(["dry run: all 120 rows are valid; nothing imported"]);
    expect(await count("uk-parliament")).toBe(0);

    const real = await importCli(["--list", "uk-parliament", "--file", file, "--create", "UK Parliament", "--mode", "by_country"]);
    expect(real.code).toBe(0);
    expect(outputLines(real.stdout)).toEqual(['imported 120 targets into "uk-parliament"']);
    expect(real.stderr).toMatch(/importing \[[^\]]*\] 120\/120 targets/);
    expect(await count("uk-parliament")).toBe(120);

    // The same file again: every row is now a duplicate.
    const again = await importCli(["--list", "uk-parliament", "--file", file]);
    expect(again.code).toBe(1);
    expect(outputLines(again.stderr)).toContain("line 2: duplicate: mp-0@example.org is already on this list");
    expect(outputLines(again.stderr)).toContain(`padauk: 120 bad row(s) in ${file}; nothing imported`);
  }, 90_000);
});
