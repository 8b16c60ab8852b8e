import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../services/crypto.server";

/** The emails the outbox knows how to send; the payload is encrypted at rest. */
export type OutboxMessage =
  | {
      kind: "signature-confirm";
      payload: { to: string; name: string; lang: string; title: string; slug: string; token: string };
    }
  | {
      kind: "signature-already";
      payload: { to: string; lang: string; title: string; slug: string };
    };

export interface ClaimedMessage {
  id: string;
  kind: string;
  payloadEnc: Uint8Array | null;
  messageId: string;
  attempts: number;
}

/** A row stuck in "sending" this long (its worker died) is taken over by another worker. */
export const SENDING_LEASE_SECONDS = 300;
export const MAX_ATTEMPTS = 12;

/**
 * Queue an email in the caller's transaction: the mail exists exactly when the row that caused
 * it does. The Message-ID is fixed here, so every retry of this row is the same message.
 */
export async function enqueue(db: DB, crypto: Crypto, msg: OutboxMessage, messageIdDomain: string): Promise<string> {
  const key = randomUUID();
  const row = await db
    .insertInto("outbox")
    .values({
      kind: msg.kind,
      payload_enc: crypto.encrypt(JSON.stringify(msg.payload)),
      idempotency_key: key,
      message_id: `<${key}@${messageIdDomain}>`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claim due rows for this worker. SKIP LOCKED lets many workers poll the same table without
 * ever taking the same row; the lease makes a row whose worker died claimable again.
 */
export async function claimDue(db: DB, limit: number): Promise<ClaimedMessage[]> {
  const rows = await sql<{
    id: string;
    kind: string;
    payload_enc: Uint8Array | null;
    message_id: string;
    attempts: number;
  }>`
    update outbox set status = 'sending', attempts = attempts + 1,
           locked_until = now() + make_interval(secs => ${SENDING_LEASE_SECONDS})
    where id in (
      select id from outbox
      where (status in ('queued', 'failed_temporary') and next_attempt_at <= now())
         or (status = 'sending' and locked_until < now())
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked)
    returning id, kind, payload_enc, message_id, attempts`.execute(db);
  return rows.rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    payloadEnc: r.payload_enc,
    messageId: r.message_id,
    attempts: Number(r.attempts),
  }));
}

/** Sent: the payload (address, token) is erased at once; only the delivery record stays. */
export async function markSent(db: DB, id: string): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: sql`now()`, payload_enc: null, locked_until: null, last_error: null })
    .where("id", "=", id)
    .execute();
}

export async function markFailed(
  db: DB,
  id: string,
  opts: { permanent: boolean; error: string; retryInSeconds: number },
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
          },
    )
    .where("id", "=", id)
    .execute();
}

export function decodePayload<T>(crypto: Crypto, payloadEnc: Uint8Array): T {
  return JSON.parse(crypto.decrypt(payloadEnc)) as T;
}
