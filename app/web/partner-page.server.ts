import type { AppLoadContext } from "@remix-run/node";
import { apiTokenStatus } from "../models/api-token.server";
import { titledCampaigns } from "../models/campaign-titles.server";
import { campaignLocales } from "../models/campaign.server";
import type { Partner } from "../models/partner.server";
import { partnerCampaign, partnerFigures, partnerSignupsPerDay } from "../models/partner-stats.server";
import { renewPartnerToken } from "../services/partners.server";
import { resumeWebhook, sendTestWebhook, webhookLog } from "../services/webhooks.server";

/**
 * Everything one partner's view shows, for the partner's own account and for the campaign's
 * organisers alike: what it brought, the links and the snippet it shares, its API token's state.
 */
export async function partnerPage(context: AppLoadContext, partner: Partner, lang: string) {
  const campaign = await partnerCampaign(context.db, partner.campaignId);
  const [figures, perDay, token, [named], languages, deliveries] = await Promise.all([
    partnerFigures(context.db, partner.campaignId, partner.id),
    partnerSignupsPerDay(context.db, partner.campaignId, partner.id),
    apiTokenStatus(context.db, { partnerId: partner.id }),
    titledCampaigns(context.db, lang, [partner.campaignId]),
    campaignLocales(context.db, partner.campaignId, "public"),
    partner.webhookUrl ? webhookLog(context, partner, 50) : [],
  ]);
  const base = context.config.publicUrl;
  const q = `?partner=${partner.slug}`;
  const embedLang = languages.includes(lang) ? lang : campaign.defaultLocale;
  const embedUrl = `${base}/embed/${embedLang}/campaigns/${campaign.slug}${q}`;
  return {
    lang,
    partner: {
      slug: partner.slug,
      name: partner.name,
      website: partner.website,
      listed: partner.listed,
      origins: partner.origins,
      webhookUrl: partner.webhookUrl,
      webhookPaused: partner.webhookPaused,
      disabled: partner.disabled,
    },
    campaign: { slug: campaign.slug, title: named?.title ?? campaign.slug, titleLang: named?.titleLang ?? null },
    figures,
    perDay,
    deliveries,
    token: token ? { createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null } : null,
    links: {
      campaign: languages.map((l) => ({ lang: l, url: `${base}/${l}/campaigns/${campaign.slug}${q}` })),
      sheet: `${base}/${embedLang}/campaigns/${campaign.slug}/sheet${q}`,
      embed: embedUrl,
      // A plain frame: no script of Padauk's on the partner's page, and nothing of the partner's in ours.
      snippet: `<iframe src="${embedUrl}" title="${escapeAttribute(named?.title ?? campaign.slug)}" width="100%" height="780" style="border:0;max-width:36rem" loading="lazy"></iframe>`,
    },
  };
}

export type PartnerPageData = Awaited<ReturnType<typeof partnerPage>>;

/** The answer to a partner view's own buttons, or null for an intent that is not one of them. */
export async function partnerPageAction(context: AppLoadContext, actorId: number, partner: Partner, intent: string) {
  if (intent === "token") return { newToken: await renewPartnerToken(context, partner, actorId) };
  if (intent === "webhook-resume") return { webhook: await resumeWebhook(context, partner, actorId) };
  if (intent === "webhook-test") return { webhook: await sendTestWebhook(context, partner, actorId) };
  return null;
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
