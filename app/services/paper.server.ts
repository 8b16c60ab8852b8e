import { audit } from "../models/audit.server";
import {
  findPaperBatch,
  insertPaperBatch,
  invalidatePaperBatchRow,
  paperCampaignDates,
  updatePaperBatch,
  type PaperBatch,
  type PaperBatchValues,
} from "../models/paper.server";
import { invalidationSchema, paperValues, parsePaperBatch, type PaperField, type PaperValues } from "../schemas/paper.server";
import { fieldErrors, keep } from "../schemas/form.server";
import type { ServiceContext } from "./context.server";

/** Who records or changes a batch: an organiser, or a partner's own account (then `partnerId` is set). */
export interface PaperActor {
  organiserId: number;
  /** Set for a partner's account: it records batches as that partner and may change only those. */
  partnerId: number | null;
}

/** The campaign the batch belongs to, as the dashboard (or the partner view) checked access to it. */
export interface PaperCampaign {
  id: number;
  slug: string;
}

export type PaperResult =
  | { kind: "invalid"; errors: Partial<Record<PaperField | "reason", string>>; values: PaperValues & { reason?: string } }
  | { kind: "not-found" }
  | { kind: "forbidden" }
  | { kind: "recorded"; id: number }
  | { kind: "corrected"; id: number }
  | { kind: "invalidated"; id: number };

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The days a batch may say it was collected on. Sheets carry the local date of wherever they
 * were signed: from UTC−12 to UTC+14, so the bounds are the opening day and today as seen in
 * the earliest and the latest time zones (a sheet signed this morning in Yangon may be dated
 * tomorrow in UTC terms; one signed the evening before opening in New York, the day before).
 */
async function dateBounds(ctx: Pick<ServiceContext, "db">, campaignId: number, now = new Date()): Promise<{ earliest: string; latest: string }> {
  const { openedAt, createdAt } = await paperCampaignDates(ctx.db, campaignId);
  const opened = openedAt ?? createdAt;
  return { earliest: day(new Date(opened.getTime() - 12 * 3600_000)), latest: day(new Date(now.getTime() + 14 * 3600_000)) };
}

/** A partner may touch only its own batches; organisers any of their campaign's. */
function mayTouch(actor: PaperActor, batch: PaperBatch): boolean {
  return actor.partnerId === null || batch.partnerId === actor.partnerId;
}

function describe(v: PaperBatchValues): string {
  return `${v.count} from ${v.country} on ${v.collectedOn}${v.place ? ` at ${v.place}` : ""}, attested by ${v.attestedBy}`;
}

function changes(before: PaperBatch, after: PaperBatchValues): string {
  const parts: string[] = [];
  if (before.count !== after.count) parts.push(`count ${before.count} → ${after.count}`);
  if (before.country !== after.country) parts.push(`country ${before.country} → ${after.country}`);
  if (before.collectedOn !== after.collectedOn) parts.push(`collected ${before.collectedOn} → ${after.collectedOn}`);
  if ((before.place ?? "") !== (after.place ?? "")) parts.push(`place ${JSON.stringify(before.place ?? "")} → ${JSON.stringify(after.place ?? "")}`);
  if (before.attestedBy !== after.attestedBy) parts.push(`attested by ${JSON.stringify(before.attestedBy)} → ${JSON.stringify(after.attestedBy)}`);
  return parts.length ? parts.join(", ") : "no change";
}

async function readBatch(ctx: Pick<ServiceContext, "db">, campaignId: number, form: FormData) {
  const parsed = parsePaperBatch(form, await dateBounds(ctx, campaignId));
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const values: PaperBatchValues = { country: v.country, count: v.count, collectedOn: v.collected_on, place: v.place, attestedBy: v.attested_by };
  return { ok: true as const, values };
}

/**
 * Record a batch collected on paper or at an event: a count per country, never names. A
 * partner's account records it as that partner; an organiser may attribute it to one
 * (`partnerId`, a partner of this campaign the route has checked).
 */
export async function recordPaperBatch(
  ctx: Pick<ServiceContext, "db">,
  actor: PaperActor,
  campaign: PaperCampaign,
  form: FormData,
  opts: { partnerId?: number | null } = {},
): Promise<PaperResult> {
  const read = await readBatch(ctx, campaign.id, form);
  if (!read.ok) return { kind: "invalid", errors: read.errors, values: read.values };
  const partnerId = actor.partnerId ?? opts.partnerId ?? null;
  const id = await insertPaperBatch(ctx.db, campaign.id, { ...read.values, partnerId, recordedBy: actor.organiserId });
  await audit(ctx.db, actor.organiserId, "paper.recorded", `${campaign.slug} paper batch ${id}: ${describe(read.values)}`, read.values.count);
  return { kind: "recorded", id };
}

/** Correct a batch's count, country, day, place or attestation; the audit log keeps before and after. */
export async function correctPaperBatch(
  ctx: Pick<ServiceContext, "db">,
  actor: PaperActor,
  campaign: PaperCampaign,
  batchId: number,
  form: FormData,
): Promise<PaperResult> {
  const batch = await findPaperBatch(ctx.db, campaign.id, batchId);
  if (!batch) return { kind: "not-found" };
  if (!mayTouch(actor, batch)) return { kind: "forbidden" };
  const read = await readBatch(ctx, campaign.id, form);
  if (!read.ok) return { kind: "invalid", errors: read.errors, values: read.values };
  await updatePaperBatch(ctx.db, campaign.id, batch.id, read.values);
  await audit(ctx.db, actor.organiserId, "paper.corrected", `${campaign.slug} paper batch ${batch.id}: ${changes(batch, read.values)}`, read.values.count);
  return { kind: "corrected", id: batch.id };
}

/** A batch that should not count (sheets found duplicated, a count that cannot be vouched for). */
export async function invalidatePaperBatch(
  ctx: Pick<ServiceContext, "db">,
  actor: PaperActor,
  campaign: PaperCampaign,
  batchId: number,
  form: FormData,
): Promise<PaperResult> {
  const batch = await findPaperBatch(ctx.db, campaign.id, batchId);
  if (!batch) return { kind: "not-found" };
  if (!mayTouch(actor, batch)) return { kind: "forbidden" };
  const parsed = invalidationSchema.safeParse({ reason: typeof form.get("reason") === "string" ? form.get("reason") : "" });
  if (!parsed.success)
    return { kind: "invalid", errors: fieldErrors<"reason">(parsed.error.issues), values: { ...paperValues(form), reason: keep(form.get("reason"), 1_000) } };
  // Already invalidated: nothing changes, and the answer is the same.
  if (await invalidatePaperBatchRow(ctx.db, campaign.id, batch.id, parsed.data.reason)) {
    await audit(
      ctx.db,
      actor.organiserId,
      "paper.invalidated",
      `${campaign.slug} paper batch ${batch.id} (${batch.count} from ${batch.country}): ${parsed.data.reason}`,
      batch.count,
    );
  }
  return { kind: "invalidated", id: batch.id };
}
