import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // News for signers, written per language; shown on the campaign page, mailed to those who agreed.
  await db.schema
    .createTable("campaign_updates")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("organiser_id", "integer", (c) => c.references("organisers.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("campaign_update_texts")
    .addColumn("update_id", "integer", (c) => c.notNull().references("campaign_updates.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("campaign_update_texts_pk", ["update_id", "locale"])
    .execute();

  // What an official answered (the e-petitions "government response").
  await db.schema
    .createTable("campaign_responses")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("responder", "text", (c) => c.notNull())
    .addColumn("responded_on", "date", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("url", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["campaign_responses", "campaign_update_texts", "campaign_updates"]) await db.schema.dropTable(t).execute();
}
