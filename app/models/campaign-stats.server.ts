import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Organiser } from "./organiser.server";

/**
 * The campaign an organiser may manage: any campaign for an admin, their own for an organiser.
 * Authorisation is this query's WHERE clause. `undefined` when the campaign does not exist at all,
 * `null` when it exists but is not theirs.
 */
export async function campaignForOrganiser(db: DB, organiser: Organiser, slug: string) {
  const row = await db
    .selectFrom("campaigns as c")
    .leftJoin("organiser_campaigns as oc", (j) => j.onRef("oc.campaign_id", "=", "c.id").on("oc.organiser_id", "=", organiser.id))
    .select(["c.id", "c.slug", "c.status", "c.goal", "c.default_locale", "c.opened_at", "oc.organiser_id as member"])
    .where("c.slug", "=", slug)
    .executeTakeFirst();
  if (!row) return undefined;
  if (organiser.role !== "admin" && row.member === null) return null;
  return { id: row.id, slug: row.slug, status: row.status, goal: row.goal, defaultLocale: row.default_locale, openedAt: row.opened_at };
}

/** The campaigns on an organiser's dashboard, with their public count. */
export async function campaignsForOrganiser(db: DB, organiser: Organiser, lang: string) {
  let q = db
    .selectFrom("campaigns as c")
    .select([
      "c.slug",
      "c.status",
      "c.goal",
      sql<string>`coalesce(
        (select title from campaign_translations x where x.campaign_id = c.id and x.locale = ${lang}),
        (select title from campaign_translations x where x.campaign_id = c.id and x.locale = c.default_locale), c.slug)`.as("title"),
      sql<number>`(select coalesce(sum(n), 0)::int from signature_counts s where s.campaign_id = c.id)`.as("confirmed"),
    ])
    .orderBy("c.id");
  if (organiser.role !== "admin") {
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom("organiser_campaigns as oc").select("oc.campaign_id").whereRef("oc.campaign_id", "=", "c.id").where("oc.organiser_id", "=", organiser.id),
      ),
    );
  }
  return (await q.execute()).map((r) => ({ ...r, confirmed: Number(r.confirmed) }));
}

export interface TimePoint {
  at: string;
  count: number;
}

/** Confirmations per hour over the last 48 hours and per day since launch, gaps filled with zeros. */
export async function confirmationsOverTime(db: DB, campaignId: number, now = new Date()): Promise<{ hourly: TimePoint[]; daily: TimePoint[] }> {
  const hourStart = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000 - 47 * 3600_000);
  const hours = await sql<{ at: Date; n: number }>`
    select date_trunc('hour', confirmed_at at time zone 'UTC') as at, count(*)::int as n from signatures
    where campaign_id = ${campaignId} and status = 'confirmed' and confirmed_at >= ${hourStart}
    group by 1`.execute(db);
  const days = await sql<{ at: Date; n: number }>`
    select date_trunc('day', confirmed_at at time zone 'UTC') as at, count(*)::int as n from signatures
    where campaign_id = ${campaignId} and status = 'confirmed'
    group by 1 order by 1`.execute(db);
  const key = (d: Date | string) => new Date(d).toISOString().slice(0, 13);
  const byHour = new Map(hours.rows.map((r) => [key(r.at), Number(r.n)]));
  const hourly = Array.from({ length: 48 }, (_, i) => {
    const at = new Date(hourStart.getTime() + i * 3600_000).toISOString();
    return { at, count: byHour.get(at.slice(0, 13)) ?? 0 };
  });
  const daily: TimePoint[] = [];
  if (days.rows.length) {
    const byDay = new Map(days.rows.map((r) => [new Date(r.at).toISOString().slice(0, 10), Number(r.n)]));
    const first = Date.parse(new Date(days.rows[0].at).toISOString().slice(0, 10));
    const last = Date.parse(now.toISOString().slice(0, 10));
    for (let d = first; d <= last; d += 86_400_000) {
      const at = new Date(d).toISOString();
      daily.push({ at, count: byDay.get(at.slice(0, 10)) ?? 0 });
    }
  }
  return { hourly, daily };
}

/** Everything on a campaign's dashboard besides the charts. Counts of confirmed come from the public counters. */
export async function campaignBreakdowns(db: DB, campaignId: number) {
  const [confirmed, states, byCountry, byLanguage, bySource] = await Promise.all([
    db
      .selectFrom("signature_counts")
      .select(sql<number>`coalesce(sum(n), 0)::int`.as("n"))
      .where("campaign_id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("signatures")
      .select(["status", sql<number>`count(*)::int`.as("n")])
      .where("campaign_id", "=", campaignId)
      .groupBy("status")
      .execute(),
    db
      .selectFrom("signature_counts")
      .select(["country", sql<number>`sum(n)::int`.as("n")])
      .where("campaign_id", "=", campaignId)
      .groupBy("country")
      .orderBy(sql`sum(n)`, "desc")
      .execute(),
    db
      .selectFrom("signatures")
      .select(["locale", sql<number>`count(*)::int`.as("n")])
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "confirmed")
      .groupBy("locale")
      .orderBy(sql`count(*)`, "desc")
      .execute(),
    db
      .selectFrom("signatures")
      .select(["source", sql<number>`count(*)::int`.as("n")])
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "confirmed")
      .groupBy("source")
      .orderBy(sql`count(*)`, "desc")
      .execute(),
  ]);
  const count = (s: string) => Number(states.find((r) => r.status === s)?.n ?? 0);
  const given = states.reduce((sum, r) => sum + Number(r.n), 0);
  return {
    confirmed: Number(confirmed.n),
    pending: count("pending"),
    conversion: given ? count("confirmed") / given : null,
    byCountry: byCountry.map((r) => ({ key: r.country, count: Number(r.n) })),
    byLanguage: byLanguage.map((r) => ({ key: r.locale, count: Number(r.n) })),
    bySource: bySource.map((r) => ({ key: r.source, count: Number(r.n) })),
  };
}

/** Letters per official and their delivery states, and how many were written beyond the template. */
export async function letterStats(db: DB, campaignId: number) {
  const [perTarget, personal] = await Promise.all([
    db
      .selectFrom("outbox as o")
      .innerJoin("targets as t", "t.id", "o.target_id")
      // By official, not by name: nine ministries are all "The Minister for Foreign Affairs".
      .select(["t.id", "t.name", "t.organisation", "t.email_status", "o.status", sql<number>`count(*)::int`.as("n")])
      .where("o.campaign_id", "=", campaignId)
      .where("o.kind", "=", "target-message")
      .groupBy(["t.id", "t.name", "t.organisation", "t.email_status", "o.status"])
      .orderBy("t.name")
      .orderBy("t.organisation")
      .execute(),
    db
      .selectFrom("messages")
      .select([sql<number>`count(*)::int`.as("n"), sql<number>`count(*) filter (where personalised)::int`.as("personal")])
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "confirmed")
      .executeTakeFirstOrThrow(),
  ]);
  const targets = new Map<number, { id: number; name: string; organisation: string; failing: boolean; states: Record<string, number> }>();
  for (const r of perTarget) {
    const t = targets.get(r.id) ?? { id: r.id, name: r.name, organisation: r.organisation, failing: r.email_status === "failing", states: {} };
    t.states[r.status] = Number(r.n);
    targets.set(r.id, t);
  }
  const letters = Number(personal.n);
  return { targets: [...targets.values()], letters, personalisedShare: letters ? Number(personal.personal) / letters : null };
}

/**
 * Confirmed signatures in id order, a batch at a time (keyset pagination: constant memory, and
 * the same on PGlite and Postgres). The address is decrypted only when asked for, and only for
 * signers who agreed to be written to.
 */
export async function* confirmedSignatureRows(
  db: DB,
  decrypt: (b: Uint8Array) => string,
  campaignId: number,
  includeEmail: boolean,
  batchSize = 1000,
): AsyncGenerator<(string | number | null)[][]> {
  let after = "0";
  for (;;) {
    const rows = await db
      .selectFrom("signatures")
      .select(["id", "name_enc", "email_enc", "country", "locale", "confirmed_at", "consent_updates"])
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "confirmed")
      .where("id", ">", after)
      .orderBy("id")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1].id;
    yield rows.map((r) => {
      const row: (string | number | null)[] = [decrypt(r.name_enc), r.country, r.locale, new Date(r.confirmed_at!).toISOString()];
      if (includeEmail) row.push(r.consent_updates ? decrypt(r.email_enc) : "");
      return row;
    });
  }
}
