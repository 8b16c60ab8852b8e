import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, textFooter, type RenderedEmail } from "./layout";

export interface SignatureAlreadyEmail {
  t: TFunction;
  lang: string;
  dir: string;
  title: string;
  campaignUrl: string;
}

/** Sent when a confirmed signer signs again: the page said "check your inbox", this says why. */
export function renderSignatureAlready(e: SignatureAlreadyEmail): RenderedEmail {
  const { t } = e;
  const subject = t("already.subject", { title: e.title });
  const text = [
    t("already.greeting"),
    "",
    t("already.body", { title: e.title }),
    "",
    t("already.share"),
    e.campaignUrl,
    textFooter(t),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    bodyHtml: `<p>${escapeHtml(t("already.greeting"))}</p>
<p>${escapeHtml(t("already.body", { title: e.title }))}</p>
<p>${escapeHtml(t("already.share"))}<br><a href="${escapeHtml(e.campaignUrl)}">${escapeHtml(e.campaignUrl)}</a></p>`,
  });
  return { subject, text, html };
}
