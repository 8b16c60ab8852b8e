// Letters are kept only as long as they must be: bodies and writers erased after the retention period.

import { sql } from "kysely";
import type { DB } from "../../db/index";

/** Bodies are erased this many days after writing, unless configured otherwise; counts stay. */
export const DEFAULT_MESSAGE_RETENTION_DAYS = 30;

/**
 * Erase subjects, bodies and supporter details of letters older than the retention period whose
 * deliveries are all finished, and delete letters never confirmed whose link has expired.
 * Counts (message_counts, personalised flags) stay. Returns how many letters were erased.
 */
export async function eraseOldMessages(db: DB, retentionDays: number, now = new Date()): Promise<number> {
  await db.deleteFrom("messages").where("status", "=", "pending").where("token_expires_at", "<", now).execute();
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    // The address HMAC goes too (replaced by random bytes, as for anonymised signers): kept, it
    // would let anyone with a copy of the database and the secret test "did this address write?".
    const rows = await trx
      .updateTable("messages")
      .set({
        subject_enc: null,
        body_enc: null,
        area_enc: null,
        supporter_email_enc: null,
        supporter_name_enc: null,
        supporter_hmac: sql`gen_random_uuid()::text::bytea`,
        erased_at: now,
      })
      .where("created_at", "<", cutoff)
      .where("body_enc", "is not", null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("message_deliveries as d")
              .innerJoin("outbox as o", "o.id", "d.outbox_id")
              .select("d.id")
              .whereRef("d.message_id", "=", "messages.id")
              .where("o.status", "in", ["queued", "sending", "failed_temporary"]),
          ),
        ),
      )
      .returning("id")
      .execute();
    if (rows.length) {
      await trx
        .updateTable("message_deliveries")
        .set({ supporter_hmac: sql`gen_random_uuid()::text::bytea` })
        .where("message_id", "in", trx.selectFrom("messages").select("id").where("erased_at", "=", now))
        .execute();
    }
    return rows.length;
  });
}
