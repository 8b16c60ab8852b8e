import { randomInt } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { COUNTER_SHARDS } from "./confirming.server";

/** Groups at least this large are shown with their domain: a domain shared by that many identifies nobody. */
export const DOMAIN_SIGNAL_MIN = 20;

export interface FoundSignature {
  id: string;
  name: string;
  country: string;
  locale: string;
  status: string;
  createdAt: string;
  confirmedAt: string | null;
  reason: string | null;
}

/**
 * Find a campaign's signature by exact address: through its HMAC, never by decrypting and
 * scanning. Returns the name only because the organiser asked for this signer.
 */
export async function findSignatureByEmail(db: DB, crypto: Crypto, campaignId: number, email: string): Promise<FoundSignature[]> {
  const rows = await db
    .selectFrom("signatures")
    .select(["id", "name_enc", "country", "locale", "status", "created_at", "confirmed_at", "invalidation_reason"])
    .where("campaign_id", "=", campaignId)
    .where("email_hmac", "=", crypto.emailHmac(email))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: crypto.decrypt(r.name_enc),
    country: r.country,
    locale: r.locale,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    reason: r.invalidation_reason,
  }));
}

/**
 * Invalidate signatures (with a reason): they stop counting at once; the signers are not told.
 * Returns how many confirmed signatures were removed from the count.
 */
export async function invalidateSignatures(
  db: DB,
  campaignId: number,
  where: { ids?: string[]; domainHmac?: Uint8Array; since?: Date },
  reason: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .updateTable("signatures")
      .set({ status: "invalidated", invalidated_at: sql`now()`, invalidation_reason: reason })
      .where("campaign_id", "=", campaignId)
      .where("status", "in", ["pending", "confirmed"]);
    if (where.ids) q = q.where("id", "in", where.ids.length ? where.ids : ["0"]);
    if (where.domainHmac) q = q.where("email_domain_hmac", "=", where.domainHmac);
    if (where.since) q = q.where("created_at", ">=", where.since);
    // RETURNING gives the new status; the counters need the old one, so only confirmed rows count.
    const changed = await q.returning(["country", "confirmed_at"]).execute();
    const confirmed = changed.filter((r) => r.confirmed_at !== null);
    const byCountry = new Map<string, number>();
    for (const r of confirmed) byCountry.set(r.country, (byCountry.get(r.country) ?? 0) + 1);
    for (const [country, n] of byCountry) {
      // A negative amount on one shard: the sum over shards stays exact.
      await trx
        .insertInto("signature_counts")
        .values({ campaign_id: campaignId, country, shard: randomInt(COUNTER_SHARDS), n: -n })
        .onConflict((oc) => oc.columns(["campaign_id", "country", "shard"]).doUpdateSet({ n: sql`signature_counts.n - ${n}` }))
        .execute();
    }
    return confirmed.length;
  });
}

export interface AbuseSignals {
  /** Email domains with many signatures in the last 24 hours. */
  domains: { domain: string; hmac: string; count: number }[];
  /** Hours of the last 48 with far more signatures than usual. */
  bursts: { hour: string; count: number; usual: number }[];
}

export async function abuseSignals(db: DB, crypto: Crypto, campaignId: number, now = new Date()): Promise<AbuseSignals> {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const domains = await db
    .selectFrom("signatures")
    .select(["email_domain_hmac", sql<number>`count(*)::int`.as("n"), sql<Uint8Array>`(array_agg(email_domain_enc))[1]`.as("sample")])
    .where("campaign_id", "=", campaignId)
    .where("created_at", ">=", since)
    .where("status", "in", ["pending", "confirmed"])
    .where("email_domain_hmac", "is not", null)
    .groupBy("email_domain_hmac")
    .having(sql`count(*)`, ">=", DOMAIN_SIGNAL_MIN)
    .orderBy(sql`count(*)`, "desc")
    .limit(20)
    .execute();
  const hours = await sql<{ hour: Date; n: number }>`
    select date_trunc('hour', created_at at time zone 'UTC') as hour, count(*)::int as n from signatures
    where campaign_id = ${campaignId} and created_at >= ${new Date(now.getTime() - 48 * 3600_000)}
    group by 1 order by 1`.execute(db);
  const counts = hours.rows.map((r) => Number(r.n)).sort((a, b) => a - b);
  const usual = counts.length ? counts[Math.floor(counts.length / 2)] : 0;
  return {
    domains: domains.map((d) => ({ domain: crypto.decrypt(d.sample), hmac: Buffer.from(d.email_domain_hmac!).toString("base64url"), count: Number(d.n) })),
    // Far above normal: five times the median hour and at least 50.
    bursts: hours.rows
      .filter((r) => Number(r.n) >= 50 && Number(r.n) >= usual * 5)
      .map((r) => ({ hour: new Date(r.hour).toISOString().slice(0, 13) + ":00", count: Number(r.n), usual })),
  };
}
