import { sql, type Kysely } from "kysely";

// Migrations use Kysely<any> and never import app code: they must keep working as the app changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("campaigns")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("default_locale", "text", (c) => c.notNull())
    .addColumn("goal", "integer", (c) => c.notNull().check(sql`goal > 0`))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("draft")
        .check(sql`status in ('draft','open','closed','archived')`),
    )
    .addColumn("opened_at", "timestamptz")
    .addColumn("closed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("campaign_translations")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("demand", "text", (c) => c.notNull())
    .addColumn("addressed_to", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("campaign_translations_pk", ["campaign_id", "locale"])
    .execute();

  await db.schema
    .createTable("signatures")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("email_hmac", "bytea", (c) => c.notNull())
    .addColumn("email_enc", "bytea", (c) => c.notNull())
    .addColumn("name_enc", "bytea", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("consent_updates", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("show_name", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending','confirmed','invalidated','fraudulent')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("confirmed_at", "timestamptz")
    .addUniqueConstraint("signatures_campaign_email_uq", ["campaign_id", "email_hmac"])
    .execute();
  // The public list of names: newest confirmed signers who chose to show their name.
  await sql`create index signatures_public_names_idx on signatures (campaign_id, confirmed_at desc)
            where status = 'confirmed' and show_name`.execute(db);

  await db.schema
    .createTable("signature_tokens")
    .addColumn("token_hash", "bytea", (c) => c.primaryKey())
    .addColumn("signature_id", "bigint", (c) => c.notNull().references("signatures.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("signature_tokens_signature_idx").on("signature_tokens").column("signature_id").execute();

  await db.schema
    .createTable("signature_counts")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("shard", "smallint", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("signature_counts_pk", ["campaign_id", "country", "shard"])
    .execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload_enc", "bytea")
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("queued")
        .check(sql`status in ('queued','sending','sent','failed_temporary','failed_permanent')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("locked_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .execute();
  // Workers only ever look at rows still to be sent.
  await sql`create index outbox_due_idx on outbox (next_attempt_at)
            where status in ('queued','failed_temporary','sending')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["outbox", "signature_counts", "signature_tokens", "signatures", "campaign_translations", "campaigns"]) {
    await db.schema.dropTable(t).execute();
  }
}
