// API tokens for partners' and organisers' tools: shown once, kept as a SHA-256, revocable.

import { sql } from "kysely";
import type { DB } from "../../db/index";
import { hashToken, newToken } from "../lib/crypto.server";

/** A token reads as Padauk's in a config file or a leak scanner: `pdk_` and 43 URL-safe characters. */
const PREFIX = "pdk_";
const SHAPE = /^pdk_[A-Za-z0-9_-]{43}$/;

export type TokenOwner = { kind: "partner"; partnerId: number; tokenId: number } | { kind: "organiser"; organiserId: number; tokenId: number };

/** A new token for a partner or an organiser; earlier ones of the same owner are revoked (one each). */
export async function issueApiToken(db: DB, owner: { partnerId: number } | { organiserId: number }): Promise<string> {
  const token = PREFIX + newToken();
  await db.transaction().execute(async (trx) => {
    const mine = "partnerId" in owner ? (["partner_id", owner.partnerId] as const) : (["organiser_id", owner.organiserId] as const);
    await trx
      .updateTable("api_tokens")
      .set({ revoked_at: sql`now()` })
      .where(mine[0], "=", mine[1])
      .where("revoked_at", "is", null)
      .execute();
    await trx
      .insertInto("api_tokens")
      .values({
        token_hash: hashToken(token),
        partner_id: "partnerId" in owner ? owner.partnerId : null,
        organiser_id: "organiserId" in owner ? owner.organiserId : null,
      })
      .execute();
  });
  return token;
}

/** Who a token belongs to, or null for a malformed, unknown or revoked one (or a disabled owner). */
export async function apiTokenOwner(db: DB, token: string): Promise<TokenOwner | null> {
  if (!SHAPE.test(token)) return null;
  const row = await db
    .selectFrom("api_tokens as t")
    .leftJoin("partners as p", "p.id", "t.partner_id")
    .leftJoin("organisers as o", "o.id", "t.organiser_id")
    .select(["t.id", "t.partner_id", "t.organiser_id", "p.disabled_at as partner_disabled", "o.disabled_at as organiser_disabled"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  // Last use to the minute is enough for "is this token still in use?", and costs one write a minute.
  await db
    .updateTable("api_tokens")
    .set({ last_used_at: sql`now()` })
    .where("id", "=", row.id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", sql<Date>`now() - interval '1 minute'`)]))
    .execute();
  if (row.partner_id !== null) return row.partner_disabled ? null : { kind: "partner", partnerId: row.partner_id, tokenId: row.id };
  if (row.organiser_id !== null) return row.organiser_disabled ? null : { kind: "organiser", organiserId: row.organiser_id, tokenId: row.id };
  return null;
}

/** The live token's creation and last use, for the partner view (the token itself is never shown again). */
export async function apiTokenStatus(db: DB, owner: { partnerId: number } | { organiserId: number }) {
  const q = db.selectFrom("api_tokens").select(["created_at", "last_used_at"]).where("revoked_at", "is", null);
  const row = await ("partnerId" in owner ? q.where("partner_id", "=", owner.partnerId) : q.where("organiser_id", "=", owner.organiserId)).executeTakeFirst();
  return row ? { createdAt: row.created_at, lastUsedAt: row.last_used_at } : null;
}

export async function revokeApiTokens(db: DB, owner: { partnerId: number } | { organiserId: number }): Promise<number> {
  const q = db
    .updateTable("api_tokens")
    .set({ revoked_at: sql`now()` })
    .where("revoked_at", "is", null);
  const r = await ("partnerId" in owner ? q.where("partner_id", "=", owner.partnerId) : q.where("organiser_id", "=", owner.organiserId)).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
