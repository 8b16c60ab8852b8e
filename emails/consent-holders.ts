import type { TFunction } from "i18next";
import { escapeHtml, htmlWith, inLang } from "./layout";

/**
 * Who holds a signer's permission to email them about one campaign, as stored on their signature:
 * the campaign's organisers (news, `consent_updates`) and the partner they came by, when they
 * ticked its box (`consent_partner`). Every named mail to a signer says so (decision 073).
 */
export interface ConsentHolders {
  campaignTitle: string;
  /** The language of campaignTitle, when not the mail's. */
  campaignTitleLang?: string;
  /** The organisers may send campaign news. */
  campaignNews: boolean;
  /** The partner that holds the signer's permission, if one does. */
  partner: string | null;
  /** The signature is not confirmed yet: the permissions hold only once it is. */
  pending: boolean;
  /**
   * Where to take back the partner's permission alone (the unsubscribe page with `?only=partner`),
   * for mails that carry no unsubscribe link of their own; only when a partner holds it.
   */
  partnerOnlyUrl?: string;
}

/** The holders as "A and B": two at most, so one joining word per language (Intl's lists read oddly in Burmese). */
function holders(t: TFunction, c: ConsentHolders, organisers: string, partner: string | null): string | null {
  const names = [...(c.campaignNews ? [organisers] : []), ...(c.partner !== null && partner !== null ? [partner] : [])];
  if (names.length === 0) return null;
  return names.length === 1 ? names[0] : t("consentHolders.list", { first: names[0], second: names[1] });
}

const sentenceKey = (c: ConsentHolders) => (c.pending ? "consentHolders.pending" : "consentHolders.held");

/** The plain-text lines: who may email them, and that withdrawing the signature takes it all back. */
export function consentHoldersText(t: TFunction, c: ConsentHolders): string {
  const list = holders(t, c, t("consentHolders.organisers", { title: c.campaignTitle }), c.partner);
  const line = list === null ? t("consentHolders.nobody") : t(sentenceKey(c), { holders: list });
  if (list === null) return line;
  const only = c.partner !== null && c.partnerOnlyUrl ? `\n${t("consentHolders.partnerOnly", { partner: c.partner })}\n${c.partnerOnlyUrl}` : "";
  return `${line}\n${t("consentHolders.withdraw")}${only}`;
}

/** The same in HTML, the title marked with its language; every value escaped once. */
export function consentHoldersHtml(t: TFunction, c: ConsentHolders, mailLang: string): string {
  const organisers = htmlWith((m) => t("consentHolders.organisers", { title: m.title }), {
    title: inLang(c.campaignTitle, c.campaignTitleLang, mailLang),
  });
  const list = holders(t, c, "\uE100", c.partner === null ? null : "\uE101");
  if (list === null) return `<p style="font-size:13px;color:#555">${escapeHtml(t("consentHolders.nobody"))}</p>`;
  const sentence = htmlWith((m) => t(sentenceKey(c), { holders: list.replace("\uE100", m.organisers).replace("\uE101", m.partner) }), {
    organisers,
    partner: escapeHtml(c.partner ?? ""),
  });
  const only =
    c.partner !== null && c.partnerOnlyUrl
      ? `<br><a href="${escapeHtml(c.partnerOnlyUrl)}">${escapeHtml(t("consentHolders.partnerOnlyLink", { partner: c.partner }))}</a>`
      : "";
  return `<p style="font-size:13px;color:#555">${sentence}<br>${escapeHtml(t("consentHolders.withdraw"))}${only}</p>`;
}
