import { authenticator } from "otplib";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";

const STEP_SECONDS = 30;
// One step either side: a phone clock a little off still works.
authenticator.options = { window: 1, step: STEP_SECONDS };

/**
 * Start enrolment (or re-enrolment): a new secret, stored encrypted as *pending*. While two-step
 * login is on, the current secret stays in force until the new one is confirmed with a code, so
 * starting over never leaves the account without its second factor. The route asks for a
 * current code before calling this when two-step login is on.
 */
export async function beginTotp(db: DB, crypto: Crypto, organiserId: number, email: string): Promise<{ secret: string; uri: string }> {
  const secret = authenticator.generateSecret();
  await db
    .updateTable("organisers")
    .set({ totp_pending_enc: crypto.encrypt(secret) })
    .where("id", "=", organiserId)
    .execute();
  return { secret, uri: authenticator.keyuri(email, "Padauk", secret) };
}

export type TotpStatus = "off" | "pending" | "on";

/** "on" while a confirmed secret is required at login, even during a re-enrolment. */
export async function totpStatus(db: DB, organiserId: number): Promise<TotpStatus> {
  const r = await db
    .selectFrom("organisers")
    .select(["totp_secret_enc", "totp_enabled_at", "totp_pending_enc"])
    .where("id", "=", organiserId)
    .executeTakeFirstOrThrow();
  return r.totp_enabled_at && r.totp_secret_enc ? "on" : r.totp_pending_enc ? "pending" : "off";
}

/** The time step (within one step of drift) whose code this is, or null. */
function matchingStep(secret: string, code: string, now: number): number | null {
  const step = Math.floor(now / 1000 / STEP_SECONDS);
  let matched: number | null = null;
  for (const delta of [0, -1, 1]) {
    authenticator.options = { window: 0, step: STEP_SECONDS, epoch: (step + delta) * STEP_SECONDS * 1000 };
    if (authenticator.check(code, secret)) matched = step + delta;
  }
  authenticator.options = { window: 1, step: STEP_SECONDS };
  return matched;
}

/**
 * Spend a code's time step: the row changes only if no later-or-equal step was used before, so
 * of two concurrent submissions of one code exactly one succeeds (on Postgres and PGlite alike).
 */
async function spendStep(db: DB, organiserId: number, step: number): Promise<boolean> {
  const row = await db
    .updateTable("organisers")
    .set({ totp_last_step: String(step) })
    .where("id", "=", organiserId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", String(step))]))
    .returning("id")
    .executeTakeFirst();
  return !!row;
}

/**
 * Check a code against the organiser's confirmed secret, once: a code's time step is
 * remembered, so the same code (or an older one) is refused afterwards.
 */
export async function checkTotp(db: DB, crypto: Crypto, organiserId: number, code: string, now = Date.now()): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const r = await db.selectFrom("organisers").select(["totp_secret_enc"]).where("id", "=", organiserId).executeTakeFirst();
  if (!r?.totp_secret_enc) return false;
  const step = matchingStep(crypto.decrypt(r.totp_secret_enc), code, now);
  return step !== null && (await spendStep(db, organiserId, step));
}

/**
 * Confirm an enrolment with a code from the new secret: it becomes the secret login asks for
 * (replacing the old one on a re-enrolment). False if the code is wrong or already used.
 */
export async function confirmTotp(db: DB, crypto: Crypto, organiserId: number, code: string, now = Date.now()): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const r = await db.selectFrom("organisers").select(["totp_pending_enc"]).where("id", "=", organiserId).executeTakeFirst();
  if (!r?.totp_pending_enc) return false;
  const step = matchingStep(crypto.decrypt(r.totp_pending_enc), code, now);
  if (step === null) return false;
  // One statement: the pending secret moves only if it is still the one the code was checked
  // against, so two concurrent confirmations (or a new enrolment begun meanwhile) cannot both win.
  const moved = await db
    .updateTable("organisers")
    .set({ totp_secret_enc: sql`totp_pending_enc`, totp_pending_enc: null, totp_enabled_at: new Date(), totp_last_step: String(step) })
    .where("id", "=", organiserId)
    .where("totp_pending_enc", "=", r.totp_pending_enc)
    .returning("id")
    .executeTakeFirst();
  return !!moved;
}

export async function disableTotp(db: DB, organiserId: number): Promise<void> {
  await db
    .updateTable("organisers")
    .set({ totp_secret_enc: null, totp_pending_enc: null, totp_enabled_at: null, totp_last_step: null })
    .where("id", "=", organiserId)
    .execute();
}

export async function totpRequired(db: DB, organiserId: number): Promise<boolean> {
  return (await totpStatus(db, organiserId)) === "on";
}

/** For tests: the current code of a secret. */
export function totpCode(secret: string, now = Date.now()): string {
  authenticator.options = { window: 0, step: STEP_SECONDS, epoch: now };
  const code = authenticator.generate(secret);
  authenticator.options = { window: 1, step: STEP_SECONDS };
  return code;
}
