import { mkdirSync } from "node:fs";
import path from "node:path";
import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import type { Database } from "./schema";
import { migrationProvider } from "./migrations/index";

export type DB = Kysely<Database>;

export interface OpenedDatabase {
  db: DB;
  /** "postgres" with a DATABASE_URL, "pglite" for the embedded default. */
  kind: "postgres" | "pglite";
  /** Human-readable location for the start-up line, without credentials. */
  describe: string;
}

// int8 (bigserial ids) as strings on both drivers: ids are opaque and must not lose precision.
pg.types.setTypeParser(20, (v) => v);

/**
 * One code path for both databases: `pg` when DATABASE_URL is set, embedded PGlite otherwise
 * (dataDir null → in memory, for tests). Everything above this file sees only Kysely.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir?: string | null;
  poolSize?: number;
}): Promise<OpenedDatabase> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // A pool error on an idle client (Postgres restarted) must not crash the process.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.databaseUrl);
    return { db, kind: "postgres", describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}` };
  }
  let client: PGlite;
  let describe: string;
  if (opts.dataDir) {
    const dir = path.resolve(opts.dataDir, "pg");
    mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir);
    describe = `embedded PGlite in ${dir}`;
  } else {
    client = await PGlite.create();
    describe = "embedded PGlite in memory";
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, kind: "pglite", describe };
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String((error as Error)?.message ?? error)}`);
  }
}

export async function ping(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}
