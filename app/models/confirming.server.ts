// Confirming a signature by its link or its code, and previewing what a link would do.

import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { type DB } from "../../db/index";
import { hashToken, type Crypto } from "../lib/crypto.server";
import { acceptsConfirmations } from "./campaign.server";
import { canonicalCode, codeHash } from "./signature-codes.server";
import { queueMilestones, queueSignatureConfirmed } from "./webhook.server";

/** Confirmations are spread over this many counter rows per campaign and country. */
export const COUNTER_SHARDS = 8;

export type ConfirmResult =
  | { status: "confirmed"; campaignSlug: string; campaignId: number; emailHmac: Uint8Array }
  | { status: "already-confirmed"; campaignSlug: string }
  | { status: "campaign-closed"; campaignSlug: string }
  | { status: "expired" }
  | { status: "unknown" };

/**
 * Confirm by token. Idempotent: the row lock plus `status = 'pending'` in the UPDATE mean that of
 * two concurrent confirmations exactly one moves the signature and bumps the counter.
 * `crypto`: given by the services, it queues partners' webhook events (signature.confirmed, a
 * milestone) in the same transaction; without it (tests of other things) none are queued.
 */
export async function confirmSignature(db: DB, token: string, now = new Date(), crypto?: Crypto): Promise<ConfirmResult> {
  return confirmByHash(db, hashToken(token), "confirm", now, crypto);
}

/** Confirm by the code typed on the campaign's page; the same outcomes as the link. */
export async function confirmSignatureByCode(db: DB, campaignId: number, typed: string, now = new Date(), crypto?: Crypto): Promise<ConfirmResult> {
  const canonical = canonicalCode(typed);
  if (!canonical) return { status: "unknown" };
  return confirmByHash(db, codeHash(campaignId, canonical), "code", now, crypto);
}

/** What a confirmation link or code would do, looked up without changing anything. */
export type ConfirmationPreview =
  | { status: "pending"; campaignSlug: string }
  | { status: "already-confirmed"; campaignSlug: string }
  | { status: "campaign-closed"; campaignSlug: string }
  | { status: "expired" }
  | { status: "unknown" };

/**
 * Opening the confirmation link only looks: mail scanners fetch every link in a mail, and a
 * GET that confirmed would put on a public list a name that someone else typed for an
 * address. The page shows one button; only its POST (confirmSignature) confirms.
 */
export async function previewConfirmation(db: DB, token: string, now = new Date()): Promise<ConfirmationPreview> {
  const found = await findToken(db, hashToken(token), "confirm");
  return found ? judge(found, now) : { status: "unknown" };
}

function findToken(db: DB, tokenHash: Uint8Array, purpose: "confirm" | "code") {
  return db
    .selectFrom("signature_tokens as tk")
    .innerJoin("signatures as s", "s.id", "tk.signature_id")
    .innerJoin("campaigns as c", "c.id", "s.campaign_id")
    .select([
      "tk.token_hash",
      "tk.expires_at",
      "tk.used_at",
      "s.id as signature_id",
      "s.status",
      "s.country",
      "s.email_hmac",
      "s.partner_id",
      "c.id as campaign_id",
      "c.slug",
      "c.status as campaign_status",
      "c.closed_at",
    ])
    .where("tk.token_hash", "=", tokenHash)
    .where("tk.purpose", "=", purpose)
    .executeTakeFirst();
}

type FoundToken = NonNullable<Awaited<ReturnType<typeof findToken>>>;

/** The outcome a found token leads to, before anything is written. */
function judge(found: FoundToken, now: Date): ConfirmationPreview {
  if (found.status === "confirmed" || found.used_at) return { status: "already-confirmed", campaignSlug: found.slug };
  if (found.status !== "pending") return { status: "unknown" };
  if (new Date(found.expires_at) < now) return { status: "expired" };
  if (!acceptsConfirmations({ status: found.campaign_status, closed_at: found.closed_at }, now)) {
    return { status: "campaign-closed", campaignSlug: found.slug };
  }
  return { status: "pending", campaignSlug: found.slug };
}

async function confirmByHash(db: DB, tokenHash: Uint8Array, purpose: "confirm" | "code", now: Date, crypto: Crypto | undefined): Promise<ConfirmResult> {
  return db.transaction().execute(async (trx) => {
    const found = await findToken(trx, tokenHash, purpose);
    if (!found) return { status: "unknown" };
    const judged = judge(found, now);
    if (judged.status !== "pending") return judged;

    const moved = await trx
      .updateTable("signatures")
      .set({ status: "confirmed", confirmed_at: now })
      .where("id", "=", found.signature_id)
      .where("status", "=", "pending")
      .returning("id")
      .executeTakeFirst();
    if (!moved) return { status: "already-confirmed", campaignSlug: found.slug };

    // Both the link and the code are spent: whichever was used, the other is no longer needed.
    await trx.updateTable("signature_tokens").set({ used_at: now }).where("signature_id", "=", found.signature_id).execute();
    await trx
      .insertInto("signature_counts")
      .values({ campaign_id: found.campaign_id, country: found.country, shard: randomInt(COUNTER_SHARDS), n: 1 })
      .onConflict((oc) => oc.columns(["campaign_id", "country", "shard"]).doUpdateSet({ n: sql`signature_counts.n + 1` }))
      .execute();
    // Partners' webhooks, in this transaction: an event exists exactly when the confirmation does.
    if (crypto) {
      if (found.partner_id !== null) await queueSignatureConfirmed(trx, crypto, found.signature_id, now);
      await queueMilestones(trx, crypto, found.campaign_id, now);
    }
    return { status: "confirmed", campaignSlug: found.slug, campaignId: found.campaign_id, emailHmac: found.email_hmac };
  });
}
