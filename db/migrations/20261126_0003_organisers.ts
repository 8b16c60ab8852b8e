import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // Organisers' addresses are kept like signers': an HMAC to find them, a ciphertext to write to them.
  await db.schema
    .createTable("organisers")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("email_hmac", "bytea", (c) => c.notNull().unique())
    .addColumn("email_enc", "bytea", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin','organiser')`))
    .addColumn("password_hash", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("disabled_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("organiser_campaigns")
    .addColumn("organiser_id", "integer", (c) => c.notNull().references("organisers.id").onDelete("cascade"))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("organiser_campaigns_pk", ["organiser_id", "campaign_id"])
    .execute();

  // Only a hash of the session id is stored: a leaked table opens no session.
  await db.schema
    .createTable("organiser_sessions")
    .addColumn("id_hash", "bytea", (c) => c.primaryKey())
    .addColumn("organiser_id", "integer", (c) => c.notNull().references("organisers.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("organiser_sessions_organiser_idx").on("organiser_sessions").column("organiser_id").execute();

  await db.schema
    .createTable("password_tokens")
    .addColumn("token_hash", "bytea", (c) => c.primaryKey())
    .addColumn("organiser_id", "integer", (c) => c.notNull().references("organisers.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();

  // Failed logins per key (an account's HMAC, a client's daily keyed hash) and time window.
  await db.schema
    .createTable("login_failures")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("login_failures_pk", ["key", "window_start"])
    .execute();

  // Append-only record of who saw or exported personal data. The app has no UPDATE or DELETE for it.
  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("organiser_id", "integer", (c) => c.references("organisers.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("row_count", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Where a signer came from (?source=partner-x): a campaign link's tag, never personal data.
  await db.schema.alterTable("signatures").addColumn("source", "text").execute();
  // Dashboards chart confirmations over time and exports walk confirmed signatures in id order.
  await sql`create index signatures_confirmed_idx on signatures (campaign_id, confirmed_at) where status = 'confirmed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index signatures_confirmed_idx`.execute(db);
  await db.schema.alterTable("signatures").dropColumn("source").execute();
  for (const t of ["audit_log", "login_failures", "password_tokens", "organiser_sessions", "organiser_campaigns", "organisers"]) {
    await db.schema.dropTable(t).execute();
  }
}
