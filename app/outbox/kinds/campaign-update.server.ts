import { findPublicCampaign } from "../../models/campaign.server";
import { fixedT } from "../../lib/i18n.server";
import { textDirection } from "../../lib/i18n";
import { renderCampaignUpdate } from "../../../emails/campaign-update";
import { unsubscribeMac, updateFor, updateRecipient } from "../../models/update.server";
import { renderMarkdown } from "../../lib/markdown.server";
import type { OutboxPayload } from "../../models/outbox.server";
import { Unsendable, language, type KindContext, type RenderedMail } from "./context.server";

/** News about a campaign for one signer who asked for it; address and text are read at sending. */
export async function campaignUpdateMail(ctx: KindContext, payload: OutboxPayload<"campaign-update">): Promise<RenderedMail> {
  const { db, crypto, publicUrl, secret, withdrawUrl } = ctx;
  const recipient = await updateRecipient(db, crypto, payload.signatureId);
  if (!recipient) throw new Unsendable("recipient unsubscribed or signature no longer confirmed");
  const lang = language(recipient.locale);
  const update = await updateFor(db, payload.updateId, lang);
  if (!update) throw new Unsendable("update deleted");
  const campaign = await findPublicCampaign(db, update.slug, lang);
  const unsubscribeUrl = `${publicUrl}/${lang}/unsubscribe/${payload.signatureId}/${unsubscribeMac(secret, payload.signatureId)}`;
  return {
    to: recipient.to,
    lang,
    // RFC 8058: mail clients show an "unsubscribe" button that POSTs here, no page needed.
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    ...renderCampaignUpdate({
      t: fixedT(lang, "email"),
      lang,
      dir: textDirection(lang),
      campaignTitle: campaign?.content.title ?? update.slug,
      campaignTitleLang: campaign?.content.locale,
      title: update.title,
      updateLang: update.locale,
      bodyText: update.body,
      bodyHtml: renderMarkdown(update.body),
      campaignUrl: `${publicUrl}/${lang}/campaigns/${update.slug}`,
      unsubscribeUrl,
      withdrawUrl: withdrawUrl(lang, payload.signatureId),
    }),
  };
}
