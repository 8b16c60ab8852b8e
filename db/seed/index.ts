import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { seedCampaigns } from "./campaigns";

/**
 * Seeds the campaigns on an empty database only: an instance that already has campaigns
 * (edited by organisers) is never touched. Returns how many campaigns were created.
 */
export async function seedIfEmpty(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("campaigns").select("id").limit(1).executeTakeFirst();
    if (existing) return 0;
    for (const c of seedCampaigns) {
      const { id } = await trx
        .insertInto("campaigns")
        .values({ slug: c.slug, default_locale: c.defaultLocale, goal: c.goal, status: "open", opened_at: new Date() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("campaign_translations")
        .values(
          Object.entries(c.content).map(([locale, t]) => ({
            campaign_id: id,
            locale,
            title: t.title,
            summary: t.summary,
            body: t.body,
            demand: t.demand,
            addressed_to: t.addressedTo,
          })),
        )
        .execute();
    }
    return seedCampaigns.length;
  });
}
