import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, migrateToLatest, type DB } from "../../db/index";
import { seedIfEmpty } from "../../db/seed/index";

export interface TestDatabase {
  db: DB;
  kind: "postgres" | "pglite";
  /** Connection string of the fresh database (Postgres only), for processes started by a test. */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh database for one test file: in-memory PGlite by default, or, when DATABASE_URL is set,
 * a new database on that server which is dropped afterwards. Both are migrated from empty.
 */
export async function createTestDatabase(opts: { seed?: boolean; logSql?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const { db } = await openDatabase({ dataDir: null, logSql: opts.logSql });
    await migrateToLatest(db);
    if (opts.seed) await seedIfEmpty(db);
    return { db, kind: "pglite", close: () => db.destroy() };
  }
  const name = `padauk_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const { db } = await openDatabase({ databaseUrl: url.toString(), logSql: opts.logSql });
  await migrateToLatest(db);
  if (opts.seed) await seedIfEmpty(db);
  return {
    db,
    kind: "postgres",
    url: url.toString(),
    async close() {
      await db.destroy();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
