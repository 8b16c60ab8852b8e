import { type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Optional second factor: the TOTP secret encrypted like everything else; the last used time
  // step, so a code seen over someone's shoulder cannot be used twice.
  await db.schema.alterTable("organisers").addColumn("totp_secret_enc", "bytea").execute();
  await db.schema.alterTable("organisers").addColumn("totp_enabled_at", "timestamptz").execute();
  await db.schema.alterTable("organisers").addColumn("totp_last_step", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ["totp_last_step", "totp_enabled_at", "totp_secret_enc"]) await db.schema.alterTable("organisers").dropColumn(c).execute();
}
