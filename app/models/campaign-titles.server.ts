// How the dashboard names a campaign: by its title, never by its address.

import { sql } from "kysely";
import type { DB } from "../../db/index";

export interface TitledCampaign {
  id: number;
  slug: string;
  /** In the organiser's language where it is written, else in the campaign's default language, else the address. */
  title: string;
  /** The language `title` is in; null when it is the address. */
  titleLang: string | null;
}

/** Every campaign (or those of `ids`) with its title as the organiser reads it, ordered by title. */
export async function titledCampaigns(db: DB, lang: string, ids?: number[]): Promise<TitledCampaign[]> {
  if (ids && ids.length === 0) return [];
  let q = db.selectFrom("campaigns as c").select([
    "c.id",
    "c.slug",
    sql<string | null>`coalesce(
        (select nullif(title, '') from campaign_translations x where x.campaign_id = c.id and x.locale = ${lang}),
        (select nullif(title, '') from campaign_translations x where x.campaign_id = c.id and x.locale = c.default_locale))`.as("title"),
    sql<string | null>`case
        when exists (select 1 from campaign_translations x where x.campaign_id = c.id and x.locale = ${lang} and x.title <> '') then ${lang}
        when exists (select 1 from campaign_translations x where x.campaign_id = c.id and x.locale = c.default_locale and x.title <> '') then c.default_locale
        end`.as("title_lang"),
  ]);
  if (ids) q = q.where("c.id", "in", ids);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title ?? r.slug, titleLang: r.title_lang })).sort((a, b) => a.title.localeCompare(b.title, lang));
}
