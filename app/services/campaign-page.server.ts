import type { AppLoadContext } from "@remix-run/node";
import { campaignLocales, findPublicCampaign, type CampaignView } from "../models/campaign.server";
import { notFound, requireLanguage } from "./http.server";
import type { Language } from "../i18n";

/**
 * The start of every campaign page's loader and action: the language from the URL, the public
 * campaign in it (or a 404), and the languages it is written in, for the switcher.
 */
export async function requireCampaignPage(
  context: AppLoadContext,
  params: { lang?: string; slug?: string },
): Promise<{ lang: Language; campaign: CampaignView; languages: string[] }> {
  const lang = requireLanguage(params);
  const campaign = params.slug ? await findPublicCampaign(context.db, params.slug, lang) : undefined;
  if (!campaign) notFound();
  return { lang, campaign, languages: await campaignLocales(context.db, campaign.id) };
}
