// Writing a letter: it is stored encrypted, confirmed by its link, then booked to each official.

import { randomBytes } from "node:crypto";
import { distance } from "fastest-levenshtein";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { hashToken, newToken } from "../lib/crypto.server";
import { enqueue } from "./outbox.server";
import { canonicalCode, newConfirmationCode } from "./signature-codes.server";

/** Message confirmation links work this long. */
export const MESSAGE_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;

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
    const code = token ? newConfirmationCode() : null;
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
        confirm_code_hash: code ? letterCodeHash(m.campaign.id, canonicalCode(code)!) : null,
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
          payload: { to: m.email, name: m.name, lang: m.locale, title: m.campaign.title, slug: m.campaign.slug, token, code: code!, targets: m.targetNames },
        },
        mailDomain,
      );
    } else {
      await bookDeliveries(
        trx,
        crypto,
        { id: row.id, campaignId: m.campaign.id, supporterHmac: row.supporter_hmac, targetIds: m.targetIds, dailyCap: m.campaign.dailyTargetCap },
        mailDomain,
        now,
      );
    }
    return { publicId, confirmed: !token };
  });
}

export type MessageConfirmResult =
  { status: "confirmed" | "already-confirmed"; publicId: string; slug: string } | { status: "expired" } | { status: "unknown" };

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

/** A letter's confirmation code, scoped to its campaign (a signature's code never confirms a letter). */
export const letterCodeHash = (campaignId: number, canonical: string) => hashToken(`letter-code:${campaignId}:${canonical}`);

/** The button on the emailed link's page: queue one letter per target. Idempotent under concurrent clicks. */
export async function confirmMessage(db: DB, crypto: Crypto, token: string, mailDomain: string, now = new Date()): Promise<MessageConfirmResult> {
  return confirmMessageWhere(db, crypto, { confirm_token_hash: hashToken(token) }, mailDomain, now);
}

/** The code from the mail, typed on the campaign's "check your inbox" page: the same outcomes as the link. */
export async function confirmMessageByCode(db: DB, crypto: Crypto, campaignId: number, typed: string, mailDomain: string, now = new Date()) {
  const canonical = canonicalCode(typed);
  if (!canonical) return { status: "unknown" as const };
  return confirmMessageWhere(db, crypto, { confirm_code_hash: letterCodeHash(campaignId, canonical) }, mailDomain, now);
}

async function confirmMessageWhere(
  db: DB,
  crypto: Crypto,
  by: { confirm_token_hash: Uint8Array } | { confirm_code_hash: Uint8Array },
  mailDomain: string,
  now: Date,
): Promise<MessageConfirmResult> {
  const [column, hash] = Object.entries(by)[0] as ["confirm_token_hash" | "confirm_code_hash", Uint8Array];
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom("messages as m")
      .innerJoin("campaigns as c", "c.id", "m.campaign_id")
      .select([
        "m.id",
        "m.public_id",
        "m.status",
        "m.token_expires_at",
        "m.supporter_hmac",
        "m.target_ids",
        "c.id as campaign_id",
        "c.slug",
        "c.daily_target_cap",
      ])
      .where(`m.${column}`, "=", hash)
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
    const outboxId = await enqueue(trx, crypto, { kind: "target-message", payload: { messageId: m.id, targetId } }, mailDomain, {
      targetId,
      campaignId: m.campaignId,
      notBefore: day === today ? undefined : new Date(`${day}T00:00:00Z`),
    });
    await trx.updateTable("message_deliveries").set({ outbox_id: outboxId, scheduled_for: day }).where("id", "=", delivery.id).execute();
  }
}
