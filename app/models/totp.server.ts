import { authenticator } from "otplib";
import type { DB } from "../../db/index";
import type { Crypto } from "../services/crypto.server";

const STEP_SECONDS = 30;
// One step either side: a phone clock a little off still works.
authenticator.options = { window: 1, step: STEP_SECONDS };

/** Start enrolment: a new secret, stored encrypted, not yet required at login. */
export async function beginTotp(db: DB, crypto: Crypto, organiserId: number, email: string): Promise<{ secret: string; uri: string }> {
  const secret = authenticator.generateSecret();
  await db.updateTable("organisers").set({ totp_secret_enc: crypto.encrypt(secret), totp_enabled_at: null, totp_last_step: null }).where("id", "=", organiserId).execute();
  return { secret, uri: authenticator.keyuri(email, "Padauk", secret) };
}

export async function totpStatus(db: DB, organiserId: number): Promise<"off" | "pending" | "on"> {
  const r = await db.selectFrom("organisers").select(["totp_secret_enc", "totp_enabled_at"]).where("id", "=", organiserId).executeTakeFirstOrThrow();
  return r.totp_enabled_at ? "on" : r.totp_secret_enc ? "pending" : "off";
}

/**
 * Check a code against the organiser's secret, once: a code's time step is remembered, so the
 * same code (or an older one) is refused afterwards.
 */
export async function checkTotp(db: DB, crypto: Crypto, organiserId: number, code: string, now = Date.now()): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const r = await db.selectFrom("organisers").select(["totp_secret_enc", "totp_last_step"]).where("id", "=", organiserId).executeTakeFirst();
  if (!r?.totp_secret_enc) return false;
  const secret = crypto.decrypt(r.totp_secret_enc);
  const step = Math.floor(now / 1000 / STEP_SECONDS);
  // Which step within the window the code belongs to.
  let matched: number | null = null;
  for (const delta of [0, -1, 1]) {
    authenticator.options = { window: 0, step: STEP_SECONDS, epoch: (step + delta) * STEP_SECONDS * 1000 };
    if (authenticator.check(code, secret)) matched = step + delta;
  }
  authenticator.options = { window: 1, step: STEP_SECONDS };
  if (matched === null || (r.totp_last_step !== null && matched <= Number(r.totp_last_step))) return false;
  await db.updateTable("organisers").set({ totp_last_step: String(matched) }).where("id", "=", organiserId).execute();
  return true;
}

export async function enableTotp(db: DB, organiserId: number): Promise<void> {
  await db.updateTable("organisers").set({ totp_enabled_at: new Date() }).where("id", "=", organiserId).execute();
}

export async function disableTotp(db: DB, organiserId: number): Promise<void> {
  await db.updateTable("organisers").set({ totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null }).where("id", "=", organiserId).execute();
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
