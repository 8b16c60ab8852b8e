// Partner organisations of a campaign: who they are, where their pages may frame the action,
// and where their webhook goes.

import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { newToken } from "../lib/crypto.server";
import { issueApiToken } from "./api-token.server";

export interface Partner {
  id: number;
  campaignId: number;
  slug: string;
  name: string;
  website: string | null;
  listed: boolean;
  /** Origins allowed to frame the embed. */
  origins: string[];
  webhookUrl: string | null;
  webhookPaused: boolean;
  disabled: boolean;
}

type Row = {
  id: number;
  campaign_id: number;
  slug: string;
  name: string;
  website: string | null;
  listed: boolean;
  origins: string;
  webhook_url: string | null;
  webhook_paused_at: Date | null;
  disabled_at: Date | null;
};

const COLUMNS = ["id", "campaign_id", "slug", "name", "website", "listed", "origins", "webhook_url", "webhook_paused_at", "disabled_at"] as const;

function toPartner(r: Row): Partner {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    slug: r.slug,
    name: r.name,
    website: r.website,
    listed: r.listed,
    origins: r.origins.split(" ").filter(Boolean),
    webhookUrl: r.webhook_url,
    webhookPaused: r.webhook_paused_at !== null,
    disabled: r.disabled_at !== null,
  };
}

export interface NewPartner {
  campaignId: number;
  slug: string;
  name: string;
  website: string | null;
  listed: boolean;
  origins: string[];
  webhookUrl: string | null;
}

/**
 * A partner with its API token and, when it has a webhook, the secret that signs deliveries.
 * Both are returned once, here; the token is kept only as a hash. A slug already taken in the
 * campaign gets a number (`-2`, `-3`…).
 */
export async function createPartner(db: DB, crypto: Crypto, p: NewPartner): Promise<{ partner: Partner; token: string; webhookSecret: string | null }> {
  const taken = new Set(
    (await db.selectFrom("partners").select("slug").where("campaign_id", "=", p.campaignId).where("slug", "like", `${p.slug}%`).execute()).map((r) => r.slug),
  );
  let slug = p.slug;
  for (let n = 2; taken.has(slug); n++) slug = `${p.slug.slice(0, 36)}-${n}`;
  const webhookSecret = p.webhookUrl ? `whsec_${newToken()}` : null;
  const row = await db
    .insertInto("partners")
    .values({
      campaign_id: p.campaignId,
      slug,
      name: p.name,
      website: p.website,
      listed: p.listed,
      origins: p.origins.join(" "),
      webhook_url: p.webhookUrl,
      webhook_secret_enc: webhookSecret ? crypto.encrypt(webhookSecret) : null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  const token = await issueApiToken(db, { partnerId: row.id });
  return { partner: toPartner(row), token, webhookSecret };
}

/** The live partner a `?partner=` link names in this campaign, if any. */
export async function findPartner(db: DB, campaignId: number, slug: string): Promise<Partner | undefined> {
  const row = await db
    .selectFrom("partners")
    .select(COLUMNS)
    .where("campaign_id", "=", campaignId)
    .where("slug", "=", slug)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return row ? toPartner(row) : undefined;
}

export async function partnerById(db: DB, id: number): Promise<Partner | undefined> {
  const row = await db.selectFrom("partners").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toPartner(row) : undefined;
}

/** Every partner of a campaign, for its organisers. */
export async function campaignPartners(db: DB, campaignId: number): Promise<Partner[]> {
  const rows = await db.selectFrom("partners").select(COLUMNS).where("campaign_id", "=", campaignId).orderBy("name").execute();
  return rows.map(toPartner);
}

/** The partners a campaign page names: listed and live. */
export async function listedPartners(db: DB, campaignId: number): Promise<{ name: string; website: string | null }[]> {
  return db
    .selectFrom("partners")
    .select(["name", "website"])
    .where("campaign_id", "=", campaignId)
    .where("listed", "=", true)
    .where("disabled_at", "is", null)
    .orderBy("name")
    .execute();
}

/** The secret that signs this partner's webhook deliveries. */
export async function webhookSecret(db: DB, crypto: Crypto, partnerId: number): Promise<string | null> {
  const row = await db.selectFrom("partners").select("webhook_secret_enc").where("id", "=", partnerId).executeTakeFirst();
  return row?.webhook_secret_enc ? crypto.decrypt(row.webhook_secret_enc) : null;
}

export interface PartnerChanges {
  name: string;
  website: string | null;
  listed: boolean;
  origins: string[];
  webhookUrl: string | null;
  disabled: boolean;
}

/**
 * An organiser's edit. A webhook set for the first time gets a secret, returned once; a changed
 * URL keeps the secret (the receiver's configuration stays valid) and resumes paused deliveries.
 */
export async function updatePartner(db: DB, crypto: Crypto, id: number, c: PartnerChanges): Promise<{ webhookSecret: string | null }> {
  const before = await db.selectFrom("partners").select(["webhook_url", "webhook_secret_enc"]).where("id", "=", id).executeTakeFirstOrThrow();
  const secret = c.webhookUrl && !before.webhook_secret_enc ? `whsec_${newToken()}` : null;
  await db
    .updateTable("partners")
    .set({
      name: c.name,
      website: c.website,
      listed: c.listed,
      origins: c.origins.join(" "),
      webhook_url: c.webhookUrl,
      ...(secret ? { webhook_secret_enc: crypto.encrypt(secret) } : {}),
      // A new address starts with a clean record: no pause, no run of failures counted against it.
      ...(c.webhookUrl !== before.webhook_url ? { webhook_paused_at: null, webhook_failing_since: null } : {}),
      disabled_at: c.disabled ? new Date() : null,
    })
    .where("id", "=", id)
    .execute();
  return { webhookSecret: secret };
}
