// The public list of signers who chose to show their name.

import { type DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";

export interface PublicSigner {
  name: string;
  country: string;
  confirmedAt: Date;
}

/** The newest confirmed signers who ticked show_name: their name as given and their country. */
export async function recentPublicSigners(db: DB, crypto: Crypto, campaignId: number, limit = 10): Promise<PublicSigner[]> {
  const rows = await db
    .selectFrom("signatures")
    .select(["name_enc", "country", "confirmed_at"])
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "confirmed")
    .where("show_name", "=", true)
    .orderBy("confirmed_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: crypto.decrypt(r.name_enc), country: r.country, confirmedAt: r.confirmed_at! }));
}
