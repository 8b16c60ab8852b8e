import { sql, type Kysely } from "kysely";

/**
 * Webhook deliveries through the outbox (decision 071): what the delivery log and the pause
 * rule need beyond the columns of 0013.
 *
 * - `partners.webhook_failing_since`: when the current run of failed deliveries began (null
 *   after any success); three days of it pause the webhook.
 * - `webhook_events.dedupe_key`: a milestone is sent once per partner however many
 *   confirmations cross it at the same moment: the unique index makes the second insert a no-op.
 * - `webhook_events.duration_ms`: how long the receiver took to answer the last attempt.
 * - `webhook_events.signature_id`: the signature a `signature.confirmed` event is about, so that
 *   a signer who withdraws before it is delivered takes their address out of it too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("partners").addColumn("webhook_failing_since", "timestamptz").execute();
  await db.schema
    .alterTable("webhook_events")
    .addColumn("dedupe_key", "text")
    .addColumn("duration_ms", "integer")
    .addColumn("signature_id", "bigint", (c) => c.references("signatures.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("webhook_events_dedupe")
    .unique()
    .on("webhook_events")
    .columns(["partner_id", "dedupe_key"])
    .where(sql.ref("dedupe_key"), "is not", null)
    .execute();
  await db.schema.createIndex("webhook_events_outbox").on("webhook_events").column("outbox_id").execute();
  await db.schema.createIndex("webhook_events_signature").on("webhook_events").column("signature_id").where(sql.ref("signature_id"), "is not", null).execute();
  // The claim looks up each partner's waiting events: a small index, whatever the log's length.
  await db.schema
    .createIndex("webhook_events_queued")
    .on("webhook_events")
    .columns(["partner_id", "created_at"])
    .where(sql.ref("status"), "=", "queued")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("webhook_events_queued").execute();
  await db.schema.dropIndex("webhook_events_signature").execute();
  await db.schema.dropIndex("webhook_events_outbox").execute();
  await db.schema.dropIndex("webhook_events_dedupe").execute();
  await db.schema.alterTable("webhook_events").dropColumn("signature_id").dropColumn("duration_ms").dropColumn("dedupe_key").execute();
  await db.schema.alterTable("partners").dropColumn("webhook_failing_since").execute();
}
