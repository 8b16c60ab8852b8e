import type { Kysely } from "kysely";

/**
 * A letter's confirmation code, like a signature's: typed on the "check your inbox" page by a
 * writer who would rather not open a link from their inbox. Kept as a hash scoped to the
 * campaign; pending letters are deleted when their link expires, code and all.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("messages")
    .addColumn("confirm_code_hash", "bytea", (c) => c.unique())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").dropColumn("confirm_code_hash").execute();
}
