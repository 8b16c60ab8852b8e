import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";

/** The emails the outbox knows how to send; the payload is encrypted at rest. */
export type OutboxMessage =
  | {
      kind: "signature-confirm";
      /** titleLang: the language `title` is written in when it is not `lang` (a translation still incomplete). */
      payload: {
        to: string;
        name: string;
        lang: string;
        title: string;
        titleLang?: string;
        slug: string;
        token: string;
        code?: string;
        signatureId?: string;
        neutral?: boolean;
      };
    }
  | {
      kind: "signature-already";
      payload: { to: string; lang: string; title: string; titleLang?: string; slug: string; signatureId?: string; neutral?: boolean };
    }
  | {
      /** What Padauk holds about an address, asked for by its owner; read from the database at sending. */
      kind: "data-export";
      payload: { to: string; lang: string };
    }
  | {
      kind: "message-confirm";
      payload: {
        to: string;
        name: string;
        lang: string;
        title: string;
        slug: string;
        token: string;
        /** Absent in rows queued before letters had codes. */ code?: string;
        targets: string[];
      };
    }
  | {
      /** News about a campaign for one signer who asked for it; address and text are read at sending. */
      kind: "campaign-update";
      payload: { signatureId: string; updateId: number };
    }
  | {
      /** A test of news to the organiser's own address, before it goes to signers; the subject says so. */
      kind: "campaign-update-test";
      payload: { to: string; lang: string; updateId: number };
    }
  | {
      /** An administrator invited this address to organise: the set-password link. */
      kind: "organiser-invite";
      payload: { to: string; lang: string; token: string; role: string; partner?: { name: string; campaign: string } };
    }
  | {
      /** A supporter's letter to one official; the text itself stays in `messages`, encrypted. */
      kind: "target-message";
      payload: { messageId: string; targetId: number };
    }
  // Webhooks (decision 071): `webhook` is a POST to a partner, not a mail; the worker hands it to
  // its webhook sender (app/outbox/webhooks.server.ts). `webhook-paused` is the mail that follows.
  | {
      /** One event to a partner's endpoint; its body stays in `webhook_events`, encrypted. */
      kind: "webhook";
      payload: { eventId: string };
    }
  | {
      /** A partner's webhook failed for days and was paused: to its people, or the campaign's organisers. */
      kind: "webhook-paused";
      payload: { to: string; lang: string; partnerName: string; campaignId: number; failingSince: string; lastError: string | null };
    };

export interface EnqueueOptions {
  /** Not before this time (a message held by a target's daily cap). */
  notBefore?: Date;
  targetId?: number;
  campaignId?: number;
}

export interface ClaimedMessage {
  id: string;
  kind: string;
  payloadEnc: Uint8Array | null;
  messageId: string;
  attempts: number;
  targetId: number | null;
  campaignId: number | null;
}

/** The outbox kind whose rows are webhook deliveries: claimed apart from mail (claimWebhooks). */
export const WEBHOOK_KIND = "webhook";

/** A row stuck in "sending" this long (its worker died) is taken over by another worker. */
export const SENDING_LEASE_SECONDS = 300;
export const MAX_ATTEMPTS = 12;

/**
 * Queue an email in the caller's transaction: the mail exists exactly when the row that caused
 * it does. The Message-ID is fixed here, so every retry of this row is the same message.
 */
export async function enqueue(db: DB, crypto: Crypto, msg: OutboxMessage, messageIdDomain: string, opts: EnqueueOptions = {}): Promise<string> {
  const row = await db
    .insertInto("outbox")
    .values(outboxValues(crypto, msg, messageIdDomain, opts))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Queue many emails in one statement (a news mail to every consenting signer): the same rows as
 * enqueue, one round trip per batch instead of one per recipient.
 */
export async function enqueueMany(db: DB, crypto: Crypto, msgs: OutboxMessage[], messageIdDomain: string, opts: EnqueueOptions = {}): Promise<number> {
  if (msgs.length === 0) return 0;
  await db
    .insertInto("outbox")
    .values(msgs.map((msg) => outboxValues(crypto, msg, messageIdDomain, opts)))
    .execute();
  return msgs.length;
}

/** The row for one mail, for callers that write it inside a larger statement. */
export function outboxValues(crypto: Crypto, msg: OutboxMessage, messageIdDomain: string, opts: EnqueueOptions = {}) {
  const key = randomUUID();
  return {
    kind: msg.kind,
    payload_enc: crypto.encrypt(JSON.stringify(msg.payload)),
    idempotency_key: key,
    message_id: `<${key}@${messageIdDomain}>`,
    target_id: opts.targetId ?? null,
    campaign_id: opts.campaignId ?? null,
    ...(opts.notBefore ? { next_attempt_at: opts.notBefore } : {}),
  };
}

/**
 * Claim due rows for this worker. SKIP LOCKED lets many workers poll the same table without
 * ever taking the same row; the lease makes a row whose worker died claimable again. Letters to
 * a target whose address bounced permanently wait until an organiser fixes the address. Webhook
 * rows are not mail: they are claimed by claimWebhooks, within their own concurrency limits.
 */
export async function claimDue(db: DB, limit: number, opts: { now?: Date; leaseSeconds?: number } = {}): Promise<ClaimedMessage[]> {
  // The database's clock unless a caller (a test) moves time: JS dates have only millisecond
  // precision, and a row made due "now" by the database could otherwise look a moment early.
  const now = opts.now ? sql`${opts.now}::timestamptz` : sql`now()`;
  const lease = opts.leaseSeconds ?? SENDING_LEASE_SECONDS;
  const rows = await sql<{
    id: string;
    kind: string;
    payload_enc: Uint8Array | null;
    message_id: string;
    attempts: number;
    target_id: number | null;
    campaign_id: number | null;
  }>`
    update outbox set status = 'sending', attempts = attempts + 1,
           locked_until = ${now} + make_interval(secs => ${lease})
    where id in (
      select o.id from outbox o
      where ((o.status in ('queued', 'failed_temporary') and o.next_attempt_at <= ${now})
          or (o.status = 'sending' and o.locked_until < ${now}))
        and o.kind <> 'webhook'
        and (o.target_id is null
          or not exists (select 1 from targets t where t.id = o.target_id and t.email_status = 'failing'))
      order by o.next_attempt_at, o.id
      limit ${limit}
      for update of o skip locked)
    returning id, kind, payload_enc, message_id, attempts, target_id, campaign_id`.execute(db);
  return rows.rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    payloadEnc: r.payload_enc,
    messageId: r.message_id,
    attempts: Number(r.attempts),
    targetId: r.target_id,
    campaignId: r.campaign_id,
  }));
}

/**
 * Sent: the payload (address, token) is erased at once; only the delivery record stays. A letter
 * to an official also counts towards the campaign's public messagesSent, in the same transaction.
 */
export async function markSent(db: DB, row: Pick<ClaimedMessage, "id" | "kind" | "targetId" | "campaignId">): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("outbox")
      .set({ status: "sent", sent_at: sql`now()`, payload_enc: null, locked_until: null, last_error: null })
      .where("id", "=", row.id)
      .where("status", "!=", "sent")
      .returning("id")
      .executeTakeFirst();
    if (updated && row.kind === "target-message" && row.targetId && row.campaignId) {
      await trx
        .insertInto("message_counts")
        .values({ campaign_id: row.campaignId, target_id: row.targetId, n: 1 })
        .onConflict((oc) => oc.columns(["campaign_id", "target_id"]).doUpdateSet({ n: sql`message_counts.n + 1` }))
        .execute();
    }
  });
}

export async function markFailed(
  db: DB,
  id: string,
  opts: { permanent: boolean; error: string; retryInSeconds: number; refundAttempt?: boolean },
): Promise<void> {
  await db
    .updateTable("outbox")
    .set(
      opts.permanent
        ? { status: "failed_permanent", payload_enc: null, locked_until: null, last_error: opts.error.slice(0, 500) }
        : {
            status: "failed_temporary",
            locked_until: null,
            last_error: opts.error.slice(0, 500),
            next_attempt_at: sql`now() + make_interval(secs => ${opts.retryInSeconds})`,
            // An outage of the mail server is not the message's fault: it keeps its attempts.
            ...(opts.refundAttempt ? { attempts: sql<number>`greatest(attempts - 1, 0)` } : {}),
          },
    )
    .where("id", "=", id)
    .execute();
}

export function decodePayload<T>(crypto: Crypto, payloadEnc: Uint8Array): T {
  return JSON.parse(crypto.decrypt(payloadEnc)) as T;
}

/** The payload of one kind of mail. */
export type OutboxPayload<K extends OutboxMessage["kind"]> = Extract<OutboxMessage, { kind: K }>["payload"];
