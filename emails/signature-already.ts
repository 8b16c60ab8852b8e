import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, htmlWith, inLang, textFooter, type RenderedEmail } from "./layout";
import { neutralWithdrawHtml, withdrawHtml, withdrawText } from "./withdraw";
import { consentHoldersHtml, consentHoldersText, type ConsentHolders } from "./consent-holders";

export interface SignatureAlreadyEmail {
  t: TFunction;
  lang: string;
  dir: string;
  title: string;
  /** The language of `title`, when not the mail's (the signer's translation is incomplete). */
  titleLang?: string;
  campaignUrl: string;
  withdrawUrl?: string;
  /** Neutral mail: says only that the request is already done, naming no campaign. */
  neutral?: boolean;
  /** Who may email the signer; never shown in a neutral mail, which names nobody. */
  consent?: ConsentHolders;
}

/** Sent when a confirmed signer signs again: the page said "check your inbox", this says why. */
export function renderSignatureAlready(e: SignatureAlreadyEmail): RenderedEmail {
  const { t } = e;
  if (e.neutral) {
    const subject = t("neutral.alreadySubject");
    const text = [t("neutral.already"), "", ...(e.withdrawUrl ? [t("neutral.withdraw"), e.withdrawUrl] : []), textFooter(t, true)].join("\n");
    const html = htmlLayout({
      lang: e.lang,
      dir: e.dir,
      title: subject,
      t,
      neutral: true,
      bodyHtml: `<p>${escapeHtml(t("neutral.already"))}</p>
${e.withdrawUrl ? neutralWithdrawHtml(t, e.withdrawUrl) : ""}`,
    });
    return { subject, text, html };
  }
  const subject = t("already.subject", { title: e.title });
  const text = [
    t("already.greeting"),
    "",
    t("already.body", { title: e.title }),
    "",
    t("already.share"),
    e.campaignUrl,
    ...(e.consent ? ["", consentHoldersText(t, e.consent)] : []),
    ...(e.withdrawUrl ? ["", withdrawText(t, e.withdrawUrl)] : []),
    textFooter(t),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    bodyHtml: `<p>${escapeHtml(t("already.greeting"))}</p>
<p>${htmlWith((m) => t("already.body", { title: m.title }), { title: inLang(e.title, e.titleLang, e.lang) })}</p>
<p>${escapeHtml(t("already.share"))}<br><a href="${escapeHtml(e.campaignUrl)}">${escapeHtml(e.campaignUrl)}</a></p>
${e.consent ? consentHoldersHtml(t, e.consent, e.lang) : ""}
${e.withdrawUrl ? withdrawHtml(t, e.withdrawUrl) : ""}`,
  });
  return { subject, text, html };
}
