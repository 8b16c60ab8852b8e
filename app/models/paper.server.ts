// Signatures collected on paper or at events, recorded as counts per batch: never a signer's name.

import { sql } from "kysely";
import type { DB } from "../../db/index";
import { foldSmallGroups, SMALL_GROUP_THRESHOLD, type CountryCount } from "./campaign.server";

export interface PaperBatch {
  id: number;
  partnerId: number | null;
  /** The partner's name, for the organisers' list. */
  partnerName: string | null;
  country: string;
  count: number;
  /** YYYY-MM-DD, as written on the sheets. */
  collectedOn: string;
  place: string | null;
  attestedBy: string;
  status: "valid" | "invalidated";
  invalidationReason: string | null;
  updatedAt: Date;
}

export interface PaperBatchValues {
  country: string;
  count: number;
  collectedOn: string;
  place: string | null;
  attestedBy: string;
}

function batches(db: DB) {
  return db
    .selectFrom("paper_batches as b")
    .leftJoin("partners as p", "p.id", "b.partner_id")
    .select([
      "b.id",
      "b.partner_id",
      "p.name as partner_name",
      "b.country",
      "b.count",
      // As text: a `date` read back as a JavaScript Date would shift with the server's time zone.
      sql<string>`to_char(b.collected_on, 'YYYY-MM-DD')`.as("collected_on"),
      "b.place",
      "b.attested_by",
      "b.status",
      "b.invalidation_reason",
      "b.updated_at",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof batches>["executeTakeFirstOrThrow"]>>;

function toBatch(r: Row): PaperBatch {
  return {
    id: r.id,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    country: r.country,
    count: r.count,
    collectedOn: r.collected_on,
    place: r.place,
    attestedBy: r.attested_by,
    status: r.status,
    invalidationReason: r.invalidation_reason,
    updatedAt: r.updated_at,
  };
}

/** A campaign's batches, newest first; a partner's own only, when `partnerId` is given. */
export async function campaignPaperBatches(db: DB, campaignId: number, partnerId?: number): Promise<PaperBatch[]> {
  const rows = await batches(db)
    .where("b.campaign_id", "=", campaignId)
    .$if(partnerId !== undefined, (q) => q.where("b.partner_id", "=", partnerId!))
    .orderBy("b.collected_on", "desc")
    .orderBy("b.id", "desc")
    .execute();
  return rows.map(toBatch);
}

export async function findPaperBatch(db: DB, campaignId: number, id: number): Promise<PaperBatch | undefined> {
  if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1) return undefined;
  const row = await batches(db).where("b.campaign_id", "=", campaignId).where("b.id", "=", id).executeTakeFirst();
  return row && toBatch(row);
}

export async function insertPaperBatch(
  db: DB,
  campaignId: number,
  v: PaperBatchValues & { partnerId: number | null; recordedBy: number | null },
): Promise<number> {
  const row = await db
    .insertInto("paper_batches")
    .values({
      campaign_id: campaignId,
      partner_id: v.partnerId,
      recorded_by: v.recordedBy,
      country: v.country,
      count: v.count,
      collected_on: v.collectedOn,
      place: v.place,
      attested_by: v.attestedBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePaperBatch(db: DB, campaignId: number, id: number, v: PaperBatchValues): Promise<void> {
  await db
    .updateTable("paper_batches")
    .set({ country: v.country, count: v.count, collected_on: v.collectedOn, place: v.place, attested_by: v.attestedBy, updated_at: sql`now()` })
    .where("campaign_id", "=", campaignId)
    .where("id", "=", id)
    .execute();
}

/** The batch stops counting; it stays listed, with the reason. True when it was still valid. */
export async function invalidatePaperBatchRow(db: DB, campaignId: number, id: number, reason: string): Promise<boolean> {
  const r = await db
    .updateTable("paper_batches")
    .set({ status: "invalidated", invalidation_reason: reason, updated_at: sql`now()` })
    .where("campaign_id", "=", campaignId)
    .where("id", "=", id)
    .where("status", "=", "valid")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The first and last day a batch of this campaign may say it was collected on, as stored. */
export async function paperCampaignDates(db: DB, campaignId: number): Promise<{ openedAt: Date | null; createdAt: Date }> {
  const row = await db.selectFrom("campaigns").select(["opened_at", "created_at"]).where("id", "=", campaignId).executeTakeFirstOrThrow();
  return { openedAt: row.opened_at, createdAt: row.created_at };
}

export interface PaperSummary {
  /** Valid batches' signatures. */
  total: number;
  /** Per country, small groups folded into "other" as the online breakdown is. */
  byCountry: CountryCount[];
  /** Whether the campaign adds them to the online count for its goal. */
  countsToGoal: boolean;
}

/** What a public page and the API show of a campaign's paper signatures (valid batches only). */
export async function paperSummary(db: DB, campaignId: number, threshold = SMALL_GROUP_THRESHOLD): Promise<PaperSummary> {
  // One round trip for the campaign's setting and its valid batches per country (none: one row, country null).
  const rows = await db
    .selectFrom("campaigns as c")
    .leftJoin("paper_batches as b", (j) => j.onRef("b.campaign_id", "=", "c.id").on("b.status", "=", "valid"))
    .select(["c.paper_counts_to_goal", "b.country", sql<number | null>`sum(b.count)::int`.as("count")])
    .where("c.id", "=", campaignId)
    .groupBy(["c.paper_counts_to_goal", "b.country"])
    .execute();
  const counts = rows.filter((r) => r.country !== null).map((r) => ({ country: r.country!, count: Number(r.count) }));
  return {
    total: counts.reduce((s, r) => s + r.count, 0),
    byCountry: foldSmallGroups(counts, threshold),
    countsToGoal: rows[0]?.paper_counts_to_goal ?? true,
  };
}

/** Valid paper signatures per campaign, for the API's list (a campaign without any is absent). */
export async function paperTotals(db: DB, campaignIds: number[]): Promise<Map<number, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("paper_batches")
    .select(["campaign_id", sql<number>`sum(count)::int`.as("total")])
    .where("campaign_id", "in", campaignIds)
    .where("status", "=", "valid")
    .groupBy("campaign_id")
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, Number(r.total)]));
}
