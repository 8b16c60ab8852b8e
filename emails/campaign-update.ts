import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, htmlWith, inLang, textFooter, type RenderedEmail } from "./layout";
import { withdrawHtml, withdrawText } from "./withdraw";
import { consentHoldersHtml, consentHoldersText, type ConsentHolders } from "./consent-holders";
import { markdownToText } from "../app/lib/markdown-text";

export interface CampaignUpdateEmail {
  t: TFunction;
  lang: string;
  dir: string;
  campaignTitle: string;
  /** The language of campaignTitle, when not the mail's. */
  campaignTitleLang?: string;
  title: string;
  /** The language of the news (title and body) when not the mail's: the default language's version, theirs being incomplete. */
  updateLang?: string;
  /** The update's Markdown source (the text part shows it as plain text) and its sanitised HTML. */
  bodyText: string;
  bodyHtml: string;
  campaignUrl: string;
  unsubscribeUrl: string;
  withdrawUrl?: string;
  /** Who may email this signer: the organisers (this news) and, if they allowed it, the partner they came by. */
  consent: ConsentHolders;
}

/** News for a signer who ticked "email me news": always with a one-click way to stop. */
export function renderCampaignUpdate(e: CampaignUpdateEmail): RenderedEmail {
  const { t } = e;
  const text = [
    e.title,
    "",
    markdownToText(e.bodyText),
    "",
    e.campaignUrl,
    "",
    t("update.why", { title: e.campaignTitle }),
    t("update.stop"),
    e.unsubscribeUrl,
    "",
    consentHoldersText(t, e.consent),
    ...(e.withdrawUrl ? ["", withdrawText(t, e.withdrawUrl)] : []),
    textFooter(t),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: e.title,
    t,
    bodyHtml: `<div${e.updateLang && e.updateLang !== e.lang ? ` lang="${escapeHtml(e.updateLang)}"` : ""}>
<h1 style="font-size:20px">${escapeHtml(e.title)}</h1>
${e.bodyHtml}
</div>
<p><a href="${escapeHtml(e.campaignUrl)}">${inLang(e.campaignTitle, e.campaignTitleLang, e.lang)}</a></p>
<p style="font-size:13px;color:#555">${htmlWith((m) => t("update.why", { title: m.title }), { title: inLang(e.campaignTitle, e.campaignTitleLang, e.lang) })}<br><a href="${escapeHtml(e.unsubscribeUrl)}">${escapeHtml(t("update.stop"))}</a></p>
${consentHoldersHtml(t, e.consent, e.lang)}
${e.withdrawUrl ? withdrawHtml(t, e.withdrawUrl) : ""}`,
  });
  return { subject: e.title, text, html };
}
