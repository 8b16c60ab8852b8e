import type { DB } from "../../db/index";
import { checkSignatureLinkMac, signatureLinkMac, type Crypto } from "../lib/crypto.server";
import { isWritten } from "./campaign-admin.server";
import { enqueueMany } from "./outbox.server";
import { queueResponseRecorded } from "./webhook.server";

export interface UpdateText {
  title: string;
  body: string;
}

export type UpdateField = keyof UpdateText;
/** A news item is complete in a language, and shown or mailed in it, when both are written. */
export const UPDATE_FIELDS: UpdateField[] = ["title", "body"];

export function missingUpdateFields(text: Partial<UpdateText> | undefined): UpdateField[] {
  return UPDATE_FIELDS.filter((f) => !isWritten(text?.[f]));
}

/**
 * The version a reader of `lang` gets: theirs when complete, else the default language's (which
 * posting requires), else any complete one. Never a half-written version while another exists.
 */
export function versionFor<V extends UpdateText & { locale: string }>(versions: V[], lang: string, defaultLocale: string): V | undefined {
  const complete = versions.filter((v) => missingUpdateFields(v).length === 0);
  return (
    complete.find((v) => v.locale === lang) ??
    complete.find((v) => v.locale === defaultLocale) ??
    complete[0] ??
    versions.find((v) => v.locale === defaultLocale) ??
    versions[0]
  );
}

/**
 * Post an update and queue one mail per confirmed signer who ticked consent_updates, in the same
 * transaction: every such signer gets it exactly when the update exists. Returns how many mails.
 * The dashboard never calls this: it drafts, previews and then sends with sendDraft
 * (news-draft.server.ts, decision 066); this one-step post is for tests and scripts.
 */
export async function postUpdate(
  db: DB,
  crypto: Crypto,
  campaignId: number,
  organiserId: number,
  texts: Record<string, UpdateText>,
  mailDomain: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const id = await insertUpdate(trx, { campaign_id: campaignId, organiser_id: organiserId, sent_at: new Date() }, texts);
    return queueUpdateMails(trx, crypto, campaignId, id, mailDomain);
  });
}

/** An update row and its texts, one per language (inside the caller's transaction). */
export async function insertUpdate(
  trx: DB,
  row: { campaign_id: number; organiser_id: number; sent_at?: Date; status?: "draft" },
  texts: Record<string, UpdateText>,
): Promise<number> {
  const { id } = await trx.insertInto("campaign_updates").values(row).returning("id").executeTakeFirstOrThrow();
  await trx
    .insertInto("campaign_update_texts")
    .values(Object.entries(texts).map(([locale, t]) => ({ update_id: id, locale, title: t.title, body: t.body })))
    .execute();
  return id;
}

/** One mail per confirmed signer who ticked consent_updates, in the caller's transaction. */
export async function queueUpdateMails(trx: DB, crypto: Crypto, campaignId: number, updateId: number, mailDomain: string): Promise<number> {
  let queued = 0;
  let after = "0";
  for (;;) {
    const signers = await trx
      .selectFrom("signatures")
      .select("id")
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "confirmed")
      .where("consent_updates", "=", true)
      .where("id", ">", after)
      .orderBy("id")
      .limit(1000)
      .execute();
    if (!signers.length) break;
    after = signers[signers.length - 1].id;
    queued += await enqueueMany(
      trx,
      crypto,
      signers.map((s) => ({ kind: "campaign-update", payload: { signatureId: s.id, updateId } })),
      mailDomain,
      { campaignId },
    );
  }
  return queued;
}

export interface PublicUpdate {
  id: number;
  createdAt: Date;
  locale: string;
  title: string;
  body: string;
}

/** Every version of each update of a campaign: newest update first, its versions by language code. */
async function updateVersions(db: DB, campaignId: number): Promise<PublicUpdate[][]> {
  const rows = await db
    .selectFrom("campaign_updates as u")
    .innerJoin("campaign_update_texts as t", "t.update_id", "u.id")
    .select(["u.id", "u.created_at", "t.locale", "t.title", "t.body"])
    .where("u.campaign_id", "=", campaignId)
    // A draft is seen only on its confirmation page, until it is sent.
    .where("u.status", "=", "sent")
    .orderBy("u.id", "desc")
    .orderBy("t.locale")
    .execute();
  const byUpdate = new Map<number, PublicUpdate[]>();
  for (const r of rows)
    byUpdate.set(r.id, [...(byUpdate.get(r.id) ?? []), { id: r.id, createdAt: r.created_at, locale: r.locale, title: r.title, body: r.body }]);
  return [...byUpdate.values()];
}

/** Updates of a campaign, newest first, each in `lang` where complete, else in the default language. */
export async function campaignUpdates(db: DB, campaignId: number, lang: string, defaultLocale: string): Promise<PublicUpdate[]> {
  return (await updateVersions(db, campaignId)).map((versions) => versionFor(versions, lang, defaultLocale)!);
}

/** For the organisers: each update with every version written, complete or not. */
export async function campaignUpdatesForOrganisers(db: DB, campaignId: number): Promise<{ id: number; createdAt: Date; versions: PublicUpdate[] }[]> {
  return (await updateVersions(db, campaignId)).map((versions) => ({ id: versions[0].id, createdAt: versions[0].createdAt, versions }));
}

/**
 * Adds or corrects an update's versions after it was posted (a translation written later);
 * nothing is mailed again. A language left with neither title nor text is removed. Returns
 * false when the update is not one of this campaign's.
 */
export async function saveUpdateTexts(db: DB, campaignId: number, updateId: number, texts: Record<string, UpdateText>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const own = await trx.selectFrom("campaign_updates").select("id").where("id", "=", updateId).where("campaign_id", "=", campaignId).executeTakeFirst();
    if (!own) return false;
    for (const [locale, t] of Object.entries(texts)) {
      if (!t.title && !t.body) {
        await trx.deleteFrom("campaign_update_texts").where("update_id", "=", updateId).where("locale", "=", locale).execute();
        continue;
      }
      await trx
        .insertInto("campaign_update_texts")
        .values({ update_id: updateId, locale, title: t.title, body: t.body })
        .onConflict((oc) => oc.columns(["update_id", "locale"]).doUpdateSet({ title: t.title, body: t.body }))
        .execute();
    }
    return true;
  });
}

/** One update in the signer's language where complete (or the nearest), for the mail. */
export async function updateFor(db: DB, updateId: number, lang: string) {
  const rows = await db
    .selectFrom("campaign_update_texts as t")
    .innerJoin("campaign_updates as u", "u.id", "t.update_id")
    .innerJoin("campaigns as c", "c.id", "u.campaign_id")
    .select(["t.locale", "t.title", "t.body", "c.slug", "c.default_locale"])
    .where("t.update_id", "=", updateId)
    .orderBy("t.locale")
    .execute();
  return rows.length ? versionFor(rows, lang, rows[0].default_locale) : undefined;
}

/**
 * An official's answer, recorded by an organiser. With `webhooks` (the service passes it), the
 * campaign's partners' `response.recorded` events are queued in the same transaction.
 */
export async function recordResponse(
  db: DB,
  campaignId: number,
  r: { responder: string; respondedOn: string; text: string; url: string | null },
  webhooks?: { crypto: Crypto; publicUrl: string },
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("campaign_responses")
      .values({ campaign_id: campaignId, responder: r.responder, responded_on: r.respondedOn, text: r.text, url: r.url })
      .execute();
    if (webhooks) await queueResponseRecorded(trx, webhooks.crypto, campaignId, r, webhooks.publicUrl);
  });
}

export async function campaignResponses(db: DB, campaignId: number) {
  const rows = await db
    .selectFrom("campaign_responses")
    .select(["id", "responder", "responded_on", "text", "url"])
    .where("campaign_id", "=", campaignId)
    .orderBy("responded_on", "desc")
    .execute();
  return rows.map((r) => ({ ...r, respondedOn: new Date(r.responded_on).toISOString().slice(0, 10) }));
}

/** The unsubscribe link's proof: an HMAC of the signature id, so nobody can unsubscribe others. */
export function unsubscribeMac(secret: string, signatureId: string): string {
  return signatureLinkMac(secret, "unsubscribe", signatureId);
}

export function checkUnsubscribeMac(secret: string, signatureId: string, mac: string): boolean {
  return checkSignatureLinkMac(secret, "unsubscribe", signatureId, mac);
}

/**
 * No more updates to this signer; their signature still counts. With `alsoPartner`, the partner
 * they came by loses its permission too (the unsubscribe page's second choice, decision 073).
 */
export async function unsubscribe(db: DB, signatureId: string, opts: { alsoPartner?: boolean } = {}): Promise<string | null> {
  const row = await db
    .updateTable("signatures")
    .set({ consent_updates: false, ...(opts.alsoPartner ? { consent_partner: false } : {}) })
    .where("id", "=", signatureId)
    .returning("locale")
    .executeTakeFirst();
  return row?.locale ?? null;
}

/**
 * What the worker needs to mail an update to one signer, with the partner that also holds their
 * permission (for the mail's footer, decision 073); undefined when they no longer want news.
 */
export async function updateRecipient(db: DB, crypto: Crypto, signatureId: string) {
  const s = await db
    .selectFrom("signatures as s")
    .leftJoin("partners as p", "p.id", "s.partner_id")
    .select(["s.email_enc", "s.locale", "s.consent_updates", "s.status", "s.consent_partner", "p.name as partner_name"])
    .where("s.id", "=", signatureId)
    .executeTakeFirst();
  if (!s || !s.consent_updates || s.status !== "confirmed") return undefined;
  return { to: crypto.decrypt(s.email_enc), locale: s.locale, consentPartner: s.consent_partner ? s.partner_name : null };
}
