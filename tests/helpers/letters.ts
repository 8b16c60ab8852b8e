import type { DB } from "../../db/index";
import type { Crypto } from "../../app/lib/crypto.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { createMessage, type NewMessage } from "../../app/models/message.server";
import { targetListForCampaign, targetsForSupporter } from "../../app/models/target.server";

/** The targets a supporter from `country` is offered on a seeded campaign, with internal ids. */
export async function offeredTargets(db: DB, slug: string, country = "TH") {
  const c = (await findPublicCampaign(db, slug, "en"))!;
  const list = (await targetListForCampaign(db, c.id))!;
  const targets = await targetsForSupporter(db, list, { country });
  const ids = await db.selectFrom("targets").select(["id", "public_id"]).where("list_id", "=", list.id).execute();
  const byPublic = new Map(ids.map((r) => [r.public_id, r.id]));
  return targets.map((t) => ({ ...t, id: byPublic.get(t.publicId)! }));
}

/** Writes a letter as the composer's action does: in the language of the template the page `locale` shows. */
export async function writeLetter(
  db: DB,
  crypto: Crypto,
  w: { slug: string; email: string; targetIds: number[]; locale?: string; verified?: boolean; subject?: string; body?: string; name?: string; now?: Date },
) {
  const locale = w.locale ?? "en";
  const c = (await findPublicCampaign(db, w.slug, locale))!;
  const m: NewMessage = {
    campaign: { id: c.id, slug: c.slug, title: c.content.title, dailyTargetCap: c.dailyTargetCap },
    locale,
    letterLocale: c.content.locale,
    country: "TH",
    area: "Bangkok",
    targetIds: w.targetIds,
    targetNames: [],
    subject: w.subject ?? c.content.messageSubject,
    body: w.body ?? c.content.messageBody,
    template: c.content.messageBody,
    name: w.name ?? "A supporter in Bangkok",
    email: w.email,
    alreadyVerified: w.verified ?? false,
  };
  return createMessage(db, crypto, m, "padauk.test", w.now);
}
