import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, htmlWith, inLang, textFooter, type RenderedEmail } from "./layout";

export interface WebhookPausedEmail {
  t: TFunction;
  lang: string;
  dir: string;
  partnerName: string;
  campaignTitle: string;
  /** The language the title is written in, when it is not the mail's. */
  campaignTitleLang?: string;
  /** When the deliveries began to fail, formatted for the reader. */
  failingSince: string;
  /** The last answer or network error, as the receiver gave it (shown as text). */
  lastError: string | null;
  dashboardUrl: string;
}

/**
 * A partner's webhook failed without a break for three days and Padauk stopped calling it:
 * events are kept, and a person resumes deliveries from the dashboard once the endpoint works.
 */
export function renderWebhookPaused(e: WebhookPausedEmail): RenderedEmail {
  const { t } = e;
  const subject = t("webhookPaused.subject", { partner: e.partnerName });
  const text = [
    t("webhookPaused.body", { partner: e.partnerName, campaign: e.campaignTitle, since: e.failingSince }),
    "",
    ...(e.lastError ? [t("webhookPaused.lastError", { error: e.lastError }), ""] : []),
    t("webhookPaused.kept"),
    "",
    t("webhookPaused.cta"),
    e.dashboardUrl,
    textFooter(t, false, t("webhookPaused.footer")),
  ].join("\n");
  const html = htmlLayout({
    lang: e.lang,
    dir: e.dir,
    title: subject,
    t,
    footer: t("webhookPaused.footer"),
    bodyHtml: `<p>${htmlWith((m) => t("webhookPaused.body", { partner: m.partner, campaign: m.campaign, since: m.since }), {
      partner: escapeHtml(e.partnerName),
      campaign: inLang(e.campaignTitle, e.campaignTitleLang, e.lang),
      since: escapeHtml(e.failingSince),
    })}</p>
${e.lastError ? `<p>${htmlWith((m) => t("webhookPaused.lastError", { error: m.error }), { error: `<code>${escapeHtml(e.lastError)}</code>` })}</p>` : ""}
<p>${escapeHtml(t("webhookPaused.kept"))}</p>
${buttonHtml(e.dashboardUrl, t("webhookPaused.cta"))}`,
  });
  return { subject, text, html };
}
