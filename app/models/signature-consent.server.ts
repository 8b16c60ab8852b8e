// Who holds a signer's permission to email them: the campaign's organisers (news) and the partner
// the signature came by, when the signer ticked its box. Read for every named mail to the signer.

import type { DB } from "../../db/index";

export interface SignatureConsent {
  pending: boolean;
  /** The organisers may send campaign news. */
  campaignNews: boolean;
  /** The partner the signature came by, whether or not it holds the signer's permission. */
  partnerName: string | null;
  /** That partner may email the signer about its work. */
  partnerConsent: boolean;
}

/** The consent stored on one signature; undefined when it is gone (withdrawn). */
export async function signatureConsent(db: DB, signatureId: string): Promise<SignatureConsent | undefined> {
  const row = await db
    .selectFrom("signatures as s")
    .leftJoin("partners as p", "p.id", "s.partner_id")
    .select(["s.status", "s.consent_updates", "s.consent_partner", "p.name as partner_name"])
    .where("s.id", "=", signatureId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    pending: row.status === "pending",
    campaignNews: row.consent_updates,
    partnerName: row.partner_name,
    partnerConsent: row.consent_partner && row.partner_name !== null,
  };
}

/**
 * The signer takes back the attributing partner's permission (the unsubscribe page's second
 * choice); the signature, its attribution and the campaign's news stay as they are.
 */
export async function withdrawPartnerConsent(db: DB, signatureId: string): Promise<void> {
  await db.updateTable("signatures").set({ consent_partner: false }).where("id", "=", signatureId).execute();
}
