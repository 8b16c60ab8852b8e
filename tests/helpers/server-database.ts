import { openDatabase, type DB } from "../../db/index";
import type { RunningServer } from "./server";

/**
 * A running server's database, to read as an operator would: on Postgres over its DATABASE_URL
 * while it runs; the embedded database admits one process, so there the server is stopped first
 * (started on a data directory of the test's, see startServer's `dataDir`, which stays) and
 * `restart`, if given, is called once the database is closed again, to start it on the same data.
 */
export async function readServerDatabase<T>(server: RunningServer, fn: (db: DB) => Promise<T>, opts: { restart?: () => Promise<void> } = {}): Promise<T> {
  if (server.env.DATABASE_URL) {
    const { db } = await openDatabase({ databaseUrl: server.env.DATABASE_URL });
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  }
  await server.stop();
  const { db } = await openDatabase({ dataDir: server.dataDir });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
    await opts.restart?.();
  }
}
