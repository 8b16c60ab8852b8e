// Withdrawing a signature from the link in any mail to the signer.

import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { type DB } from "../../db/index";
import { checkSignatureLinkMac, signatureLinkMac } from "../lib/crypto.server";
import { COUNTER_SHARDS } from "./confirming.server";
import { withdrawSignatureEvents } from "./webhook.server";

/** The withdraw link in every mail to a signer proves it came from that mail. */
export function deleteMac(secret: string, signatureId: string): string {
  return signatureLinkMac(secret, "delete-signature", signatureId);
}

export function checkDeleteMac(secret: string, signatureId: string, mac: string): boolean {
  return checkSignatureLinkMac(secret, "delete-signature", signatureId, mac);
}

/** The campaign a signature belongs to, so the withdraw page can name it; null when it is gone. */
export async function signatureCampaignSlug(db: DB, signatureId: string): Promise<string | null> {
  const row = await db
    .selectFrom("signatures as s")
    .innerJoin("campaigns as c", "c.id", "s.campaign_id")
    .select("c.slug")
    .where("s.id", "=", signatureId)
    .executeTakeFirst();
  return row?.slug ?? null;
}

/**
 * A signer withdraws: the row, its tokens and queued mail about it are gone, and if it was
 * counted the count drops by one. Idempotent: deleting twice is the same as once.
 */
export async function deleteSignature(db: DB, signatureId: string): Promise<{ campaignSlug: string } | null> {
  return db.transaction().execute(async (trx) => {
    // Before the row goes (its events' signature_id is then nulled): no partner receives the
    // address of a signer who has withdrawn, even from an event still waiting for its endpoint.
    await withdrawSignatureEvents(trx, signatureId);
    const row = await trx.deleteFrom("signatures").where("id", "=", signatureId).returning(["campaign_id", "country", "status"]).executeTakeFirst();
    if (!row) return null;
    if (row.status === "confirmed") {
      await trx
        .insertInto("signature_counts")
        .values({ campaign_id: row.campaign_id, country: row.country, shard: randomInt(COUNTER_SHARDS), n: -1 })
        .onConflict((oc) => oc.columns(["campaign_id", "country", "shard"]).doUpdateSet({ n: sql`signature_counts.n - 1` }))
        .execute();
    }
    const campaign = await trx.selectFrom("campaigns").select("slug").where("id", "=", row.campaign_id).executeTakeFirstOrThrow();
    return { campaignSlug: campaign.slug };
  });
}
