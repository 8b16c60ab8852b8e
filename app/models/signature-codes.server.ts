// A signature's confirmation link and the short code that stands for it when a link cannot be
// followed: how they are made, typed back and looked up.

import { randomInt } from "node:crypto";
import { type DB } from "../../db/index";
import { hashToken } from "../lib/crypto.server";

/** Confirmation links work this long; then the unconfirmed signature is deleted altogether. */
export const CONFIRM_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;

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

export const codeHash = (campaignId: number, canonical: string) => hashToken(`code:${campaignId}:${canonical}`);

/** The signature a confirmation link belongs to (for the withdraw link in its mail); null once deleted. */
export async function signatureIdForToken(db: DB, token: string): Promise<string | null> {
  const row = await db.selectFrom("signature_tokens").select("signature_id").where("token_hash", "=", hashToken(token)).executeTakeFirst();
  return row?.signature_id ?? null;
}
