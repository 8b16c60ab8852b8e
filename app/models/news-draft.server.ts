import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { enqueue } from "./outbox.server";
import { insertUpdate, queueUpdateMails, type UpdateText } from "./update.server";

/**
 * News waits as a draft until an organiser has seen its preview and confirmed the send
 * (decision 066). A draft is shown nowhere public and mails nobody.
 */
export async function draftUpdate(db: DB, campaignId: number, organiserId: number, texts: Record<string, UpdateText>): Promise<number> {
  return db.transaction().execute((trx) => insertUpdate(trx, { campaign_id: campaignId, organiser_id: organiserId, status: "draft" }, texts));
}

export interface DraftVersion extends UpdateText {
  locale: string;
}

/** A draft or sent update of this campaign with its versions by language code; undefined when not this campaign's. */
export async function updateWithVersions(db: DB, campaignId: number, updateId: number) {
  const rows = await db
    .selectFrom("campaign_updates as u")
    .innerJoin("campaign_update_texts as t", "t.update_id", "u.id")
    .select(["u.status", "t.locale", "t.title", "t.body"])
    .where("u.id", "=", updateId)
    .where("u.campaign_id", "=", campaignId)
    .orderBy("t.locale")
    .execute();
  if (!rows.length) return undefined;
  return { id: updateId, status: rows[0].status, versions: rows.map(({ locale, title, body }): DraftVersion => ({ locale, title, body })) };
}

/**
 * Who would get the news now, by the language each signed in: confirmed signers of the campaign
 * who asked for news — the same rows queueUpdateMails mails.
 */
export async function updateAudience(db: DB, campaignId: number): Promise<{ locale: string; count: number }[]> {
  const rows = await db
    .selectFrom("signatures")
    .select(["locale", sql<string>`count(*)`.as("n")])
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "confirmed")
    .where("consent_updates", "=", true)
    .groupBy("locale")
    .orderBy("locale")
    .execute();
  return rows.map((r) => ({ locale: r.locale, count: Number(r.n) }));
}

/**
 * Send a draft: flip it to 'sent' and queue its mails in one transaction. The flip is guarded by
 * `status = 'draft'`, so of two confirms of the same draft (a double click, a resent form) only
 * one finds a row to flip; the other queues nothing and hears "already sent".
 */
export async function sendDraft(
  db: DB,
  crypto: Crypto,
  campaignId: number,
  updateId: number,
  mailDomain: string,
): Promise<{ kind: "sent"; queued: number } | { kind: "already-sent" } | { kind: "not-found" }> {
  return db.transaction().execute(async (trx) => {
    const flipped = await trx
      .updateTable("campaign_updates")
      .set({ status: "sent", sent_at: sql`now()`, created_at: sql`now()` })
      .where("id", "=", updateId)
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "draft")
      .returning("id")
      .executeTakeFirst();
    if (!flipped) {
      const own = await trx.selectFrom("campaign_updates").select("id").where("id", "=", updateId).where("campaign_id", "=", campaignId).executeTakeFirst();
      return own ? { kind: "already-sent" } : { kind: "not-found" };
    }
    return { kind: "sent", queued: await queueUpdateMails(trx, crypto, campaignId, updateId, mailDomain) };
  });
}

/** One test of an update to an organiser's own address, in their language; tied to no campaign count. */
export async function queueUpdateTest(db: DB, crypto: Crypto, to: string, lang: string, updateId: number, mailDomain: string): Promise<void> {
  await enqueue(db, crypto, { kind: "campaign-update-test", payload: { to, lang, updateId } }, mailDomain);
}
