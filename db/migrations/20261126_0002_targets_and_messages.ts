import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("target_lists")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) =>
      c
        .notNull()
        .defaultTo("fixed")
        .check(sql`mode in ('fixed','by_country')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Officials' work addresses are public contact points, not supporters' data: stored as given,
  // but never shown on a public page or in the API.
  await db.schema
    .createTable("targets")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("public_id", "text", (c) => c.notNull().unique())
    .addColumn("list_id", "integer", (c) => c.notNull().references("target_lists.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("organisation", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn("area", "text")
    .addColumn("languages", "text", (c) => c.notNull().defaultTo("en"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_status", "text", (c) =>
      c
        .notNull()
        .defaultTo("ok")
        .check(sql`email_status in ('ok','failing')`),
    )
    .addColumn("email_failure", "text")
    .addColumn("email_failed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("targets_list_email_uq", ["list_id", "email"])
    .execute();
  await db.schema.createIndex("targets_list_country_idx").on("targets").columns(["list_id", "country", "area"]).execute();

  await db.schema
    .alterTable("campaigns")
    .addColumn("target_list_id", "integer", (c) => c.references("target_lists.id").onDelete("set null"))
    .execute();
  await db.schema
    .alterTable("campaigns")
    .addColumn("daily_target_cap", "integer", (c) =>
      c
        .notNull()
        .defaultTo(500)
        .check(sql`daily_target_cap > 0`),
    )
    .execute();
  await db.schema
    .alterTable("campaign_translations")
    .addColumn("message_subject", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("campaign_translations")
    .addColumn("message_body", "text", (c) => c.notNull().defaultTo(""))
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("public_id", "text", (c) => c.notNull().unique())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("supporter_hmac", "bytea", (c) => c.notNull())
    .addColumn("supporter_email_enc", "bytea")
    .addColumn("supporter_name_enc", "bytea")
    .addColumn("area_enc", "bytea")
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("subject_enc", "bytea")
    .addColumn("body_enc", "bytea")
    .addColumn("target_ids", sql`integer[]`, (c) => c.notNull())
    .addColumn("personalised", "boolean", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending','confirmed')`),
    )
    .addColumn("confirm_token_hash", "bytea", (c) => c.unique())
    .addColumn("token_expires_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("confirmed_at", "timestamptz")
    .addColumn("erased_at", "timestamptz")
    .execute();
  await sql`create index messages_erase_idx on messages (created_at) where body_enc is not null`.execute(db);

  // One row per (supporter, target, campaign): the unique key is the "at most one message" rule.
  await db.schema
    .createTable("message_deliveries")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("message_id", "bigint", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("target_id", "integer", (c) => c.notNull().references("targets.id").onDelete("cascade"))
    .addColumn("supporter_hmac", "bytea", (c) => c.notNull())
    .addColumn("outbox_id", "bigint")
    .addColumn("scheduled_for", "date", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("message_deliveries_once_uq", ["campaign_id", "target_id", "supporter_hmac"])
    .execute();
  await db.schema.createIndex("message_deliveries_message_idx").on("message_deliveries").column("message_id").execute();

  // Messages booked per target and day, for the daily cap; increments are conditional on the cap.
  await db.schema
    .createTable("target_daily_counts")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("target_id", "integer", (c) => c.notNull().references("targets.id").onDelete("cascade"))
    .addColumn("day", "date", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("target_daily_counts_pk", ["campaign_id", "target_id", "day"])
    .execute();

  // Messages sent per campaign and target: the public messagesSent and targetsCount.
  await db.schema
    .createTable("message_counts")
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("target_id", "integer", (c) => c.notNull().references("targets.id").onDelete("cascade"))
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("message_counts_pk", ["campaign_id", "target_id"])
    .execute();

  await db.schema.alterTable("outbox").addColumn("target_id", "integer").execute();
  await db.schema.alterTable("outbox").addColumn("campaign_id", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").dropColumn("campaign_id").execute();
  await db.schema.alterTable("outbox").dropColumn("target_id").execute();
  for (const t of ["message_counts", "target_daily_counts", "message_deliveries", "messages"]) await db.schema.dropTable(t).execute();
  await db.schema.alterTable("campaign_translations").dropColumn("message_body").execute();
  await db.schema.alterTable("campaign_translations").dropColumn("message_subject").execute();
  await db.schema.alterTable("campaigns").dropColumn("daily_target_cap").execute();
  await db.schema.alterTable("campaigns").dropColumn("target_list_id").execute();
  await db.schema.dropTable("targets").execute();
  await db.schema.dropTable("target_lists").execute();
}
