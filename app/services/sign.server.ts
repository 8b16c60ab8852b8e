import type { CampaignView } from "../models/campaign.server";
import { isBlockedEmailDomain } from "../models/abuse.server";
import { verifyPow } from "../models/pow.server";
import type { LimitName } from "../models/rate-limit.server";
import { signCampaign } from "../models/signing.server";
import { parseSignatureForm, type SignatureField, type SignatureFormValues } from "../schemas/signature.server";
import type { Language } from "../lib/i18n";
import { signingPartner } from "./partner-lookup.server";
import { recipientKey, throttle, type ServiceContext, type Throttle } from "./context.server";

export type SignResult =
  | { kind: "invalid"; errors: Partial<Record<SignatureField, string>>; values: SignatureFormValues }
  | (Throttle & { values: SignatureFormValues })
  | { kind: "signed" };

/**
 * A signature posted to an open campaign. "signed" whatever became of it — new, pending or
 * already confirmed, mail sent or not: only the email differs.
 */
export async function sign(ctx: ServiceContext, campaign: CampaignView, lang: Language, form: FormData): Promise<SignResult> {
  const parsed = parseSignatureForm(form);
  if (!parsed.ok) return { kind: "invalid", errors: parsed.errors, values: parsed.values };
  const v = parsed.value;
  const values = {
    name: v.name,
    email: v.email,
    country: v.country,
    consent_updates: v.consent_updates,
    show_name: v.show_name,
    consent_partner: v.consent_partner,
  };
  if (await isBlockedEmailDomain(ctx.db, v.email)) {
    return { kind: "invalid", errors: { email: "emailDomainBlocked" }, values };
  }

  const { crypto, limiter } = ctx;
  const emailHmac = crypto.emailHmac(v.email);
  // During an attack a proof of work is asked for; a browser without JavaScript cannot give
  // one and joins a small shared queue instead (sign.nojs, per campaign).
  const powOk = campaign.powRequired && (await verifyPow(ctx.db, ctx.config.appSecret, campaign.id, String(form.get("altcha") ?? "")));
  const throttled = await throttle(
    limiter,
    ["sign.client", `${campaign.id}:${ctx.clientKey}`],
    ["sign.client.hour", `${campaign.id}:${ctx.clientKey}`],
    ["sign.domain", `${campaign.id}:${Buffer.from(crypto.domainHmac(v.email)).toString("base64url")}`],
    ["sign.campaign", String(campaign.id)],
    ...(campaign.powRequired && !powOk ? [["sign.nojs", String(campaign.id)] as [LimitName, string]] : []),
  );
  if (throttled) return { ...throttled, values };
  // Nobody can use the form to flood an inbox: past its hourly allowance an address gets no
  // more mail, and the page stays the same so it tells nothing about the address.
  const sendMail = await limiter.tryConsume("mail.recipient", recipientKey(emailHmac));
  // A link or embed of a partner that left (or never was) signs for the campaign alone.
  const partner = v.partner ? await signingPartner(ctx.db, campaign.id, v.partner) : undefined;

  await signCampaign(
    ctx.db,
    crypto,
    {
      campaignId: campaign.id,
      campaignSlug: campaign.slug,
      campaignTitle: campaign.content.title,
      campaignTitleLang: campaign.content.locale,
      name: v.name,
      email: v.email,
      country: v.country,
      locale: lang,
      consentUpdates: v.consent_updates,
      showName: v.show_name,
      source: v.source,
      partnerId: partner?.id ?? null,
      consentPartner: !!partner && v.consent_partner,
      sendMail,
      neutralMail: campaign.neutralMail,
    },
    new URL(ctx.config.publicUrl).hostname,
  );
  ctx.wakeOutbox();
  // Same answer for a new signature, a pending one and a confirmed one: only the email differs.
  return { kind: "signed" };
}
