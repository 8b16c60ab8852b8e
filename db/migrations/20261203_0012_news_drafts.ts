import { sql, type Kysely } from "kysely";

/**
 * News is stored as a draft first, previewed, tested and only then sent: `status` says which.
 * Every update posted before this migration was sent at once, so existing rows are 'sent'.
 * Confirming flips 'draft' to 'sent' in the statement that guards it, so a second confirm of
 * the same draft finds nothing to flip and queues nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("campaign_updates")
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("sent")
        .check(sql`status in ('draft', 'sent')`),
    )
    .execute();
  await db.schema.alterTable("campaign_updates").addColumn("sent_at", "timestamptz").execute();
  await sql`update campaign_updates set sent_at = created_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("campaign_updates").dropColumn("sent_at").dropColumn("status").execute();
}
