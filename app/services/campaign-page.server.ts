import type { AppLoadContext } from "@remix-run/node";
import { campaignLocales, findCampaign, findPublicCampaign, type CampaignView } from "../models/campaign.server";
import { campaignForOrganiser } from "../models/campaign-stats.server";
import { currentOrganiser } from "./auth.server";
import { notFound, requireLanguage } from "./http.server";
import type { Language } from "../i18n";

/**
 * The start of every campaign page's loader and action: the language from the URL, the public
 * campaign in it (or a 404), and the languages it is written in, for the switcher. With the
 * request, a draft or archived campaign is shown to its own organisers as a preview.
 */
export async function requireCampaignPage(
  context: AppLoadContext,
  params: { lang?: string; slug?: string },
  request?: Request,
): Promise<{ lang: Language; campaign: CampaignView; languages: string[]; preview: boolean }> {
  const lang = requireLanguage(params);
  let campaign = params.slug ? await findPublicCampaign(context.db, params.slug, lang) : undefined;
  let preview = false;
  if (!campaign && params.slug && request) {
    const auth = await currentOrganiser(request, context);
    if (auth && (await campaignForOrganiser(context.db, auth.organiser, params.slug))) {
      campaign = await findCampaign(context.db, params.slug, lang);
      preview = !!campaign;
    }
  }
  if (!campaign) notFound();
  return { lang, campaign, languages: await campaignLocales(context.db, campaign.id), preview };
}
