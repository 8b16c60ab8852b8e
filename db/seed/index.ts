import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { seedCampaigns } from "./campaigns";
import { seedMessageTemplates } from "./message-templates";
import { seedCampaignTargets, seedTargetLists } from "./targets";
import { newTargetPublicId } from "../../app/models/target.server";

/**
 * Seeds what an empty instance needs, step by step, so an instance created by an earlier
 * version gains what later versions seed (target lists, letter templates) without anything an
 * organiser changed being touched. Returns how many campaigns were created.
 */
export async function seedIfEmpty(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let created = 0;
    const existing = await trx.selectFrom("campaigns").select("id").limit(1).executeTakeFirst();
    if (!existing) {
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
        created++;
      }
    }

    const anyList = await trx.selectFrom("target_lists").select("id").limit(1).executeTakeFirst();
    if (!anyList) {
      for (const list of seedTargetLists) {
        const { id } = await trx
          .insertInto("target_lists")
          .values({ slug: list.slug, name: list.name, mode: list.mode })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("targets")
          .values(
            list.targets.map((t) => ({
              public_id: newTargetPublicId(),
              list_id: id,
              name: t.name,
              role: t.role,
              organisation: t.organisation,
              country: t.country,
              area: t.area ?? null,
              languages: t.languages.join(","),
              email: t.email,
            })),
          )
          .execute();
      }
      for (const [slug, listSlug] of Object.entries(seedCampaignTargets)) {
        const list = await trx.selectFrom("target_lists").select("id").where("slug", "=", listSlug).executeTakeFirstOrThrow();
        await trx.updateTable("campaigns").set({ target_list_id: list.id }).where("slug", "=", slug).where("target_list_id", "is", null).execute();
      }
    }

    // Letter templates where a seeded campaign's translation has none yet.
    for (const [slug, byLocale] of Object.entries(seedMessageTemplates)) {
      const campaign = await trx.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirst();
      if (!campaign) continue;
      for (const [locale, tpl] of Object.entries(byLocale)) {
        await trx
          .updateTable("campaign_translations")
          .set({ message_subject: tpl.subject, message_body: tpl.body })
          .where("campaign_id", "=", campaign.id)
          .where("locale", "=", locale)
          .where("message_body", "=", "")
          .execute();
      }
    }
    return created;
  });
}
