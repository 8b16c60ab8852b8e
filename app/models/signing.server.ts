// Signing: one statement writes a new signature, its link and code and its confirmation mail;
// an address that signed before takes the transactional path.

import { CompiledQuery, type Insertable } from "kysely";
import { prepared, type DB } from "../../db/index";
import type { Database } from "../../db/schema";
import type { Crypto } from "../lib/crypto.server";
import { emailDomain, hashToken, newToken } from "../lib/crypto.server";
import { enqueue, outboxValues, type OutboxMessage } from "./outbox.server";
import { CONFIRM_TOKEN_TTL_MS, newConfirmationCode, canonicalCode, codeHash } from "./signature-codes.server";

export interface SignInput {
  campaignId: number;
  campaignSlug: string;
  /** The campaign title in the signer's language (or the default one, while theirs is incomplete), for the email subject. */
  campaignTitle: string;
  /** The language campaignTitle is written in. */
  campaignTitleLang?: string;
  name: string;
  email: string;
  country: string;
  locale: string;
  consentUpdates: boolean;
  showName: boolean;
  /** The `?source=` tag of the campaign link, if any (validated: letters, digits, . _ -). */
  source?: string | null;
  /** The partner the signature is attributed to, and whether the signer lets it email them. */
  partnerId?: number | null;
  consentPartner?: boolean;
  /** False when the recipient's hourly mail allowance is spent: the row is kept, no mail goes. */
  sendMail?: boolean;
  /** The campaign asks for neutral confirmation mails (no title, a plain sender and subject). */
  neutralMail?: boolean;
}

/**
 * What happened, for logs and tests only: the visitor sees the same page whatever the outcome,
 * so the site never tells anyone whether an address has signed. The email tells the owner.
 */
export type SignOutcome = "created" | "resent" | "already-confirmed" | "ignored";

export async function signCampaign(db: DB, crypto: Crypto, input: SignInput, mailDomain: string): Promise<SignOutcome> {
  const emailHmac = crypto.emailHmac(input.email);
  const row = {
    campaign_id: input.campaignId,
    email_hmac: emailHmac,
    email_enc: crypto.encrypt(input.email),
    name_enc: crypto.encrypt(input.name),
    country: input.country,
    locale: input.locale,
    consent_updates: input.consentUpdates,
    show_name: input.showName,
    source: input.source ?? null,
    partner_id: input.partnerId ?? null,
    consent_partner: !!input.consentPartner,
    email_domain_hmac: crypto.domainHmac(input.email),
    email_domain_enc: crypto.encrypt(emailDomain(input.email)),
  };
  // A new address, the case a surge is made of, is one statement and one round trip: the
  // signature, its link and code, and its mail are written together or not at all. ON CONFLICT
  // DO NOTHING: of two simultaneous submissions of one address, one creates the row.
  if (await insertNewSignature(db, crypto, row, input, mailDomain)) return "created";

  return db.transaction().execute(async (trx) => {
    // The address has signed before (or did so a moment ago): lock its row and decide.
    const existing = await trx
      .selectFrom("signatures")
      .select(["id", "status"])
      .where("campaign_id", "=", input.campaignId)
      .where("email_hmac", "=", emailHmac)
      .forUpdate()
      .executeTakeFirst();
    // Withdrawn between the two statements: the visitor sees the same page either way.
    if (!existing) return "ignored";
    const signatureId = existing.id;
    if (existing.status === "confirmed") {
      if (input.sendMail === false) return "already-confirmed";
      await enqueue(
        trx,
        crypto,
        {
          kind: "signature-already",
          payload: {
            to: input.email,
            lang: input.locale,
            title: input.campaignTitle,
            titleLang: input.campaignTitleLang,
            slug: input.campaignSlug,
            signatureId,
            neutral: !!input.neutralMail,
          },
        },
        mailDomain,
      );
      return "already-confirmed";
    }
    // An invalidated or fraudulent signature is not revived and gets no mail.
    if (existing.status !== "pending") return "ignored";
    if (input.sendMail === false) return "resent";
    const confirm = confirmationMail(input);
    await trx
      .insertInto("signature_tokens")
      .values(confirm.tokens.map((t) => ({ ...t, signature_id: signatureId })))
      .execute();
    await enqueue(trx, crypto, confirm.mail, mailDomain);
    return "resent";
  });
}

/** A fresh link and code for a confirmation mail, and the mail (the signature is found by its link). */
function confirmationMail(input: SignInput) {
  const token = newToken();
  const code = newConfirmationCode();
  const expires_at = new Date(Date.now() + CONFIRM_TOKEN_TTL_MS);
  return {
    tokens: [
      { token_hash: hashToken(token), purpose: "confirm" as const, expires_at },
      { token_hash: codeHash(input.campaignId, canonicalCode(code)!), purpose: "code" as const, expires_at },
    ],
    mail: {
      kind: "signature-confirm",
      payload: {
        to: input.email,
        name: input.name,
        lang: input.locale,
        title: input.campaignTitle,
        titleLang: input.campaignTitleLang,
        slug: input.campaignSlug,
        token,
        code,
        neutral: !!input.neutralMail,
      },
    } satisfies OutboxMessage,
  };
}

/**
 * A new signature with its link, code and mail, as one statement of constant text: the hot path
 * of a surge, so it is not rebuilt by the query builder on every request (a profile showed that
 * costing more than Postgres's own work). Nothing is written when the address has signed.
 */
const INSERT_NEW_SIGNATURE = prepared(
  "insert-new-signature",
  `
  with s as (
    insert into signatures (campaign_id, email_hmac, email_enc, name_enc, country, locale, consent_updates, show_name, source, email_domain_hmac, email_domain_enc, partner_id, consent_partner)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $19, $20)
    on conflict (campaign_id, email_hmac) do nothing
    returning id
  ), tokens as (
    insert into signature_tokens (token_hash, signature_id, purpose, expires_at)
    select v.token_hash, s.id, v.purpose, v.expires_at
    from s, (values ($12::bytea, 'confirm', $14::timestamptz), ($13::bytea, 'code', $14::timestamptz)) as v (token_hash, purpose, expires_at)
  ), mail as (
    insert into outbox (kind, payload_enc, idempotency_key, message_id)
    select $15, $16::bytea, $17, $18 from s
  )
  select id from s`,
);

/** Inserts a signature that is new, with its tokens and mail; false when the address has signed. */
async function insertNewSignature(db: DB, crypto: Crypto, row: Insertable<Database["signatures"]>, input: SignInput, mailDomain: string): Promise<boolean> {
  if (input.sendMail === false) {
    const inserted = await db
      .insertInto("signatures")
      .values(row)
      .onConflict((oc) => oc.columns(["campaign_id", "email_hmac"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    return !!inserted;
  }
  const { tokens, mail } = confirmationMail(input);
  const out = outboxValues(crypto, mail, mailDomain);
  const result = await db.executeQuery<{ id: string }>(
    CompiledQuery.raw(INSERT_NEW_SIGNATURE, [
      row.campaign_id,
      row.email_hmac,
      row.email_enc,
      row.name_enc,
      row.country,
      row.locale,
      row.consent_updates,
      row.show_name,
      row.source,
      row.email_domain_hmac,
      row.email_domain_enc,
      tokens[0].token_hash,
      tokens[1].token_hash,
      tokens[0].expires_at,
      out.kind,
      out.payload_enc,
      out.idempotency_key,
      out.message_id,
      row.partner_id,
      row.consent_partner,
    ]),
  );
  return result.rows.length > 0;
}
