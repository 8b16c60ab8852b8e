// What is kept and for how long: unconfirmed signatures expire, closed campaigns are anonymised.

import { sql } from "kysely";
import { type DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { CONFIRM_TOKEN_TTL_MS } from "./signature-codes.server";
import { forgetAnonymisedEvents } from "./webhook.server";

/** Unconfirmed signatures (and, by cascade, their tokens) older than the link's life: gone. */
export async function deleteUnconfirmed(db: DB, now = new Date()): Promise<number> {
  const rows = await db
    .deleteFrom("signatures")
    .where("status", "=", "pending")
    .where("created_at", "<", new Date(now.getTime() - CONFIRM_TOKEN_TTL_MS))
    .returning("id")
    .execute();
  return rows.length;
}

/**
 * Signers of campaigns closed longer than their retention period lose every personal trace: name,
 * address, its HMAC (replaced by random bytes, so nothing links them to an address any more),
 * domain, and their choices. Country, language, status and dates stay, so every count does.
 */
export async function anonymiseClosedCampaigns(db: DB, crypto: Crypto, now = new Date()): Promise<number> {
  const rows = await db
    .updateTable("signatures")
    .set({
      name_enc: crypto.encrypt(""),
      email_enc: crypto.encrypt(""),
      email_hmac: sql`gen_random_uuid()::text::bytea`,
      email_domain_hmac: null,
      email_domain_enc: null,
      show_name: false,
      consent_updates: false,
      // The partner's permission goes with the address it was for; the attribution stays, for counts.
      consent_partner: false,
      anonymised_at: now,
    })
    .where("anonymised_at", "is", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("campaigns as c")
          .select("c.id")
          .whereRef("c.id", "=", "signatures.campaign_id")
          .where("c.status", "in", ["closed", "archived"])
          .where("c.closed_at", "is not", null)
          .where(sql<boolean>`c.closed_at + make_interval(days => c.retention_days) < ${now}`),
      ),
    )
    .returning("id")
    .execute();
  // Events about them still waiting for a paused endpoint lose the address too.
  if (rows.length > 0) await forgetAnonymisedEvents(db);
  return rows.length;
}
