// What a writer and the public see of letters: the receipt of one letter and the totals of a campaign.

import { sql } from "kysely";
import type { DB } from "../../db/index";

export type DeliveryState = "queued" | "held" | "sent" | "failed" | "already-written";

export interface MessageReceipt {
  slug: string;
  locale: string;
  confirmed: boolean;
  targets: { name: string; role: string; organisation: string; state: DeliveryState }[];
}

/**
 * What the supporter's thank-you page shows: each chosen target and what became of the letter
 * to it. Reached by the message's unguessable public id; it shows no supporter data.
 */
export async function messageReceipt(db: DB, publicId: string, now = new Date()): Promise<MessageReceipt | undefined> {
  const m = await db
    .selectFrom("messages as m")
    .innerJoin("campaigns as c", "c.id", "m.campaign_id")
    .select(["m.id", "m.status", "m.target_ids", "m.locale", "c.slug"])
    .where("m.public_id", "=", publicId)
    .executeTakeFirst();
  if (!m) return undefined;
  const rows = await db
    .selectFrom("targets as t")
    .leftJoin("message_deliveries as d", (j) => j.onRef("d.target_id", "=", "t.id").on("d.message_id", "=", m.id))
    .leftJoin("outbox as o", "o.id", "d.outbox_id")
    .select(["t.name", "t.role", "t.organisation", "d.id as delivery_id", "o.status as outbox_status", "o.next_attempt_at"])
    .where("t.id", "in", m.target_ids.length ? m.target_ids : [-1])
    .orderBy("t.name")
    .execute();
  return {
    slug: m.slug,
    locale: m.locale,
    confirmed: m.status === "confirmed",
    targets: rows.map((r) => {
      let state: DeliveryState;
      if (!r.delivery_id) state = m.status === "confirmed" ? "already-written" : "queued";
      else if (r.outbox_status === "sent") state = "sent";
      else if (r.outbox_status === "failed_permanent") state = "failed";
      else if (r.next_attempt_at && new Date(r.next_attempt_at) > now && r.outbox_status === "queued") state = "held";
      else state = "queued";
      return { name: r.name, role: r.role, organisation: r.organisation, state };
    }),
  };
}

/** Public figures: letters sent, and to how many different officials. */
export async function messageTotals(db: DB, campaignId: number): Promise<{ messagesSent: number; targetsCount: number }> {
  const r = await db
    .selectFrom("message_counts")
    .select([sql<number>`coalesce(sum(n), 0)::int`.as("sent"), sql<number>`count(*)::int`.as("targets")])
    .where("campaign_id", "=", campaignId)
    .where("n", ">", 0)
    .executeTakeFirstOrThrow();
  return { messagesSent: Number(r.sent), targetsCount: Number(r.targets) };
}
