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
  // During an attack a proof of work is asked for; a browser without JavaScript cannot give
  // one and joins a small shared queue instead (sign.nojs, per campaign).
  const powOk = campaign.powRequired && (await verifyPow(ctx.db, ctx.config.appSecret, campaign.id, String(form.get("altcha") ?? "")));
  // A link or embed of a partner that left (or never was) signs for the campaign alone.
  const partner = v.partner ? await signingPartner(ctx.db, campaign.id, v.partner) : undefined;
  const result = await signChecked(
    ctx,
    campaign,
    {
      name: v.name,
      email: v.email,
      country: v.country,
      locale: lang,
      consentUpdates: v.consent_updates,
      showName: v.show_name,
      source: v.source,
      partnerId: partner?.id ?? null,
      consentPartner: !!partner && v.consent_partner,
    },
    {
      first: [
        ["sign.client", `${campaign.id}:${ctx.clientKey}`],
        ["sign.client.hour", `${campaign.id}:${ctx.clientKey}`],
      ],
      last: campaign.powRequired && !powOk ? [["sign.nojs", String(campaign.id)]] : [],
    },
  );
  if (result.kind === "emailDomainBlocked") return { kind: "invalid", errors: { email: "emailDomainBlocked" }, values };
  if (result.kind === "throttled") return { ...result, values };
  // Same answer for a new signature, a pending one and a confirmed one: only the email differs.
  return { kind: "signed" };
}

/** One signature to write, whoever collected it: the signing form or a partner's tool (OSDI). */
export interface CheckedSignature {
  name: string;
  email: string;
  country: string;
  /** The signer's language: their confirmation mail is written in it. */
  locale: Language;
  consentUpdates: boolean;
  showName: boolean;
  source: string | null;
  partnerId: number | null;
  consentPartner: boolean;
}

export type CheckedResult = { kind: "emailDomainBlocked" } | Throttle | { kind: "signed" };

/**
 * The checks every new signature passes and its writing, shared by the form and the OSDI API so
 * that neither is a way around the other's rules: the email-domain rules, the throttles (the
 * caller's own first — per visitor address for the form, per token for the API — then per
 * email domain and per campaign, then `last`), the address's hourly mail allowance, then the
 * one statement that writes the signature and queues its confirmation mail.
 */
export async function signChecked(
  ctx: ServiceContext,
  campaign: CampaignView,
  s: CheckedSignature,
  throttles: { first: [LimitName, string][]; last?: [LimitName, string][] },
): Promise<CheckedResult> {
  if (await isBlockedEmailDomain(ctx.db, s.email)) return { kind: "emailDomainBlocked" };
  const { crypto, limiter } = ctx;
  const throttled = await throttle(
    limiter,
    ...throttles.first,
    ["sign.domain", `${campaign.id}:${Buffer.from(crypto.domainHmac(s.email)).toString("base64url")}`],
    ["sign.campaign", String(campaign.id)],
    ...(throttles.last ?? []),
  );
  if (throttled) return throttled;
  // Nobody can use the form (or a token) to flood an inbox: past its hourly allowance an address
  // gets no more mail, and the answer stays the same so it tells nothing about the address.
  const sendMail = await limiter.tryConsume("mail.recipient", recipientKey(crypto.emailHmac(s.email)));
  await signCampaign(
    ctx.db,
    crypto,
    {
      campaignId: campaign.id,
      campaignSlug: campaign.slug,
      campaignTitle: campaign.content.title,
      campaignTitleLang: campaign.content.locale,
      name: s.name,
      email: s.email,
      country: s.country,
      locale: s.locale,
      consentUpdates: s.consentUpdates,
      showName: s.showName,
      source: s.source,
      partnerId: s.partnerId,
      consentPartner: s.consentPartner,
      sendMail,
      neutralMail: campaign.neutralMail,
    },
    new URL(ctx.config.publicUrl).hostname,
  );
  ctx.wakeOutbox();
  return { kind: "signed" };
}
