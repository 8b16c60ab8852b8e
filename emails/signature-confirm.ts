import type { TFunction } from "i18next";
import { type RenderedEmail, buttonHtml, codeHtml, escapeHtml, htmlLayout, htmlWith, inLang, textFooter } from "./layout";
import { neutralWithdrawHtml, withdrawHtml, withdrawText } from "./withdraw";
import { consentHoldersHtml, consentHoldersText, type ConsentHolders } from "./consent-holders";

export interface SignatureConfirmEmail {
  t: TFunction;
  lang: string;
  dir: string;
  name: string;
  title: string;
  /** The language of `title`, when not the mail's (the signer's translation is incomplete). */
  titleLang?: string;
  confirmUrl: string;
  /** The code the signer may type on the page instead of following the link. */
  code?: string;
  withdrawUrl?: string;
  /**
   * The campaign asked for neutral mail: no title, no name, no brand — a reader of the inbox
   * learns only that some code was sent. The signer can confirm by code and delete the mail.
   */
  neutral?: boolean;
  /** Who may email the signer once they confirm; never shown in a neutral mail, which names nobody. */
  consent?: ConsentHolders;
}

export function renderSignatureConfirm(e: SignatureConfirmEmail): RenderedEmail {
  return e.neutral ? renderNeutral(e) : renderNamed(e);
}

function renderNamed(e: SignatureConfirmEmail): RenderedEmail {
  const { t } = e;
  const subject = t("confirm.subject", { title: e.title });
  const text = [
    t("confirm.greeting", { name: e.name }),
    "",
    t("confirm.intro", { title: e.title }),
    "",
    e.confirmUrl,
    "",
    ...(e.code ? [t("confirm.code"), e.code, ""] : []),
    t("confirm.expiry"),
    t("confirm.notYou"),
    ...(e.consent ? ["", consentHoldersText(t, e.consent)] : []),
    ...(e.withdrawUrl ? ["", withdrawText(t, e.withdrawUrl)] : []),
    textFooter(t),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    bodyHtml: `<p>${escapeHtml(t("confirm.greeting", { name: e.name }))}</p>
<p>${htmlWith((m) => t("confirm.intro", { title: m.title }), { title: inLang(e.title, e.titleLang, e.lang) })}</p>
${buttonHtml(e.confirmUrl, t("confirm.button"))}
${e.code ? codeHtml(t("confirm.code"), e.code) : ""}
<p>${escapeHtml(t("confirm.expiry"))}</p>
<p>${escapeHtml(t("confirm.notYou"))}</p>
${e.consent ? consentHoldersHtml(t, e.consent, e.lang) : ""}
${e.withdrawUrl ? withdrawHtml(t, e.withdrawUrl) : ""}`,
  });
  return { subject, text, html };
}

function renderNeutral(e: SignatureConfirmEmail): RenderedEmail {
  const { t } = e;
  const subject = t("neutral.subject");
  const text = [
    t("neutral.intro"),
    "",
    e.code ?? "",
    "",
    t("neutral.codeHint"),
    e.confirmUrl,
    "",
    t("neutral.notYou"),
    ...(e.withdrawUrl ? ["", t("neutral.withdraw"), e.withdrawUrl] : []),
    textFooter(t, true),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    neutral: true,
    bodyHtml: `${e.code ? codeHtml(t("neutral.intro"), e.code) : ""}
<p>${escapeHtml(t("neutral.codeHint"))}</p>
${buttonHtml(e.confirmUrl, t("neutral.button"))}
<p>${escapeHtml(t("neutral.notYou"))}</p>
${e.withdrawUrl ? neutralWithdrawHtml(t, e.withdrawUrl) : ""}`,
  });
  return { subject, text, html };
}
