// What a partner brought to a campaign: its sign-ups, confirmations and the supporters who let it
// email them. Only signatures attributed to that partner are ever read here.

import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { TimePoint } from "./campaign-stats.server";

export interface PartnerFigures {
  /** Every signature that came through the partner's link or embed, confirmed or not. */
  signups: number;
  confirmed: number;
  /** Confirmed, and ticked the partner's own box: the supporters it may export. */
  consenting: number;
}

/** Figures per partner of one campaign, for the organisers' list of partners. */
export async function partnerFiguresByCampaign(db: DB, campaignId: number): Promise<Map<number, PartnerFigures>> {
  const rows = await db
    .selectFrom("signatures")
    .select((eb) => [
      "partner_id",
      eb.fn.countAll<string>().as("signups"),
      sql<string>`count(*) filter (where status = 'confirmed')`.as("confirmed"),
      sql<string>`count(*) filter (where status = 'confirmed' and consent_partner and anonymised_at is null)`.as("consenting"),
    ])
    .where("campaign_id", "=", campaignId)
    .where("partner_id", "is not", null)
    .where("invalidated_at", "is", null)
    .groupBy("partner_id")
    .execute();
  return new Map(rows.map((r) => [r.partner_id!, { signups: Number(r.signups), confirmed: Number(r.confirmed), consenting: Number(r.consenting) }]));
}

export async function partnerFigures(db: DB, campaignId: number, partnerId: number): Promise<PartnerFigures> {
  return (await partnerFiguresByCampaign(db, campaignId)).get(partnerId) ?? { signups: 0, confirmed: 0, consenting: 0 };
}

/** Sign-ups through the partner per day (UTC) over the last `days` days, gaps filled with zeros. */
export async function partnerSignupsPerDay(db: DB, campaignId: number, partnerId: number, days = 30, now = new Date()): Promise<TimePoint[]> {
  const first = Date.parse(now.toISOString().slice(0, 10)) - (days - 1) * 86_400_000;
  const rows = await sql<{ at: Date | string; n: number }>`
    select date_trunc('day', created_at at time zone 'UTC') as at, count(*)::int as n from signatures
    where campaign_id = ${campaignId} and partner_id = ${partnerId} and invalidated_at is null and created_at >= ${new Date(first)}
    group by 1`.execute(db);
  const byDay = new Map(rows.rows.map((r) => [new Date(r.at).toISOString().slice(0, 10), Number(r.n)]));
  return Array.from({ length: days }, (_, i) => {
    const at = new Date(first + i * 86_400_000).toISOString();
    return { at, count: byDay.get(at.slice(0, 10)) ?? 0 };
  });
}

/**
 * The partner's consenting supporters, for its CSV export: confirmed, attributed to it, ticked its
 * box, and not anonymised. Nobody else's supporters, and never those who did not tick it.
 */
export async function* partnerSupporterRows(
  db: DB,
  decrypt: (b: Uint8Array) => string,
  campaignId: number,
  partnerId: number,
  batchSize = 1000,
): AsyncGenerator<(string | number | null)[][]> {
  let after = "0";
  for (;;) {
    const rows = await db
      .selectFrom("signatures")
      .select(["id", "name_enc", "email_enc", "country", "locale", "confirmed_at"])
      .where("campaign_id", "=", campaignId)
      .where("partner_id", "=", partnerId)
      .where("consent_partner", "=", true)
      .where("status", "=", "confirmed")
      .where("invalidated_at", "is", null)
      .where("anonymised_at", "is", null)
      .where("id", ">", after)
      .orderBy("id")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    yield rows.map((r) => [decrypt(r.email_enc), decrypt(r.name_enc), r.country, r.locale, new Date(r.confirmed_at!).toISOString()]);
  }
}

/** The campaign a partner's view is about: its address and default language, for the links it shares. */
export async function partnerCampaign(db: DB, campaignId: number): Promise<{ slug: string; defaultLocale: string }> {
  const row = await db.selectFrom("campaigns").select(["slug", "default_locale"]).where("id", "=", campaignId).executeTakeFirstOrThrow();
  return { slug: row.slug, defaultLocale: row.default_locale };
}
