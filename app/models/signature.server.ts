import { randomInt } from "node:crypto";
import { CompiledQuery, sql, type Insertable } from "kysely";
import { prepared, type DB } from "../../db/index";
import type { Database } from "../../db/schema";
import type { Crypto } from "../lib/crypto.server";
import { checkSignatureLinkMac, emailDomain, hashToken, newToken, signatureLinkMac } from "../lib/crypto.server";
import { acceptsConfirmations } from "./campaign.server";
import { enqueue, outboxValues, type OutboxMessage } from "../outbox/queue.server";

/** Confirmation links work this long; then the unconfirmed signature is deleted altogether. */
export const CONFIRM_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;
/** Confirmations are spread over this many counter rows per campaign and country. */
export const COUNTER_SHARDS = 8;

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
  /** False when the recipient's hourly mail allowance is spent: the row is kept, no mail goes. */
  sendMail?: boolean;
  /** The campaign asks for neutral confirmation mails (no title, a plain sender and subject). */
  neutralMail?: boolean;
}

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed on a phone survives. */
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 10;

/**
 * The confirmation code shown in the mail, typed on the campaign's "check your inbox" page: 50
 * random bits, scoped to the campaign, expiring with the link and throttled per client, so
 * guessing one is hopeless. Grouped for reading: `7Q2KM-X4N9D`.
 */
export function newConfirmationCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a person typed, made canonical: case, spaces, dashes, and letters mistaken for digits. */
export function canonicalCode(typed: string): string | null {
  const c = typed
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-‐-―_.]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return c.length === CODE_LENGTH && [...c].every((ch) => CODE_ALPHABET.includes(ch)) ? c : null;
}

const codeHash = (campaignId: number, canonical: string) => hashToken(`code:${campaignId}:${canonical}`);

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
          payload: { to: input.email, lang: input.locale, title: input.campaignTitle, titleLang: input.campaignTitleLang, slug: input.campaignSlug, signatureId, neutral: !!input.neutralMail },
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
      payload: { to: input.email, name: input.name, lang: input.locale, title: input.campaignTitle, titleLang: input.campaignTitleLang, slug: input.campaignSlug, token, code, neutral: !!input.neutralMail },
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
    insert into signatures (campaign_id, email_hmac, email_enc, name_enc, country, locale, consent_updates, show_name, source, email_domain_hmac, email_domain_enc)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
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
async function insertNewSignature(
  db: DB,
  crypto: Crypto,
  row: Insertable<Database["signatures"]>,
  input: SignInput,
  mailDomain: string,
): Promise<boolean> {
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
      row.campaign_id, row.email_hmac, row.email_enc, row.name_enc, row.country, row.locale, row.consent_updates, row.show_name, row.source, row.email_domain_hmac, row.email_domain_enc,
      tokens[0].token_hash, tokens[1].token_hash, tokens[0].expires_at,
      out.kind, out.payload_enc, out.idempotency_key, out.message_id,
    ]),
  );
  return result.rows.length > 0;
}

/** The signature a confirmation link belongs to (for the withdraw link in its mail); null once deleted. */
export async function signatureIdForToken(db: DB, token: string): Promise<string | null> {
  const row = await db.selectFrom("signature_tokens").select("signature_id").where("token_hash", "=", hashToken(token)).executeTakeFirst();
  return row?.signature_id ?? null;
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
  return confirmByHash(db, hashToken(token), "confirm", now);
}

/** Confirm by the code typed on the campaign's page; the same outcomes as the link. */
export async function confirmSignatureByCode(db: DB, campaignId: number, typed: string, now = new Date()): Promise<ConfirmResult> {
  const canonical = canonicalCode(typed);
  if (!canonical) return { status: "unknown" };
  return confirmByHash(db, codeHash(campaignId, canonical), "code", now);
}

/** What a confirmation link or code would do, looked up without changing anything. */
export type ConfirmationPreview =
  | { status: "pending"; campaignSlug: string }
  | { status: "already-confirmed"; campaignSlug: string }
  | { status: "campaign-closed"; campaignSlug: string }
  | { status: "expired" }
  | { status: "unknown" };

/**
 * Opening the confirmation link only looks: mail scanners fetch every link in a mail, and a
 * GET that confirmed would put on a public list a name that someone else typed for an
 * address. The page shows one button; only its POST (confirmSignature) confirms.
 */
export async function previewConfirmation(db: DB, token: string, now = new Date()): Promise<ConfirmationPreview> {
  const found = await findToken(db, hashToken(token), "confirm");
  return found ? judge(found, now) : { status: "unknown" };
}

function findToken(db: DB, tokenHash: Uint8Array, purpose: "confirm" | "code") {
  return db
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
    .where("tk.token_hash", "=", tokenHash)
    .where("tk.purpose", "=", purpose)
    .executeTakeFirst();
}

type FoundToken = NonNullable<Awaited<ReturnType<typeof findToken>>>;

/** The outcome a found token leads to, before anything is written. */
function judge(found: FoundToken, now: Date): ConfirmationPreview {
  if (found.status === "confirmed" || found.used_at) return { status: "already-confirmed", campaignSlug: found.slug };
  if (found.status !== "pending") return { status: "unknown" };
  if (new Date(found.expires_at) < now) return { status: "expired" };
  if (!acceptsConfirmations({ status: found.campaign_status, closed_at: found.closed_at }, now)) {
    return { status: "campaign-closed", campaignSlug: found.slug };
  }
  return { status: "pending", campaignSlug: found.slug };
}

async function confirmByHash(db: DB, tokenHash: Uint8Array, purpose: "confirm" | "code", now: Date): Promise<ConfirmResult> {
  return db.transaction().execute(async (trx) => {
    const found = await findToken(trx, tokenHash, purpose);
    if (!found) return { status: "unknown" };
    const judged = judge(found, now);
    if (judged.status !== "pending") return judged;

    const moved = await trx
      .updateTable("signatures")
      .set({ status: "confirmed", confirmed_at: now })
      .where("id", "=", found.signature_id)
      .where("status", "=", "pending")
      .returning("id")
      .executeTakeFirst();
    if (!moved) return { status: "already-confirmed", campaignSlug: found.slug };

    // Both the link and the code are spent: whichever was used, the other is no longer needed.
    await trx.updateTable("signature_tokens").set({ used_at: now }).where("signature_id", "=", found.signature_id).execute();
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

/** The withdraw link in every mail to a signer proves it came from that mail. */
export function deleteMac(secret: string, signatureId: string): string {
  return signatureLinkMac(secret, "delete-signature", signatureId);
}

export function checkDeleteMac(secret: string, signatureId: string, mac: string): boolean {
  return checkSignatureLinkMac(secret, "delete-signature", signatureId, mac);
}

/**
 * A signer withdraws: the row, its tokens and queued mail about it are gone, and if it was
 * counted the count drops by one. Idempotent: deleting twice is the same as once.
 */
export async function deleteSignature(db: DB, signatureId: string): Promise<{ campaignSlug: string } | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom("signatures")
      .where("id", "=", signatureId)
      .returning(["campaign_id", "country", "status"])
      .executeTakeFirst();
    if (!row) return null;
    if (row.status === "confirmed") {
      await trx
        .insertInto("signature_counts")
        .values({ campaign_id: row.campaign_id, country: row.country, shard: randomInt(COUNTER_SHARDS), n: -1 })
        .onConflict((oc) => oc.columns(["campaign_id", "country", "shard"]).doUpdateSet({ n: sql`signature_counts.n - 1` }))
        .execute();
    }
    const campaign = await trx.selectFrom("campaigns").select("slug").where("id", "=", row.campaign_id).executeTakeFirstOrThrow();
    return { campaignSlug: campaign.slug };
  });
}

/** Whether anything at all is stored against an address (a signature or a letter). */
export async function holdsDataFor(db: DB, crypto: Crypto, email: string): Promise<boolean> {
  const hmac = crypto.emailHmac(email);
  const [sig, letter] = await Promise.all([
    db.selectFrom("signatures").select("id").where("email_hmac", "=", hmac).limit(1).executeTakeFirst(),
    db.selectFrom("messages").select("id").where("supporter_hmac", "=", hmac).limit(1).executeTakeFirst(),
  ]);
  return !!(sig || letter);
}

/** Everything Padauk holds about one address, decrypted for the export mailed to that address. */
export interface SignerData {
  signatures: {
    signatureId: string;
    campaignSlug: string;
    status: string;
    name: string;
    country: string;
    locale: string;
    consentUpdates: boolean;
    showName: boolean;
    source: string | null;
    createdAt: Date;
    confirmedAt: Date | null;
  }[];
  letters: {
    campaignSlug: string;
    status: string;
    name: string | null;
    area: string | null;
    subject: string | null;
    body: string | null;
    targets: number;
    createdAt: Date;
    erased: boolean;
  }[];
}

export async function signerData(db: DB, crypto: Crypto, email: string): Promise<SignerData> {
  const hmac = crypto.emailHmac(email);
  const [sigs, letters] = await Promise.all([
    db
      .selectFrom("signatures as s")
      .innerJoin("campaigns as c", "c.id", "s.campaign_id")
      .select(["s.id", "c.slug", "s.status", "s.name_enc", "s.country", "s.locale", "s.consent_updates", "s.show_name", "s.source", "s.created_at", "s.confirmed_at"])
      .where("s.email_hmac", "=", hmac)
      .orderBy("s.created_at")
      .execute(),
    db
      .selectFrom("messages as m")
      .innerJoin("campaigns as c", "c.id", "m.campaign_id")
      .select(["c.slug", "m.status", "m.supporter_name_enc", "m.area_enc", "m.subject_enc", "m.body_enc", "m.target_ids", "m.created_at", "m.erased_at"])
      .where("m.supporter_hmac", "=", hmac)
      .orderBy("m.created_at")
      .execute(),
  ]);
  const open = (v: Uint8Array | null) => (v ? crypto.decrypt(v) : null);
  return {
    signatures: sigs.map((s) => ({
      signatureId: s.id,
      campaignSlug: s.slug,
      status: s.status,
      name: crypto.decrypt(s.name_enc),
      country: s.country,
      locale: s.locale,
      consentUpdates: s.consent_updates,
      showName: s.show_name,
      source: s.source,
      createdAt: s.created_at,
      confirmedAt: s.confirmed_at,
    })),
    letters: letters.map((m) => ({
      campaignSlug: m.slug,
      status: m.status,
      name: open(m.supporter_name_enc),
      area: open(m.area_enc),
      subject: open(m.subject_enc),
      body: open(m.body_enc),
      targets: m.target_ids.length,
      createdAt: m.created_at,
      erased: m.erased_at !== null,
    })),
  };
}
