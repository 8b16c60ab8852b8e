import { sql } from "kysely";
import type { DB } from "../../db/index";

/** Whether the database answers: one round trip, for /healthz. */
export async function databaseAnswers(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
