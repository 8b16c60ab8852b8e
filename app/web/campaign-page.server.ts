import type { AppLoadContext } from "@remix-run/node";
import { campaignLocales, findCampaign, findPublicCampaign, type CampaignView } from "../models/campaign.server";
import { campaignForOrganiser } from "../models/campaign-stats.server";
import { currentOrganiser } from "./auth.server";
import { notFound, requireLanguage } from "./http.server";
import type { Language } from "../lib/i18n";
import { fixedT } from "../lib/i18n.server";

/**
 * The start of every campaign page's loader and action: the language from the URL, the public
 * campaign in it (or in its default language while that translation is incomplete; or a 404),
 * and the languages readers can read it in, for the switcher. With the
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
  // A preview offers every language its organisers have started; readers only the ones they can read.
  return { lang, campaign, languages: await campaignLocales(context.db, campaign.id, preview ? "as-written" : "public"), preview };
}

const SIGNING_TTL_MS = 1_000;
const signingCache = new WeakMap<object, Map<string, { at: number; campaign: Promise<CampaignView | undefined> }>>();

/**
 * The campaign a signature is posted to, read at most once a second per process: a surge of
 * signatures then costs one campaign query a second instead of one each. Its count may be a
 * second old (the action does not use it); a campaign closed a moment ago still takes
 * signatures for that second.
 */
export async function requireSigningCampaign(
  context: AppLoadContext,
  params: { lang?: string; slug?: string },
): Promise<{ lang: Language; campaign: CampaignView }> {
  const lang = requireLanguage(params);
  const slug = params.slug ?? "";
  let byKey = signingCache.get(context.db);
  if (!byKey) signingCache.set(context.db, (byKey = new Map()));
  const key = `${lang} ${slug}`;
  let entry = byKey.get(key);
  if (!entry || Date.now() - entry.at > SIGNING_TTL_MS) {
    if (byKey.size > 1_000) byKey.clear();
    entry = { at: Date.now(), campaign: findPublicCampaign(context.db, slug, lang) };
    entry.campaign.catch(() => byKey!.delete(key));
    byKey.set(key, entry);
  }
  const campaign = await entry.campaign;
  if (!campaign) notFound();
  return { lang, campaign };
}

/**
 * What every page after an action needs to show which campaign it is about (check your inbox,
 * thank you, letter sent): the campaign's title in its language, the switcher, the page title.
 */
export async function campaignStepPage(context: AppLoadContext, params: { lang?: string; slug?: string }, pageTitleKey: string) {
  const { lang, campaign, languages } = await requireCampaignPage(context, params);
  const heading = {
    lang,
    languages,
    slug: campaign.slug,
    title: campaign.content.title,
    titleLang: campaign.content.locale,
    pageTitle: fixedT(lang)(pageTitleKey),
  };
  return { campaign, heading };
}
