import { randomInt } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../services/crypto.server";
import { emailDomain, hashToken, newToken } from "../services/crypto.server";
import { acceptsConfirmations } from "./campaign.server";
import { enqueue } from "./outbox.server";

/** Confirmation links work this long; then the unconfirmed signature is deleted altogether. */
export const CONFIRM_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;
/** Confirmations are spread over this many counter rows per campaign and country. */
export const COUNTER_SHARDS = 8;

export interface SignInput {
  campaignId: number;
  campaignSlug: string;
  /** The campaign title in the signer's language, for the email subject. */
  campaignTitle: string;
  name: string;
  email: string;
  country: string;
  locale: string;
  consentUpdates: boolean;
  showName: boolean;
  /** The `?source=` tag of the campaign link, if any (validated: letters, digits, . _ -). */
  source?: string | null;
}

/**
 * What happened, for logs and tests only: the visitor sees the same page whatever the outcome,
 * so the site never tells anyone whether an address has signed. The email tells the owner.
 */
export type SignOutcome = "created" | "resent" | "already-confirmed" | "ignored";

export async function signCampaign(
  db: DB,
  crypto: Crypto,
  input: SignInput,
  mailDomain: string,
): Promise<SignOutcome> {
  const emailHmac = crypto.emailHmac(input.email);
  return db.transaction().execute(async (trx) => {
    // ON CONFLICT DO NOTHING: two simultaneous submissions of one address create one row.
    const inserted = await trx
      .insertInto("signatures")
      .values({
        campaign_id: input.campaignId,
        email_hmac: emailHmac,
        email_enc: crypto.encrypt(input.email),
        name_enc: crypto.encrypt(input.name),
        country: input.country,
        locale: input.locale,
        consent_updates: input.consentUpdates,
        show_name: input.showName,
        source: input.source ?? null,
        email_domain_hmac: crypto.domainHmac(input.email),
        email_domain_enc: crypto.encrypt(emailDomain(input.email)),
      })
      .onConflict((oc) => oc.columns(["campaign_id", "email_hmac"]).doNothing())
      .returning(["id"])
      .executeTakeFirst();

    let signatureId: string;
    let outcome: SignOutcome;
    if (inserted) {
      signatureId = inserted.id;
      outcome = "created";
    } else {
      const existing = await trx
        .selectFrom("signatures")
        .select(["id", "status"])
        .where("campaign_id", "=", input.campaignId)
        .where("email_hmac", "=", emailHmac)
        .forUpdate()
        .executeTakeFirstOrThrow();
      signatureId = existing.id;
      if (existing.status === "confirmed") {
        await enqueue(
          trx,
          crypto,
          {
            kind: "signature-already",
            payload: { to: input.email, lang: input.locale, title: input.campaignTitle, slug: input.campaignSlug },
          },
          mailDomain,
        );
        return "already-confirmed";
      }
      // An invalidated or fraudulent signature is not revived and gets no mail.
      if (existing.status !== "pending") return "ignored";
      outcome = "resent";
    }

    const token = newToken();
    await trx
      .insertInto("signature_tokens")
      .values({
        token_hash: hashToken(token),
        signature_id: signatureId,
        purpose: "confirm",
        expires_at: new Date(Date.now() + CONFIRM_TOKEN_TTL_MS),
      })
      .execute();
    await enqueue(
      trx,
      crypto,
      {
        kind: "signature-confirm",
        payload: {
          to: input.email,
          name: input.name,
          lang: input.locale,
          title: input.campaignTitle,
          slug: input.campaignSlug,
          token,
        },
      },
      mailDomain,
    );
    return outcome;
  });
}

export type ConfirmResult =
  | { status: "confirmed"; campaignSlug: string; campaignId: number; emailHmac: Uint8Array }
  | { status: "already-confirmed"; campaignSlug: string }
  | { status: "campaign-closed"; campaignSlug: string }
  | { status: "expired" }
  | { status: "unknown" };

/**
 * Confirm by token. Idempotent: the row lock plus `status = 'pending'` in the UPDATE mean that of
 * two concurrent confirmations exactly one moves the signature and bumps the counter.
 */
export async function confirmSignature(db: DB, token: string, now = new Date()): Promise<ConfirmResult> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom("signature_tokens as tk")
      .innerJoin("signatures as s", "s.id", "tk.signature_id")
      .innerJoin("campaigns as c", "c.id", "s.campaign_id")
      .select([
        "tk.token_hash",
        "tk.expires_at",
        "tk.used_at",
        "s.id as signature_id",
        "s.status",
        "s.country",
        "s.email_hmac",
        "c.id as campaign_id",
        "c.slug",
        "c.status as campaign_status",
        "c.closed_at",
      ])
      .where("tk.token_hash", "=", hashToken(token))
      .where("tk.purpose", "=", "confirm")
      .executeTakeFirst();
    if (!found) return { status: "unknown" };
    if (found.status === "confirmed" || found.used_at) return { status: "already-confirmed", campaignSlug: found.slug };
    if (found.status !== "pending") return { status: "unknown" };
    if (new Date(found.expires_at) < now) return { status: "expired" };
    if (!acceptsConfirmations({ status: found.campaign_status, closed_at: found.closed_at }, now)) {
      return { status: "campaign-closed", campaignSlug: found.slug };
    }

    const moved = await trx
      .updateTable("signatures")
      .set({ status: "confirmed", confirmed_at: now })
      .where("id", "=", found.signature_id)
      .where("status", "=", "pending")
      .returning("id")
      .executeTakeFirst();
    if (!moved) return { status: "already-confirmed", campaignSlug: found.slug };

    await trx.updateTable("signature_tokens").set({ used_at: now }).where("token_hash", "=", found.token_hash).execute();
    await trx
      .insertInto("signature_counts")
      .values({ campaign_id: found.campaign_id, country: found.country, shard: randomInt(COUNTER_SHARDS), n: 1 })
      .onConflict((oc) =>
        oc.columns(["campaign_id", "country", "shard"]).doUpdateSet({ n: sql`signature_counts.n + 1` }),
      )
      .execute();
    return { status: "confirmed", campaignSlug: found.slug, campaignId: found.campaign_id, emailHmac: found.email_hmac };
  });
}

export interface PublicSigner {
  name: string;
  country: string;
  confirmedAt: Date;
}

/** The newest confirmed signers who ticked show_name: their name as given and their country. */
export async function recentPublicSigners(db: DB, crypto: Crypto, campaignId: number, limit = 10): Promise<PublicSigner[]> {
  const rows = await db
    .selectFrom("signatures")
    .select(["name_enc", "country", "confirmed_at"])
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "confirmed")
    .where("show_name", "=", true)
    .orderBy("confirmed_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: crypto.decrypt(r.name_enc), country: r.country, confirmedAt: r.confirmed_at! }));
}

/** Unconfirmed signatures (and, by cascade, their tokens) older than the link's life: gone. */
export async function deleteUnconfirmed(db: DB, now = new Date()): Promise<number> {
  const rows = await db
    .deleteFrom("signatures")
    .where("status", "=", "pending")
    .where("created_at", "<", new Date(now.getTime() - CONFIRM_TOKEN_TTL_MS))
    .returning("id")
    .execute();
  return rows.length;
}

/**
 * Signers of campaigns closed longer than their retention period lose every personal trace: name,
 * address, its HMAC (replaced by random bytes, so nothing links them to an address any more),
 * domain, and their choices. Country, language, status and dates stay, so every count does.
 */
export async function anonymiseClosedCampaigns(db: DB, crypto: Crypto, now = new Date()): Promise<number> {
  const rows = await db
    .updateTable("signatures")
    .set({
      name_enc: crypto.encrypt(""),
      email_enc: crypto.encrypt(""),
      email_hmac: sql`gen_random_uuid()::text::bytea`,
      email_domain_hmac: null,
      email_domain_enc: null,
      show_name: false,
      consent_updates: false,
      anonymised_at: now,
    })
    .where("anonymised_at", "is", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("campaigns as c")
          .select("c.id")
          .whereRef("c.id", "=", "signatures.campaign_id")
          .where("c.status", "in", ["closed", "archived"])
          .where("c.closed_at", "is not", null)
          .where(sql<boolean>`c.closed_at + make_interval(days => c.retention_days) < ${now}`),
      ),
    )
    .returning("id")
    .execute();
  return rows.length;
}
