import { renderWebhookPaused } from "../../../emails/webhook-paused";
import { fixedT } from "../../lib/i18n.server";
import { formatDate, textDirection } from "../../lib/i18n";
import { titledCampaigns } from "../../models/campaign-titles.server";
import type { OutboxPayload } from "../../models/outbox.server";
import { language, type KindContext, type RenderedMail } from "./context.server";

/** A partner's webhook was paused after three days of failures: to its people, or the campaign's organisers. */
export async function webhookPausedMail(ctx: KindContext, payload: OutboxPayload<"webhook-paused">): Promise<RenderedMail> {
  const lang = language(payload.lang);
  const [campaign] = await titledCampaigns(ctx.db, lang, [payload.campaignId]);
  return {
    to: payload.to,
    lang,
    ...renderWebhookPaused({
      t: fixedT(lang, "email"),
      lang,
      dir: textDirection(lang),
      partnerName: payload.partnerName,
      campaignTitle: campaign?.title ?? "",
      campaignTitleLang: campaign?.titleLang ?? undefined,
      failingSince: formatDate(payload.failingSince, lang),
      lastError: payload.lastError,
      dashboardUrl: `${ctx.publicUrl}/dashboard`,
    }),
  };
}
