import { createHmac, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import { enqueue } from "./outbox.server";
import type { OrganiserRole } from "../../db/schema";
import type { RateLimiter } from "./rate-limit.server";
import type { Crypto } from "../lib/crypto.server";
import { hashToken, newToken } from "../lib/crypto.server";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../lib/password.server";

export const SET_PASSWORD_TTL_MS = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Organiser {
  id: number;
  role: OrganiserRole;
  email: string;
  /** For a partner's account, the one partner whose view it may open. */
  partnerId: number | null;
}

/**
 * Create an organiser (or, for an existing address, issue a new link) and return the single-use
 * token of their set-password link; no password ever passes through the command line. With
 * `mail`, the link is also mailed to the address through the outbox, in the same transaction (the
 * command-line tool for the first admin does without: a new install may have no mail server yet).
 */
export async function inviteOrganiser(
  db: DB,
  crypto: Crypto,
  email: string,
  role: OrganiserRole,
  now = new Date(),
  mail?: { lang: string; messageIdDomain: string; partner?: { name: string; campaign: string } },
  partnerId: number | null = null,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const partner_id = role === "partner" ? partnerId : null;
    const row = await trx
      .insertInto("organisers")
      .values({ email_hmac: crypto.emailHmac(email), email_enc: crypto.encrypt(email.trim()), role, partner_id })
      .onConflict((oc) => oc.column("email_hmac").doUpdateSet({ role, partner_id }))
      .returning("id")
      .executeTakeFirstOrThrow();
    // A new link replaces every earlier one: an old invitation lying in a mailbox opens nothing.
    await trx.updateTable("password_tokens").set({ used_at: now }).where("organiser_id", "=", row.id).where("used_at", "is", null).execute();
    const token = newToken();
    await trx
      .insertInto("password_tokens")
      .values({ token_hash: hashToken(token), organiser_id: row.id, expires_at: new Date(now.getTime() + SET_PASSWORD_TTL_MS) })
      .execute();
    if (mail)
      await enqueue(
        trx,
        crypto,
        { kind: "organiser-invite", payload: { to: email.trim(), lang: mail.lang, token, role, ...(mail.partner ? { partner: mail.partner } : {}) } },
        mail.messageIdDomain,
      );
    return token;
  });
}

/**
 * Use a set-password link once: sets the password, spends every other outstanding link of the
 * organiser, and ends every existing session (the caller starts a new one).
 */
export async function setPasswordWithToken(db: DB, token: string, password: string, now = new Date()): Promise<number | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const t = await trx
      .updateTable("password_tokens")
      .set({ used_at: now })
      .where("token_hash", "=", hashToken(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .where("organiser_id", "in", trx.selectFrom("organisers").select("id").where("disabled_at", "is", null))
      .returning("organiser_id")
      .executeTakeFirst();
    if (!t) return null;
    await trx.updateTable("password_tokens").set({ used_at: now }).where("organiser_id", "=", t.organiser_id).where("used_at", "is", null).execute();
    await trx.updateTable("organisers").set({ password_hash: passwordHash }).where("id", "=", t.organiser_id).execute();
    await trx.deleteFrom("organiser_sessions").where("organiser_id", "=", t.organiser_id).execute();
    return t.organiser_id;
  });
}

/** The address of the organiser a set-password link is for, while the link is usable; else null. */
export async function passwordTokenOwner(db: DB, crypto: Crypto, token: string, now = new Date()): Promise<string | null> {
  const t = await db
    .selectFrom("password_tokens as t")
    .innerJoin("organisers as o", "o.id", "t.organiser_id")
    .select("o.email_enc")
    .where("t.token_hash", "=", hashToken(token))
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", now)
    .where("o.disabled_at", "is", null)
    .executeTakeFirst();
  return t ? crypto.decrypt(t.email_enc) : null;
}

/** The organiser whose address and password these are, or null (in the same time either way). */
export async function checkCredentials(db: DB, crypto: Crypto, email: string, password: string): Promise<number | null> {
  const row = await db
    .selectFrom("organisers")
    .select(["id", "password_hash"])
    .where("email_hmac", "=", crypto.emailHmac(email))
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), password);
  return ok && row?.password_hash ? row.id : null;
}

/** Session ids are 256-bit random; the table keeps only their SHA-256. */
export async function createSession(db: DB, organiserId: number, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db
    .insertInto("organiser_sessions")
    .values({ id_hash: hashToken(id), organiser_id: organiserId, expires_at: new Date(now.getTime() + SESSION_TTL_MS) })
    .execute();
  return id;
}

export async function organiserForSession(db: DB, crypto: Crypto, sessionId: string, now = new Date()): Promise<Organiser | null> {
  const row = await db
    .selectFrom("organiser_sessions as s")
    .innerJoin("organisers as o", "o.id", "s.organiser_id")
    .select(["o.id", "o.role", "o.email_enc", "o.partner_id"])
    .where("s.id_hash", "=", hashToken(sessionId))
    .where("s.expires_at", ">", now)
    .where("o.disabled_at", "is", null)
    .executeTakeFirst();
  return row ? { id: row.id, role: row.role, email: crypto.decrypt(row.email_enc), partnerId: row.partner_id } : null;
}

export async function endSession(db: DB, sessionId: string): Promise<void> {
  await db.deleteFrom("organiser_sessions").where("id_hash", "=", hashToken(sessionId)).execute();
}

/** "Log out everywhere": every session of this organiser, this one included. */
export async function endAllSessions(db: DB, organiserId: number): Promise<number> {
  const rows = await db.deleteFrom("organiser_sessions").where("organiser_id", "=", organiserId).returning("organiser_id").execute();
  return rows.length;
}

export async function addMember(db: DB, organiserId: number, campaignId: number): Promise<void> {
  await db
    .insertInto("organiser_campaigns")
    .values({ organiser_id: organiserId, campaign_id: campaignId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Keys for throttling: the account (HMAC of the address) and the client (a daily keyed hash). */
export function loginThrottleKeys(crypto: Crypto, email: string, clientKey: string): { account: string; client: string } {
  return { account: Buffer.from(crypto.emailHmac(email)).toString("base64url"), client: clientKey };
}

/**
 * Seconds to wait when either the account or the client used up its failed attempts (the
 * `login.account` and `login.client` rows of the shared limiter), else 0.
 */
export async function loginBlockedFor(limiter: RateLimiter, keys: { account: string; client: string }): Promise<number> {
  return Math.max(await limiter.blockedFor("login.account", keys.account), await limiter.blockedFor("login.client", keys.client));
}

/** Only failures are counted: an organiser who types well is never throttled. */
export async function recordLoginFailure(limiter: RateLimiter, keys: { account: string; client: string }): Promise<void> {
  await limiter.tryConsume("login.account", keys.account);
  await limiter.tryConsume("login.client", keys.client);
}

/** A CSRF token bound to the session: forging one needs the session id and the app secret. */
export function csrfToken(secret: string, sessionId: string): string {
  return createHmac("sha256", secret).update(`csrf:${sessionId}`).digest("base64url");
}

/** Every organiser with their campaigns, for admins. Addresses are decrypted for this view only. */
export async function listOrganisers(db: DB, crypto: Crypto) {
  const rows = await db
    .selectFrom("organisers as o")
    .select([
      "o.id",
      "o.email_enc",
      "o.role",
      "o.disabled_at",
      "o.password_hash",
      sql<
        string[]
      >`coalesce((select array_agg(c.slug order by c.slug) from organiser_campaigns oc join campaigns c on c.id = oc.campaign_id where oc.organiser_id = o.id), '{}')`.as(
        "campaigns",
      ),
    ])
    .orderBy("o.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: crypto.decrypt(r.email_enc),
    role: r.role,
    disabled: r.disabled_at !== null,
    passwordSet: r.password_hash !== null,
    campaigns: r.campaigns ?? [],
  }));
}

export async function removeMember(db: DB, organiserId: number, campaignId: number): Promise<void> {
  await db.deleteFrom("organiser_campaigns").where("organiser_id", "=", organiserId).where("campaign_id", "=", campaignId).execute();
}

/**
 * Whether an address already has an account of another kind: a partner's invitation must never
 * turn an organiser or an administrator into a partner (or move a partner's account to another).
 */
export async function accountKind(db: DB, crypto: Crypto, email: string): Promise<{ role: OrganiserRole; partnerId: number | null } | null> {
  const row = await db.selectFrom("organisers").select(["role", "partner_id"]).where("email_hmac", "=", crypto.emailHmac(email)).executeTakeFirst();
  return row ? { role: row.role, partnerId: row.partner_id } : null;
}

/** The accounts of one partner, for its page: address, whether a password is set, disabled. */
export async function partnerAccounts(db: DB, crypto: Crypto, partnerId: number) {
  const rows = await db
    .selectFrom("organisers")
    .select(["id", "email_enc", "password_hash", "disabled_at"])
    .where("partner_id", "=", partnerId)
    .where("role", "=", "partner")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, email: crypto.decrypt(r.email_enc), passwordSet: r.password_hash !== null, disabled: r.disabled_at !== null }));
}

/** Disable an account (and end its sessions at once), or enable it again. */
export async function setOrganiserDisabled(db: DB, organiserId: number, disabled: boolean): Promise<void> {
  await db
    .updateTable("organisers")
    .set({ disabled_at: disabled ? sql`now()` : null })
    .where("id", "=", organiserId)
    .execute();
  if (disabled) await endAllSessions(db, organiserId);
}
