// What an API caller may read: the campaigns it may see and its own confirmed signatures, with
// the signer's name and address only where that signer consented to this caller.

import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import type { TokenOwner } from "./api-token.server";

/**
 * Who is asking, resolved once per request. A partner reads its own campaign and the signatures
 * attributed to it; an organiser the campaigns the dashboard lets them manage (every campaign for
 * an admin). A partner's own dashboard account (role 'partner') counts as its partner.
 */
export type ApiCaller = { kind: "partner"; partnerId: number; campaignId: number } | { kind: "organiser"; organiserId: number; admin: boolean };

export async function apiCaller(db: DB, owner: TokenOwner): Promise<ApiCaller | null> {
  if (owner.kind === "partner") {
    const p = await db.selectFrom("partners").select("campaign_id").where("id", "=", owner.partnerId).executeTakeFirst();
    return p ? { kind: "partner", partnerId: owner.partnerId, campaignId: p.campaign_id } : null;
  }
  const o = await db
    .selectFrom("organisers as o")
    .leftJoin("partners as p", "p.id", "o.partner_id")
    .select(["o.role", "o.partner_id", "p.campaign_id", "p.disabled_at"])
    .where("o.id", "=", owner.organiserId)
    .executeTakeFirst();
  if (!o) return null;
  if (o.role === "partner")
    return o.partner_id !== null && o.campaign_id !== null && o.disabled_at === null
      ? { kind: "partner", partnerId: o.partner_id, campaignId: o.campaign_id }
      : null;
  return { kind: "organiser", organiserId: owner.organiserId, admin: o.role === "admin" };
}

export interface ApiCampaign {
  id: number;
  slug: string;
  status: string;
  defaultLocale: string;
  createdAt: Date;
  modifiedAt: Date;
  title: string;
  summary: string;
  confirmed: number;
}

/**
 * The campaigns a caller may see, oldest first; with `slug`, that one only. Access is this
 * query's WHERE clause, so a campaign the caller may not see and one that does not exist look
 * the same.
 */
export async function callerCampaigns(db: DB, caller: ApiCaller, slug?: string): Promise<ApiCampaign[]> {
  let q = db
    .selectFrom("campaigns as c")
    .leftJoin("campaign_translations as t", (j) => j.onRef("t.campaign_id", "=", "c.id").onRef("t.locale", "=", "c.default_locale"))
    .select([
      "c.id",
      "c.slug",
      "c.status",
      "c.default_locale",
      "c.created_at",
      "t.updated_at",
      "t.title",
      "t.summary",
      sql<number>`(select coalesce(sum(n), 0)::int from signature_counts s where s.campaign_id = c.id)`.as("confirmed"),
    ])
    .orderBy("c.id");
  if (slug !== undefined) q = q.where("c.slug", "=", slug);
  if (caller.kind === "partner") q = q.where("c.id", "=", caller.campaignId);
  else if (!caller.admin) {
    const organiserId = caller.organiserId;
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom("organiser_campaigns as oc").select("oc.campaign_id").whereRef("oc.campaign_id", "=", "c.id").where("oc.organiser_id", "=", organiserId),
      ),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    status: r.status,
    defaultLocale: r.default_locale,
    createdAt: new Date(r.created_at),
    modifiedAt: new Date(r.updated_at ?? r.created_at),
    title: r.title ?? r.slug,
    summary: r.summary ?? "",
    confirmed: Number(r.confirmed),
  }));
}

export interface CallerSignature {
  id: string;
  createdAt: Date;
  confirmedAt: Date | null;
  country: string;
  locale: string;
  /** Only where the signer consented to this caller; otherwise null. */
  name: string | null;
  email: string | null;
}

/** The caller's confirmed signatures in a campaign: for a partner those attributed to it. */
function callerSignatureRows(db: DB, caller: ApiCaller, campaignId: number) {
  let q = db.selectFrom("signatures as s").where("s.campaign_id", "=", campaignId).where("s.status", "=", "confirmed");
  if (caller.kind === "partner") q = q.where("s.partner_id", "=", caller.partnerId);
  return q;
}

export async function countCallerSignatures(db: DB, caller: ApiCaller, campaignId: number): Promise<number> {
  const row = await callerSignatureRows(db, caller, campaignId)
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page of them, newest first. The ciphertexts are selected only for rows whose signer
 * consented to this caller (a partner: `consent_partner`; an organiser: `consent_updates`) and
 * that are not anonymised, so the others' name and address never leave the database, not even
 * encrypted.
 */
export async function callerSignaturesPage(
  db: DB,
  crypto: Crypto,
  caller: ApiCaller,
  campaignId: number,
  offset: number,
  limit: number,
): Promise<CallerSignature[]> {
  const consent =
    caller.kind === "partner" ? sql<boolean>`s.consent_partner and s.anonymised_at is null` : sql<boolean>`s.consent_updates and s.anonymised_at is null`;
  const rows = await callerSignatureRows(db, caller, campaignId)
    .select([
      "s.id",
      "s.created_at",
      "s.confirmed_at",
      "s.country",
      "s.locale",
      sql<Uint8Array | null>`case when ${consent} then s.name_enc end`.as("name_enc"),
      sql<Uint8Array | null>`case when ${consent} then s.email_enc end`.as("email_enc"),
    ])
    .orderBy("s.id", "desc")
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    createdAt: new Date(r.created_at),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
    country: r.country,
    locale: r.locale,
    name: r.name_enc ? crypto.decrypt(r.name_enc) : null,
    email: r.email_enc ? crypto.decrypt(r.email_enc) : null,
  }));
}
