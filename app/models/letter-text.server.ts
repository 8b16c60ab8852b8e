// The letter a confirmation mail quotes.

import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { hashToken } from "../lib/crypto.server";

/**
 * The letter a confirmation link stands for, decrypted for the mail that quotes it (so the writer
 * confirms what they read, not what they remember); null once confirmed, expired or erased.
 */
export async function pendingLetterText(db: DB, crypto: Crypto, token: string): Promise<{ subject: string; body: string } | null> {
  const m = await db
    .selectFrom("messages")
    .select(["subject_enc", "body_enc"])
    .where("confirm_token_hash", "=", hashToken(token))
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (!m?.subject_enc || !m.body_enc) return null;
  return { subject: crypto.decrypt(m.subject_enc), body: crypto.decrypt(m.body_enc) };
}
