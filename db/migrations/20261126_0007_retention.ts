import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // How long signers' personal data is kept after a campaign closes (the UK Parliament site keeps
  // six months); counts by country and language stay for ever.
  await db.schema
    .alterTable("campaigns")
    .addColumn("retention_days", "integer", (c) =>
      c
        .notNull()
        .defaultTo(183)
        .check(sql`retention_days > 0`),
    )
    .execute();
  await db.schema.alterTable("signatures").addColumn("anonymised_at", "timestamptz").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("signatures").dropColumn("anonymised_at").execute();
  await db.schema.alterTable("campaigns").dropColumn("retention_days").execute();
}
