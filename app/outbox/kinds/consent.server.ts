import { signatureConsent, type SignatureConsent } from "../../models/signature-consent.server";
import { unsubscribeMac } from "../../models/update.server";
import type { ConsentHolders } from "../../../emails/consent-holders";
import type { KindContext } from "./context.server";

/** The page that takes back the partner's permission alone, news and signature untouched. */
export function partnerOnlyUrl(ctx: Pick<KindContext, "publicUrl" | "secret">, lang: string, signatureId: string): string {
  return `${ctx.publicUrl}/${lang}/unsubscribe/${signatureId}/${unsubscribeMac(ctx.secret, signatureId)}?only=partner`;
}

/** The footer line's data, from what the signature stores (decision 073). */
export function consentHolders(c: SignatureConsent, campaignTitle: string, campaignTitleLang?: string, onlyUrl?: string): ConsentHolders {
  const partner = c.partnerConsent ? c.partnerName : null;
  return {
    campaignTitle,
    campaignTitleLang,
    campaignNews: c.campaignNews,
    partner,
    pending: c.pending,
    ...(partner !== null && onlyUrl ? { partnerOnlyUrl: onlyUrl } : {}),
  };
}

/** Read at sending, so the mail says what holds now (a signer may have unsubscribed since). */
export async function loadConsentHolders(
  ctx: Pick<KindContext, "db" | "publicUrl" | "secret">,
  lang: string,
  signatureId: string | undefined,
  campaignTitle: string,
  campaignTitleLang?: string,
): Promise<ConsentHolders | undefined> {
  const c = signatureId ? await signatureConsent(ctx.db, signatureId) : undefined;
  return c && consentHolders(c, campaignTitle, campaignTitleLang, partnerOnlyUrl(ctx, lang, signatureId!));
}
