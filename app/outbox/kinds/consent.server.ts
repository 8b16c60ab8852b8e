import type { DB } from "../../../db/index";
import { signatureConsent, type SignatureConsent } from "../../models/signature-consent.server";
import type { ConsentHolders } from "../../../emails/consent-holders";

/** The footer line's data, from what the signature stores (decision 073). */
export function consentHolders(c: SignatureConsent, campaignTitle: string, campaignTitleLang?: string): ConsentHolders {
  return { campaignTitle, campaignTitleLang, campaignNews: c.campaignNews, partner: c.partnerConsent ? c.partnerName : null, pending: c.pending };
}

/** Read at sending, so the mail says what holds now (a signer may have unsubscribed since). */
export async function loadConsentHolders(
  db: DB,
  signatureId: string | undefined,
  campaignTitle: string,
  campaignTitleLang?: string,
): Promise<ConsentHolders | undefined> {
  const c = signatureId ? await signatureConsent(db, signatureId) : undefined;
  return c && consentHolders(c, campaignTitle, campaignTitleLang);
}
