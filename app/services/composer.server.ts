import type { DB } from "../../db/index";
import type { CampaignView } from "../models/campaign.server";
import { areasInCountry, targetListForCampaign, targetsForSupporter, type CampaignTargetList, type PublicTarget } from "../models/target.server";
import { isCountryCode } from "../lib/countries";
import { notFound } from "../web/http.server";

export interface ComposerTargets {
  list: CampaignTargetList;
  /** The supporter's country, when it decides the targets (or was chosen). */
  country: string | null;
  area: string | null;
  areas: string[];
  targets: PublicTarget[];
}

/**
 * Whom a supporter may write to on this campaign, for the given country and area: the whole body
 * on a fixed list, their own country's targets on a per-country list. The composer's page and its
 * action both use this, so the action accepts exactly the targets the page offered.
 */
export async function composerTargets(db: DB, campaign: CampaignView, country: string | null, area: string | null): Promise<ComposerTargets> {
  const list = await targetListForCampaign(db, campaign.id);
  if (!list || list.size === 0) notFound();
  const c = country && isCountryCode(country) ? country : null;
  const areas = list.mode === "by_country" && c ? await areasInCountry(db, list.id, c) : [];
  const a = area && areas.includes(area) ? area : null;
  const targets = await targetsForSupporter(db, list, { country: c ?? undefined, area: a ?? undefined });
  return { list, country: c, area: a, areas, targets };
}
