import { sql, type Kysely } from "kysely";

/**
 * Coalitions: the partner organisations of a campaign, the signatures they bring, their own
 * consent, the API tokens of their tools, the paper signatures collected offline, and their
 * webhook deliveries' log.
 *
 * - A partner belongs to one campaign (an organisation in two campaigns is two partners, each
 *   with its own token): what it may read is then exactly that campaign's rows attributed to it.
 * - `signatures.consent_partner` is the signer's permission for the attributing partner only;
 *   the address stays encrypted as every other (no second copy for the partner).
 * - A webhook secret must be recovered to sign each delivery, so it is encrypted, not hashed;
 *   API tokens are only compared, so only their SHA-256 is kept.
 * - Paper batches hold counts per country, never names.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("partners")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("website", "text")
    .addColumn("listed", "boolean", (c) => c.notNull().defaultTo(false))
    /** Origins allowed to frame the embed, space-separated (`https://partner.example`). */
    .addColumn("origins", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("webhook_url", "text")
    .addColumn("webhook_secret_enc", "bytea")
    /** Set when deliveries kept failing for days: nothing more is sent until a person resumes it. */
    .addColumn("webhook_paused_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("disabled_at", "timestamptz")
    .addUniqueConstraint("partners_campaign_slug", ["campaign_id", "slug"])
    .execute();

  await db.schema
    .alterTable("signatures")
    .addColumn("partner_id", "integer", (c) => c.references("partners.id").onDelete("set null"))
    .addColumn("consent_partner", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex("signatures_partner").on("signatures").columns(["partner_id", "id"]).where(sql.ref("partner_id"), "is not", null).execute();

  // A partner's own accounts: role 'partner', tied to one partner.
  await sql`alter table organisers drop constraint if exists organisers_role_check`.execute(db);
  await db.schema
    .alterTable("organisers")
    .addColumn("partner_id", "integer", (c) => c.references("partners.id").onDelete("cascade"))
    .execute();
  await sql`alter table organisers add constraint organisers_role_check check (role in ('admin', 'organiser', 'partner') and ((role = 'partner') = (partner_id is not null)))`.execute(
    db,
  );

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("token_hash", "bytea", (c) => c.notNull().unique())
    .addColumn("partner_id", "integer", (c) => c.references("partners.id").onDelete("cascade"))
    .addColumn("organiser_id", "integer", (c) => c.references("organisers.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addCheckConstraint("api_tokens_owner", sql`(partner_id is null) <> (organiser_id is null)`)
    .execute();

  await db.schema
    .createTable("paper_batches")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("campaign_id", "integer", (c) => c.notNull().references("campaigns.id").onDelete("cascade"))
    /** The partner that recorded it, when a partner did. */
    .addColumn("partner_id", "integer", (c) => c.references("partners.id").onDelete("set null"))
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull().check(sql`count > 0`))
    .addColumn("collected_on", "date", (c) => c.notNull())
    .addColumn("place", "text")
    /** Who vouches for the count: a group or a role, as the recorder wrote it. */
    .addColumn("attested_by", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("valid")
        .check(sql`status in ('valid', 'invalidated')`),
    )
    .addColumn("invalidation_reason", "text")
    .addColumn("recorded_by", "integer", (c) => c.references("organisers.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("paper_batches_campaign").on("paper_batches").columns(["campaign_id", "status"]).execute();

  // Whether paper signatures count towards the goal is the campaign's choice; by default they do.
  await db.schema
    .alterTable("campaigns")
    .addColumn("paper_counts_to_goal", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();

  // Each webhook event, with its delivery attempts; the body is kept until delivered or given up.
  await db.schema
    .createTable("webhook_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("partner_id", "integer", (c) => c.notNull().references("partners.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    /** Encrypted JSON body: it may carry a consenting supporter's address. */
    .addColumn("body_enc", "bytea")
    .addColumn("outbox_id", "bigint")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_status", "integer")
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("delivered_at", "timestamptz")
    .execute();
  await db.schema.createIndex("webhook_events_partner").on("webhook_events").columns(["partner_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("webhook_events").execute();
  await db.schema.alterTable("campaigns").dropColumn("paper_counts_to_goal").execute();
  await db.schema.dropTable("paper_batches").execute();
  await db.schema.dropTable("api_tokens").execute();
  await sql`alter table organisers drop constraint if exists organisers_role_check`.execute(db);
  await db.schema.alterTable("organisers").dropColumn("partner_id").execute();
  await sql`alter table organisers add constraint organisers_role_check check (role in ('admin','organiser'))`.execute(db);
  await db.schema.alterTable("signatures").dropColumn("consent_partner").dropColumn("partner_id").execute();
  await db.schema.dropTable("partners").execute();
}
