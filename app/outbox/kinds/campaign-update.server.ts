import type { DB } from "../../../db/index";
import { findPublicCampaign } from "../../models/campaign.server";
import { fixedT } from "../../lib/i18n.server";
import { textDirection } from "../../lib/i18n";
import { renderCampaignUpdate } from "../../../emails/campaign-update";
import { unsubscribeMac, updateFor, updateRecipient } from "../../models/update.server";
import { deleteMac } from "../../models/withdrawal.server";
import { renderMarkdown } from "../../lib/markdown.server";
import type { RenderedEmail } from "../../../emails/layout";
import type { OutboxPayload } from "../../models/outbox.server";
import { Unsendable, language, type KindContext, type RenderedMail } from "./context.server";
import type { Language } from "../../lib/i18n";

/**
 * The signature id the preview and the test mail put in their links: no signature has it, so
 * its unsubscribe and withdraw links change nothing. Each signer's mail carries their own.
 */
export const SAMPLE_SIGNATURE = "0";

type RenderContext = Pick<KindContext, "db" | "publicUrl" | "secret" | "withdrawUrl">;

/** The news mail for a reader of `lang` and their signature: the one renderer of signers' mail, the test and the preview. */
async function renderUpdate(ctx: RenderContext, updateId: number, lang: Language, signatureId: string, partner: string | null) {
  const update = await updateFor(ctx.db, updateId, lang);
  if (!update) return undefined;
  const campaign = await findPublicCampaign(ctx.db, update.slug, lang);
  const unsubscribeUrl = `${ctx.publicUrl}/${lang}/unsubscribe/${signatureId}/${unsubscribeMac(ctx.secret, signatureId)}`;
  const campaignTitle = campaign?.content.title ?? update.slug;
  const mail = renderCampaignUpdate({
    t: fixedT(lang, "email"),
    lang,
    dir: textDirection(lang),
    campaignTitle,
    campaignTitleLang: campaign?.content.locale,
    title: update.title,
    updateLang: update.locale,
    bodyText: update.body,
    bodyHtml: renderMarkdown(update.body),
    campaignUrl: `${ctx.publicUrl}/${lang}/campaigns/${update.slug}`,
    unsubscribeUrl,
    withdrawUrl: ctx.withdrawUrl(lang, signatureId),
    // A news mail goes only to a confirmed signer who wants news: the organisers hold it, and the partner if allowed.
    consent: { campaignTitle, campaignTitleLang: campaign?.content.locale, campaignNews: true, partner, pending: false },
  });
  return { mail, unsubscribeUrl, versionLocale: update.locale };
}

/** News about a campaign for one signer who asked for it; address and text are read at sending. */
export async function campaignUpdateMail(ctx: KindContext, payload: OutboxPayload<"campaign-update">): Promise<RenderedMail> {
  const recipient = await updateRecipient(ctx.db, ctx.crypto, payload.signatureId);
  if (!recipient) throw new Unsendable("recipient unsubscribed or signature no longer confirmed");
  const lang = language(recipient.locale);
  const rendered = await renderUpdate(ctx, payload.updateId, lang, payload.signatureId, recipient.consentPartner);
  if (!rendered) throw new Unsendable("update deleted");
  return {
    to: recipient.to,
    lang,
    // RFC 8058: mail clients show an "unsubscribe" button that POSTs here, no page needed.
    headers: { "List-Unsubscribe": `<${rendered.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    ...rendered.mail,
  };
}

/** The same mail a signer reading `lang` gets, to an organiser's own address, its subject marked as a test. */
export async function campaignUpdateTestMail(ctx: KindContext, payload: OutboxPayload<"campaign-update-test">): Promise<RenderedMail> {
  const lang = language(payload.lang);
  const rendered = await renderUpdate(ctx, payload.updateId, lang, SAMPLE_SIGNATURE, null);
  if (!rendered) throw new Unsendable("update deleted");
  const subject = fixedT(lang, "email")("update.testSubject", { title: rendered.mail.subject });
  return { to: payload.to, lang, ...rendered.mail, subject };
}

/**
 * The mail as a signer who signed in `signerLocale` would get it, for the confirmation page:
 * rendered by the code the worker runs, with the sample signature's links.
 */
export async function previewCampaignUpdate(
  db: DB,
  publicUrl: string,
  secret: string,
  updateId: number,
  signerLocale: string,
): Promise<{ lang: string; versionLocale: string; mail: RenderedEmail } | undefined> {
  const lang = language(signerLocale);
  const withdrawUrl = (l: string, id: string | undefined) => (id ? `${publicUrl}/${l}/signatures/${id}/withdraw/${deleteMac(secret, id)}` : undefined);
  const rendered = await renderUpdate({ db, publicUrl, secret, withdrawUrl }, updateId, lang, SAMPLE_SIGNATURE, null);
  return rendered && { lang, versionLocale: rendered.versionLocale, mail: rendered.mail };
}
