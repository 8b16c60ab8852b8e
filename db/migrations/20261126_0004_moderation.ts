import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // The address's domain, for abuse signals ("200 signatures from one domain in an hour"): an HMAC
  // to group by, a ciphertext shown to organisers only for large groups, which identify nobody.
  await db.schema.alterTable("signatures").addColumn("email_domain_hmac", "bytea").execute();
  await db.schema.alterTable("signatures").addColumn("email_domain_enc", "bytea").execute();
  await db.schema.alterTable("signatures").addColumn("invalidated_at", "timestamptz").execute();
  await db.schema.alterTable("signatures").addColumn("invalidation_reason", "text").execute();
  await sql`create index signatures_domain_idx on signatures (campaign_id, email_domain_hmac, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index signatures_domain_idx`.execute(db);
  for (const c of ["invalidation_reason", "invalidated_at", "email_domain_enc", "email_domain_hmac"]) {
    await db.schema.alterTable("signatures").dropColumn(c).execute();
  }
}
