import { randomBytes } from "node:crypto";
import { distance } from "fastest-levenshtein";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { hashToken, newToken } from "../lib/crypto.server";
import { enqueue } from "./outbox.server";

/** Message confirmation links work this long. */
export const MESSAGE_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;
/** Bodies are erased this many days after writing, unless configured otherwise; counts stay. */
export const DEFAULT_MESSAGE_RETENTION_DAYS = 30;

/**
 * "Personalised" unless the text is the template with only a few characters changed: fewer than
 * 20 edits, or fewer than 5 % of the template's length, whichever allows more.
 */
export function isPersonalised(body: string, template: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim().toLowerCase();
  const a = norm(body);
  const b = norm(template);
  if (!b) return true;
  return distance(a, b) > Math.max(20, Math.round(b.length * 0.05));
}

export interface NewMessage {
  campaign: { id: number; slug: string; title: string; dailyTargetCap: number };
  locale: string;
  /** The language of the template the composer showed, which the letter is written in: the page's, or the campaign's default. */
  letterLocale: string;
  country: string;
  area: string | null;
  targetIds: number[];
  /** Names of the chosen targets, for the confirmation email. */
  targetNames: string[];
  subject: string;
  body: string;
  template: string;
  name: string;
  email: string;
  /** The supporter proved this address within 24 hours (a signature they confirmed): no second email. */
  alreadyVerified: boolean;
}

export interface CreatedMessage {
  publicId: string;
  confirmed: boolean;
}

/**
 * Store a supporter's letter, encrypted. Unless the address is already proven, nothing is queued
 * for the officials until the supporter follows the link mailed to them (as WriteToThem does).
 */
export async function createMessage(db: DB, crypto: Crypto, m: NewMessage, mailDomain: string, now = new Date()): Promise<CreatedMessage> {
  const publicId = randomBytes(16).toString("base64url");
  return db.transaction().execute(async (trx) => {
    const token = m.alreadyVerified ? null : newToken();
    const row = await trx
      .insertInto("messages")
      .values({
        public_id: publicId,
        campaign_id: m.campaign.id,
        supporter_hmac: crypto.emailHmac(m.email),
        supporter_email_enc: crypto.encrypt(m.email),
        supporter_name_enc: crypto.encrypt(m.name),
        area_enc: m.area ? crypto.encrypt(m.area) : null,
        country: m.country,
        locale: m.locale,
        letter_locale: m.letterLocale,
        subject_enc: crypto.encrypt(m.subject),
        body_enc: crypto.encrypt(m.body),
        target_ids: m.targetIds,
        personalised: isPersonalised(m.body, m.template),
        status: m.alreadyVerified ? "confirmed" : "pending",
        confirmed_at: m.alreadyVerified ? now : null,
        confirm_token_hash: token ? hashToken(token) : null,
        token_expires_at: token ? new Date(now.getTime() + MESSAGE_TOKEN_TTL_MS) : null,
      })
      .returning(["id", "supporter_hmac"])
      .executeTakeFirstOrThrow();
    if (token) {
      await enqueue(
        trx,
        crypto,
        {
          kind: "message-confirm",
          payload: { to: m.email, name: m.name, lang: m.locale, title: m.campaign.title, slug: m.campaign.slug, token, targets: m.targetNames },
        },
        mailDomain,
      );
    } else {
      await bookDeliveries(trx, crypto, { id: row.id, campaignId: m.campaign.id, supporterHmac: row.supporter_hmac, targetIds: m.targetIds, dailyCap: m.campaign.dailyTargetCap }, mailDomain, now);
    }
    return { publicId, confirmed: !token };
  });
}

export type MessageConfirmResult =
  | { status: "confirmed" | "already-confirmed"; publicId: string; slug: string }
  | { status: "expired" }
  | { status: "unknown" };

export type MessageConfirmPreview =
  | { status: "pending"; slug: string; targets: number }
  | { status: "already-confirmed"; publicId: string; slug: string }
  | { status: "expired" }
  | { status: "unknown" };

/**
 * What the emailed link would do, without doing it: opening the link (a mail scanner does) only
 * shows the letter's campaign and a button; the button's POST calls confirmMessage.
 */
export async function previewMessageConfirmation(db: DB, token: string, now = new Date()): Promise<MessageConfirmPreview> {
  const m = await db
    .selectFrom("messages as m")
    .innerJoin("campaigns as c", "c.id", "m.campaign_id")
    .select(["m.public_id", "m.status", "m.token_expires_at", "m.target_ids", "c.slug"])
    .where("m.confirm_token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!m) return { status: "unknown" };
  if (m.status === "confirmed") return { status: "already-confirmed", publicId: m.public_id, slug: m.slug };
  if (m.token_expires_at && new Date(m.token_expires_at) < now) return { status: "expired" };
  return { status: "pending", slug: m.slug, targets: m.target_ids.length };
}

/** The button on the emailed link's page: queue one letter per target. Idempotent under concurrent clicks. */
export async function confirmMessage(db: DB, crypto: Crypto, token: string, mailDomain: string, now = new Date()): Promise<MessageConfirmResult> {
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom("messages as m")
      .innerJoin("campaigns as c", "c.id", "m.campaign_id")
      .select(["m.id", "m.public_id", "m.status", "m.token_expires_at", "m.supporter_hmac", "m.target_ids", "c.id as campaign_id", "c.slug", "c.daily_target_cap"])
      .where("m.confirm_token_hash", "=", hashToken(token))
      .forUpdate("m")
      .executeTakeFirst();
    if (!m) return { status: "unknown" };
    if (m.status === "confirmed") return { status: "already-confirmed", publicId: m.public_id, slug: m.slug };
    if (m.token_expires_at && new Date(m.token_expires_at) < now) return { status: "expired" };
    await trx.updateTable("messages").set({ status: "confirmed", confirmed_at: now }).where("id", "=", m.id).execute();
    await bookDeliveries(
      trx,
      crypto,
      { id: m.id, campaignId: m.campaign_id, supporterHmac: m.supporter_hmac, targetIds: m.target_ids, dailyCap: m.daily_target_cap },
      mailDomain,
      now,
    );
    return { status: "confirmed", publicId: m.public_id, slug: m.slug };
  });
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/**
 * One letter per target, at most one per supporter, target and campaign (the unique key drops
 * repeats), each booked on the first day with room under the target's daily cap. A letter booked
 * for a later day waits in the outbox until that day begins (UTC).
 */
async function bookDeliveries(
  trx: DB,
  crypto: Crypto,
  m: { id: string; campaignId: number; supporterHmac: Uint8Array; targetIds: number[]; dailyCap: number },
  mailDomain: string,
  now: Date,
): Promise<void> {
  const today = utcDay(now);
  for (const targetId of m.targetIds) {
    const delivery = await trx
      .insertInto("message_deliveries")
      .values({ message_id: m.id, campaign_id: m.campaignId, target_id: targetId, supporter_hmac: m.supporterHmac, scheduled_for: today })
      .onConflict((oc) => oc.columns(["campaign_id", "target_id", "supporter_hmac"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!delivery) continue;

    let day = today;
    for (;;) {
      const booked = await trx
        .insertInto("target_daily_counts")
        .values({ campaign_id: m.campaignId, target_id: targetId, day, n: 1 })
        .onConflict((oc) =>
          oc
            .columns(["campaign_id", "target_id", "day"])
            .doUpdateSet({ n: sql`target_daily_counts.n + 1` })
            .where("target_daily_counts.n", "<", m.dailyCap),
        )
        .returning("n")
        .executeTakeFirst();
      if (booked) break;
      day = addDays(day, 1);
    }
    const outboxId = await enqueue(
      trx,
      crypto,
      { kind: "target-message", payload: { messageId: m.id, targetId } },
      mailDomain,
      { targetId, campaignId: m.campaignId, notBefore: day === today ? undefined : new Date(`${day}T00:00:00Z`) },
    );
    await trx.updateTable("message_deliveries").set({ outbox_id: outboxId, scheduled_for: day }).where("id", "=", delivery.id).execute();
  }
}

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

export interface LetterToSend {
  to: string;
  replyTo: { name: string; address: string };
  subject: string;
  body: string;
  supporterName: string;
  supporterArea: string | null;
  supporterCountry: string;
  /** The letter's language; letters from before it was stored were written in their page's. */
  letterLocale: string;
  target: { name: string; role: string; organisation: string; salutation: string | null; languages: string[] };
  campaign: { slug: string; defaultLocale: string };
}

/** Everything the worker needs to write one letter; undefined once the body has been erased. */
export async function letterToSend(db: DB, crypto: Crypto, messageId: string, targetId: number): Promise<LetterToSend | undefined> {
  const r = await db
    .selectFrom("messages as m")
    .innerJoin("campaigns as c", "c.id", "m.campaign_id")
    .innerJoin("targets as t", (j) => j.on("t.id", "=", targetId))
    .select([
      "m.supporter_email_enc",
      "m.supporter_name_enc",
      "m.area_enc",
      "m.country",
      "m.locale",
      "m.letter_locale",
      "m.subject_enc",
      "m.body_enc",
      "c.slug",
      "c.default_locale",
      "t.email",
      "t.name",
      "t.role",
      "t.organisation",
      "t.salutation",
      "t.languages",
    ])
    .where("m.id", "=", messageId)
    .executeTakeFirst();
  if (!r || !r.subject_enc || !r.body_enc || !r.supporter_name_enc || !r.supporter_email_enc) return undefined;
  const supporterName = crypto.decrypt(r.supporter_name_enc);
  return {
    to: r.email,
    replyTo: { name: supporterName, address: crypto.decrypt(r.supporter_email_enc) },
    subject: crypto.decrypt(r.subject_enc),
    body: crypto.decrypt(r.body_enc),
    supporterName,
    supporterArea: r.area_enc ? crypto.decrypt(r.area_enc) : null,
    supporterCountry: r.country,
    letterLocale: r.letter_locale ?? r.locale,
    target: { name: r.name, role: r.role, organisation: r.organisation, salutation: r.salutation, languages: r.languages.split(",").map((l) => l.trim()).filter(Boolean) },
    campaign: { slug: r.slug, defaultLocale: r.default_locale },
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

/**
 * Erase subjects, bodies and supporter details of letters older than the retention period whose
 * deliveries are all finished, and delete letters never confirmed whose link has expired.
 * Counts (message_counts, personalised flags) stay. Returns how many letters were erased.
 */
export async function eraseOldMessages(db: DB, retentionDays: number, now = new Date()): Promise<number> {
  await db.deleteFrom("messages").where("status", "=", "pending").where("token_expires_at", "<", now).execute();
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    // The address HMAC goes too (replaced by random bytes, as for anonymised signers): kept, it
    // would let anyone with a copy of the database and the secret test "did this address write?".
    const rows = await trx
      .updateTable("messages")
      .set({ subject_enc: null, body_enc: null, area_enc: null, supporter_email_enc: null, supporter_name_enc: null, supporter_hmac: sql`gen_random_uuid()::text::bytea`, erased_at: now })
      .where("created_at", "<", cutoff)
      .where("body_enc", "is not", null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("message_deliveries as d")
              .innerJoin("outbox as o", "o.id", "d.outbox_id")
              .select("d.id")
              .whereRef("d.message_id", "=", "messages.id")
              .where("o.status", "in", ["queued", "sending", "failed_temporary"]),
          ),
        ),
      )
      .returning("id")
      .execute();
    if (rows.length) {
      await trx
        .updateTable("message_deliveries")
        .set({ supporter_hmac: sql`gen_random_uuid()::text::bytea` })
        .where("message_id", "in", trx.selectFrom("messages").select("id").where("erased_at", "=", now))
        .execute();
    }
    return rows.length;
  });
}
