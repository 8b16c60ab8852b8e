// Partners' webhook events: queued with the row that causes them, delivered through the outbox
// (decision 071), logged in `webhook_events`.

import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { outboxValues, WEBHOOK_KIND } from "./outbox.server";

export type WebhookEventType = "signature.confirmed" | "campaign.milestone" | "response.recorded" | "ping";

/** Webhook rows are not mail, but the outbox's Message-ID column is required: a name of its own. */
const WEBHOOK_ID_DOMAIN = "webhooks.padauk.invalid";

/** Counts of confirmed signatures a partner is told about, besides the campaign's goal. */
export const MILESTONES = [100, 1_000, 10_000, 100_000, 1_000_000] as const;

/** A webhook failing without a break this long is paused until a person resumes it. */
export const PAUSE_AFTER_MS = 3 * 24 * 3600_000;

/** Past this many attempts an event is given up (the pause, after three days, comes first). */
export const WEBHOOK_MAX_ATTEMPTS = 40;

interface NewEvent {
  partnerId: number;
  type: WebhookEventType;
  data: unknown;
  /** Set for an event that must exist once per partner (a milestone). */
  dedupeKey?: string;
  /** The signature the event is about: a withdrawal before delivery withdraws the event too. */
  signatureId?: string;
}

/** The event body exactly as sent: built once, so every retry carries the same bytes. */
function eventBody(id: string, type: WebhookEventType, created: Date, data: unknown): string {
  return JSON.stringify({ id, type, created: created.toISOString(), data });
}

/**
 * Queue events in the caller's transaction: the event row and its outbox row exist exactly when
 * the row that caused them does. One statement for them all, even on the confirmation's path:
 * the outbox id is drawn from its sequence first, so the event row can name it, and the outbox
 * row is written only for the events actually inserted. A dedupe key already taken for the
 * partner makes that event a no-op, also against a concurrent transaction (the unique index
 * waits for it, then skips).
 */
async function queueEvents(db: DB, crypto: Crypto, events: NewEvent[], now: Date): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => {
    const id = `evt_${randomUUID().replace(/-/g, "")}`;
    const o = outboxValues(crypto, { kind: "webhook", payload: { eventId: id } }, WEBHOOK_ID_DOMAIN);
    return sql`(${id}, ${e.partnerId}::int, ${e.type}, ${crypto.encrypt(eventBody(id, e.type, now, e.data))}::bytea, ${e.dedupeKey ?? null}::text, ${e.signatureId ?? null}::bigint, ${o.payload_enc}::bytea, ${o.idempotency_key}, ${o.message_id})`;
  });
  const inserted = await sql<{ id: string }>`
    with new_events (id, partner_id, type, body_enc, dedupe_key, signature_id, payload_enc, idempotency_key, message_id) as (values ${sql.join(rows)}),
    numbered as (select n.*, nextval(pg_get_serial_sequence('outbox', 'id')) as outbox_id from new_events n),
    events as (
      insert into webhook_events (id, partner_id, type, body_enc, dedupe_key, signature_id, created_at, outbox_id)
      select id, partner_id, type, body_enc, dedupe_key, signature_id, ${now}::timestamptz, outbox_id from numbered
      on conflict (partner_id, dedupe_key) where dedupe_key is not null do nothing
      returning id, outbox_id),
    queued as (
      insert into outbox (id, kind, payload_enc, idempotency_key, message_id)
      select e.outbox_id, ${WEBHOOK_KIND}, n.payload_enc, n.idempotency_key, n.message_id from events e join numbered n on n.id = e.id
      returning id)
    select id from events`.execute(db);
  return inserted.rows.map((r) => r.id);
}

/** The campaign's live partners with a webhook (paused ones too: their events wait for them). */
function webhookPartners(db: DB, campaignId: number) {
  return db
    .selectFrom("partners")
    .select(["id", "slug"])
    .where("campaign_id", "=", campaignId)
    .where("webhook_url", "is not", null)
    .where("disabled_at", "is", null)
    .execute();
}

/**
 * `signature.confirmed` for the partner a signature came through, in the confirmation's
 * transaction. The signer's address and name go only when they ticked consent for that partner.
 */
export async function queueSignatureConfirmed(db: DB, crypto: Crypto, signatureId: string, now: Date): Promise<void> {
  const row = await db
    .selectFrom("signatures as s")
    .innerJoin("partners as p", "p.id", "s.partner_id")
    .innerJoin("campaigns as c", "c.id", "s.campaign_id")
    .select([
      "p.id as partner_id",
      "p.slug as partner_slug",
      "c.slug as campaign_slug",
      "s.country",
      "s.locale",
      "s.consent_partner",
      "s.email_enc",
      "s.name_enc",
    ])
    .where("s.id", "=", signatureId)
    .where("p.webhook_url", "is not", null)
    .where("p.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return;
  const person = row.consent_partner ? { email: crypto.decrypt(row.email_enc), name: crypto.decrypt(row.name_enc) } : null;
  await queueEvents(
    db,
    crypto,
    [
      {
        partnerId: row.partner_id,
        type: "signature.confirmed",
        signatureId,
        data: { campaign: row.campaign_slug, partner: row.partner_slug, country: row.country, language: row.locale, confirmedAt: now.toISOString(), person },
      },
    ],
    now,
  );
}

/**
 * A signer withdrew: an event about them not yet delivered is given up, its body (their address,
 * when they had consented) erased with its outbox row's, in the withdrawal's transaction.
 */
export async function withdrawSignatureEvents(db: DB, signatureId: string): Promise<void> {
  const events = await db
    .updateTable("webhook_events")
    .set({ status: "failed", body_enc: null, last_error: "the signer withdrew before delivery" })
    .where("signature_id", "=", signatureId)
    .where("status", "=", "queued")
    .returning("outbox_id")
    .execute();
  const outboxIds = events.map((e) => e.outbox_id).filter((id): id is string => id !== null);
  if (outboxIds.length === 0) return;
  await db
    .updateTable("outbox")
    .set({ status: "failed_permanent", payload_enc: null, locked_until: null, last_error: "withdrawn" })
    .where("id", "in", outboxIds)
    .where("status", "!=", "sent")
    .execute();
}

/**
 * Signers anonymised at the end of their campaign's retention period: an event about them still
 * waiting (a paused endpoint) is given up and its body erased, as their own row was.
 */
export async function forgetAnonymisedEvents(db: DB): Promise<number> {
  const events = await db
    .updateTable("webhook_events")
    .set({ status: "failed", body_enc: null, last_error: "the signer's data was erased at the end of the campaign" })
    .where("status", "=", "queued")
    .where("signature_id", "is not", null)
    .where((eb) =>
      eb.exists(eb.selectFrom("signatures as s").select("s.id").whereRef("s.id", "=", "webhook_events.signature_id").where("s.anonymised_at", "is not", null)),
    )
    .returning("outbox_id")
    .execute();
  const outboxIds = events.map((e) => e.outbox_id).filter((id): id is string => id !== null);
  if (outboxIds.length > 0) {
    await db
      .updateTable("outbox")
      .set({ status: "failed_permanent", payload_enc: null, locked_until: null, last_error: "erased" })
      .where("id", "in", outboxIds)
      .where("status", "!=", "sent")
      .execute();
  }
  return events.length;
}

/** The milestone a count has reached: the largest of MILESTONES and the goal not above it. */
export function milestoneReached(count: number, goal: number): number | null {
  const passed = [...MILESTONES, goal].filter((m) => m > 0 && m <= count);
  return passed.length ? Math.max(...passed) : null;
}

/**
 * `campaign.milestone`, checked in the confirmation's transaction after the counter moved: the
 * highest milestone the confirmed count has reached goes once to each webhook partner. The
 * check is `>=`, not `==`: two confirmations committing together may each see one less than the
 * other, and the next confirmation then catches the milestone both missed.
 */
export async function queueMilestones(db: DB, crypto: Crypto, campaignId: number, now: Date): Promise<void> {
  const partners = await webhookPartners(db, campaignId);
  if (partners.length === 0) return;
  const c = await db
    .selectFrom("campaigns")
    .select(["slug", "goal", sql<string>`(select coalesce(sum(n), 0) from signature_counts where campaign_id = ${campaignId})`.as("count")])
    .where("id", "=", campaignId)
    .executeTakeFirstOrThrow();
  const count = Number(c.count);
  const milestone = milestoneReached(count, c.goal);
  if (milestone === null) return;
  const key = `milestone:${milestone}`;
  const told = new Set(
    (
      await db
        .selectFrom("webhook_events")
        .select("partner_id")
        .where("dedupe_key", "=", key)
        .where(
          "partner_id",
          "in",
          partners.map((p) => p.id),
        )
        .execute()
    ).map((r) => r.partner_id),
  );
  const events = partners
    .filter((p) => !told.has(p.id))
    .map((p) => ({ partnerId: p.id, type: "campaign.milestone" as const, dedupeKey: key, data: { campaign: c.slug, milestone, count } }));
  if (events.length) await queueEvents(db, crypto, events, now);
}

/** `response.recorded`: an official answered and an organiser recorded it, to every webhook partner. */
export async function queueResponseRecorded(
  db: DB,
  crypto: Crypto,
  campaignId: number,
  r: { responder: string; respondedOn: string; url: string | null },
  publicUrl: string,
  now = new Date(),
): Promise<void> {
  const partners = await webhookPartners(db, campaignId);
  if (partners.length === 0) return;
  const c = await db.selectFrom("campaigns").select(["slug", "default_locale"]).where("id", "=", campaignId).executeTakeFirstOrThrow();
  const data = {
    campaign: c.slug,
    official: r.responder,
    respondedOn: r.respondedOn,
    recordedAt: now.toISOString(),
    url: `${publicUrl}/${c.default_locale}/campaigns/${c.slug}#responses-heading`,
    source: r.url,
  };
  await queueEvents(
    db,
    crypto,
    partners.map((p) => ({ partnerId: p.id, type: "response.recorded" as const, data })),
    now,
  );
}

/** A `ping` a partner asks for to try its endpoint; undefined when the partner has no webhook. */
export async function queueTestEvent(db: DB, crypto: Crypto, partnerId: number, now = new Date()): Promise<string | undefined> {
  const p = await db
    .selectFrom("partners as p")
    .innerJoin("campaigns as c", "c.id", "p.campaign_id")
    .select(["p.slug", "c.slug as campaign_slug"])
    .where("p.id", "=", partnerId)
    .where("p.webhook_url", "is not", null)
    .executeTakeFirst();
  if (!p) return undefined;
  const [id] = await queueEvents(db, crypto, [{ partnerId, type: "ping", data: { campaign: p.campaign_slug, partner: p.slug } }], now);
  return id;
}

export interface ClaimedWebhook {
  outboxId: string;
  eventId: string;
  partnerId: number;
  /** Including this one. */
  attempts: number;
}

/**
 * Claim due webhook deliveries: at most `limit`, and per partner no more than `perPartner` minus
 * what this worker already has in flight for it, so one slow endpoint cannot take every slot.
 * Each live partner's earliest due events are looked up on their own (a lateral join over the
 * few partners, by the index of queued events), so a partner with a thousand waiting does not
 * hide the others behind it. Paused or disabled partners' events stay where they are. SKIP
 * LOCKED as for mail.
 */
export async function claimWebhooks(
  db: DB,
  opts: { limit: number; perPartner: number; busy: Map<number, number>; now?: Date; leaseSeconds: number },
): Promise<ClaimedWebhook[]> {
  if (opts.limit <= 0) return [];
  const now = opts.now ? sql`${opts.now}::timestamptz` : sql`now()`;
  // In-flight counts travel as JSON: one parameter, read the same by pg and PGlite.
  const busy = JSON.stringify(Object.fromEntries(opts.busy));
  const rows = await sql<{ id: string; attempts: number; event_id: string; partner_id: number }>`
    with picked as (
      select x.id from partners p
      cross join lateral (
        select o.id, o.next_attempt_at
        from webhook_events e
        join outbox o on o.id = e.outbox_id
        where e.partner_id = p.id and e.status = 'queued' and o.kind = 'webhook'
          and ((o.status in ('queued', 'failed_temporary') and o.next_attempt_at <= ${now})
            or (o.status = 'sending' and o.locked_until < ${now}))
        order by o.next_attempt_at, o.id
        limit greatest(${opts.perPartner} - coalesce((${busy}::jsonb ->> p.id::text)::int, 0), 0)
        for update of o skip locked) x
      where p.webhook_url is not null and p.webhook_paused_at is null and p.disabled_at is null
      order by x.next_attempt_at, x.id
      limit ${opts.limit}
    )
    update outbox o set status = 'sending', attempts = o.attempts + 1,
           locked_until = ${now} + make_interval(secs => ${opts.leaseSeconds})
    from webhook_events e
    where e.outbox_id = o.id and o.id in (select id from picked)
    returning o.id, o.attempts, e.id as event_id, e.partner_id`.execute(db);
  return rows.rows.map((r) => ({ outboxId: String(r.id), eventId: r.event_id, partnerId: r.partner_id, attempts: Number(r.attempts) }));
}

/** What one delivery needs: where, the signing secret and the body; undefined when it can no longer be sent. */
export async function webhookDelivery(db: DB, crypto: Crypto, eventId: string): Promise<{ url: string; secret: string; body: string } | undefined> {
  const row = await db
    .selectFrom("webhook_events as e")
    .innerJoin("partners as p", "p.id", "e.partner_id")
    .select(["e.body_enc", "p.webhook_url", "p.webhook_secret_enc"])
    .where("e.id", "=", eventId)
    .executeTakeFirst();
  if (!row?.body_enc || !row.webhook_url || !row.webhook_secret_enc) return undefined;
  return { url: row.webhook_url, secret: crypto.decrypt(row.webhook_secret_enc), body: crypto.decrypt(row.body_enc) };
}

const nowSql = (now: Date | undefined) => (now ? sql<Date>`${now}::timestamptz` : sql<Date>`now()`);

/** Delivered: the body (which may hold a supporter's address) is erased; the log line stays. */
export async function markWebhookDelivered(db: DB, w: ClaimedWebhook, r: { status: number; ms: number; now?: Date }): Promise<void> {
  const now = nowSql(r.now);
  // One statement (three data-modifying CTEs): atomic like a transaction, one round trip a delivery.
  await sql`
    with sent as (
      update outbox set status = 'sent', sent_at = ${now}, payload_enc = null, locked_until = null, last_error = null
      where id = ${w.outboxId} returning id),
    logged as (
      update webhook_events set status = 'delivered', attempts = ${w.attempts}, last_status = ${r.status}, last_error = null,
             duration_ms = ${r.ms}, delivered_at = ${now}, body_enc = null
      where id = ${w.eventId} returning id)
    update partners set webhook_failing_since = null
    where id = ${w.partnerId} and webhook_failing_since is not null`.execute(db);
}

/**
 * A failed attempt: the event waits `retryInSeconds` (or is given up), and the partner's run of
 * failures starts or goes on. Three days of it pause the webhook, once, and queue the mail that
 * says so to the partner's own accounts, else to the campaign's organisers, else to the admins.
 */
export async function markWebhookFailed(
  db: DB,
  crypto: Crypto,
  w: ClaimedWebhook,
  r: { status: number | null; error: string; ms: number; retryInSeconds: number; permanent: boolean; now?: Date; mailDomain: string },
): Promise<{ paused: boolean }> {
  const now = nowSql(r.now);
  const error = r.error.slice(0, 500);
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable("outbox")
      .set(
        r.permanent
          ? { status: "failed_permanent", payload_enc: null, locked_until: null, last_error: error }
          : { status: "failed_temporary", locked_until: null, last_error: error, next_attempt_at: sql`${now} + make_interval(secs => ${r.retryInSeconds})` },
      )
      .where("id", "=", w.outboxId)
      .execute();
    await trx
      .updateTable("webhook_events")
      .set({ attempts: w.attempts, last_status: r.status, last_error: error, duration_ms: r.ms, ...(r.permanent ? { status: "failed", body_enc: null } : {}) })
      .where("id", "=", w.eventId)
      .execute();
    const partner = await trx
      .updateTable("partners")
      .set({ webhook_failing_since: sql`coalesce(webhook_failing_since, ${now})` })
      .where("id", "=", w.partnerId)
      .returning(["webhook_failing_since", "webhook_paused_at", "campaign_id", "name"])
      .executeTakeFirst();
    if (!partner?.webhook_failing_since || partner.webhook_paused_at) return { paused: false };
    const at = r.now ?? new Date();
    if (at.getTime() - new Date(partner.webhook_failing_since).getTime() < PAUSE_AFTER_MS) return { paused: false };
    const paused = await trx
      .updateTable("partners")
      .set({ webhook_paused_at: now })
      .where("id", "=", w.partnerId)
      .where("webhook_paused_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (!paused) return { paused: false };
    const recipients = await pauseRecipients(trx, crypto, w.partnerId, partner.campaign_id);
    for (const to of recipients.emails) {
      await trx
        .insertInto("outbox")
        .values(
          outboxValues(
            crypto,
            {
              kind: "webhook-paused",
              payload: {
                to,
                lang: recipients.lang,
                partnerName: partner.name,
                campaignId: partner.campaign_id,
                failingSince: new Date(partner.webhook_failing_since).toISOString(),
                lastError: error,
              },
            },
            r.mailDomain,
          ),
        )
        .execute();
    }
    return { paused: true };
  });
}

/** Who hears of a paused webhook, and in which language (the campaign's). */
async function pauseRecipients(db: DB, crypto: Crypto, partnerId: number, campaignId: number): Promise<{ emails: string[]; lang: string }> {
  const { default_locale: lang } = await db.selectFrom("campaigns").select("default_locale").where("id", "=", campaignId).executeTakeFirstOrThrow();
  const live = db.selectFrom("organisers as o").select("o.email_enc").where("o.disabled_at", "is", null);
  let rows = await live.where("o.role", "=", "partner").where("o.partner_id", "=", partnerId).execute();
  if (rows.length === 0) {
    rows = await live
      .where("o.role", "in", ["admin", "organiser"])
      .where((eb) =>
        eb.exists(
          eb.selectFrom("organiser_campaigns as oc").select("oc.campaign_id").whereRef("oc.organiser_id", "=", "o.id").where("oc.campaign_id", "=", campaignId),
        ),
      )
      .execute();
  }
  if (rows.length === 0) rows = await live.where("o.role", "=", "admin").execute();
  return { emails: rows.map((r) => crypto.decrypt(r.email_enc)), lang };
}

/**
 * A person resumes a paused webhook: the pause and the run of failures are cleared and every
 * event held meanwhile is due at once. Returns how many events were re-queued.
 */
export async function resumeWebhookDeliveries(db: DB, partnerId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("partners").set({ webhook_paused_at: null, webhook_failing_since: null }).where("id", "=", partnerId).execute();
    const requeued = await trx
      .updateTable("outbox")
      .set({ status: "queued", next_attempt_at: sql`now()`, locked_until: null })
      .where("kind", "=", WEBHOOK_KIND)
      .where("status", "in", ["queued", "failed_temporary"])
      .where("id", "in", (eb) =>
        eb
          .selectFrom("webhook_events")
          .select(sql<string>`outbox_id`.as("outbox_id"))
          .where("partner_id", "=", partnerId)
          .where("status", "=", "queued"),
      )
      .returning("id")
      .execute();
    return requeued.length;
  });
}

export interface DeliveryLogRow {
  id: string;
  type: string;
  status: "queued" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  durationMs: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** When the next attempt is due, while the event waits. */
  nextAttemptAt: Date | null;
}

/** The partner's latest events, newest first, for its delivery log. Never the body. */
export async function recentDeliveries(db: DB, partnerId: number, limit = 50): Promise<DeliveryLogRow[]> {
  const rows = await db
    .selectFrom("webhook_events as e")
    .leftJoin("outbox as o", "o.id", "e.outbox_id")
    .select([
      "e.id",
      "e.type",
      "e.status",
      "e.attempts",
      "e.last_status",
      "e.last_error",
      "e.duration_ms",
      "e.created_at",
      "e.delivered_at",
      "o.next_attempt_at",
      "o.status as outbox_status",
    ])
    .where("e.partner_id", "=", partnerId)
    .orderBy("e.created_at", "desc")
    .orderBy("e.id", "desc")
    .limit(Math.max(1, Math.min(limit, 500)))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    durationMs: r.duration_ms,
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
    nextAttemptAt: r.status === "queued" && r.next_attempt_at && r.outbox_status !== "sent" ? new Date(r.next_attempt_at) : null,
  }));
}
