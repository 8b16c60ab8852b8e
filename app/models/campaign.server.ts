import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { Campaign, CampaignStatus } from "../../db/schema";
import { publicTranslationSql } from "./campaign-admin.server";

export interface CampaignContent {
  title: string;
  summary: string;
  body: string;
  demand: string;
  addressedTo: string;
  /** The letter supporters start from when writing to the campaign's targets. */
  messageSubject: string;
  messageBody: string;
  /**
   * The locale this text is written in: the one asked for when it is complete (see
   * publicTranslationSql), else the campaign's default. Pages mark text in another language
   * than theirs with this as its `lang`.
   */
  locale: string;
}

export interface CampaignView {
  id: number;
  slug: string;
  status: CampaignStatus;
  goal: number;
  defaultLocale: string;
  closedAt: Date | null;
  signatureCount: number;
  targetListId: number | null;
  dailyTargetCap: number;
  /** Signing asks for a proof of work (an attack is on); without JavaScript, a slower queue. */
  powRequired: boolean;
  /** Confirmation mails name no campaign and come from a plain sender. */
  neutralMail: boolean;
  content: CampaignContent;
}

const PUBLIC_STATUSES: CampaignStatus[] = ["open", "closed"];
/** Countries with fewer confirmed signers than this are folded into "other" on every public surface. */
export const SMALL_GROUP_THRESHOLD = 10;

/**
 * Confirmed signatures per campaign, from the sharded counter rows (a handful per campaign and
 * country), never from COUNT(*) over signatures.
 */
function countsSubquery(db: DB) {
  return db
    .selectFrom("signature_counts")
    .select(["campaign_id", sql<number>`coalesce(sum(n), 0)::int`.as("total")])
    .groupBy("campaign_id")
    .as("c");
}

/**
 * Which texts a reader may get: only complete languages (and the default), or — for organisers
 * previewing their own campaign — whatever is written in the language asked for.
 */
export type Texts = "public" | "as-written";

/**
 * The text in `lang` where readers may see it, else in the campaign's default language: a
 * language saved half-written (a title and nothing else) must not empty the public page.
 */
function contentSubquery(db: DB, lang: string, texts: Texts) {
  return db
    .selectFrom("campaign_translations as t")
    .innerJoin("campaigns as cc", "cc.id", "t.campaign_id")
    .distinctOn("t.campaign_id")
    .select(["t.campaign_id", "t.locale", "t.title", "t.summary", "t.body", "t.demand", "t.addressed_to", "t.message_subject", "t.message_body"])
    .where((eb) => eb.or([eb("t.locale", "=", lang), eb("t.locale", "=", eb.ref("cc.default_locale"))]))
    .$if(texts === "public", (q) => q.where(publicTranslationSql("t", "cc")))
    .orderBy("t.campaign_id")
    .orderBy(sql`t.locale = ${lang}`, "desc")
    .as("tr");
}

function baseQuery(db: DB, lang: string, texts: Texts = "public") {
  return db
    .selectFrom("campaigns as cp")
    .innerJoin(contentSubquery(db, lang, texts), "tr.campaign_id", "cp.id")
    .leftJoin(countsSubquery(db), "c.campaign_id", "cp.id")
    .select([
      "cp.id",
      "cp.slug",
      "cp.status",
      "cp.goal",
      "cp.default_locale",
      "cp.closed_at",
      "cp.target_list_id",
      "cp.daily_target_cap",
      "cp.pow_required",
      "cp.neutral_mail",
      "tr.locale",
      "tr.title",
      "tr.summary",
      "tr.body",
      "tr.demand",
      "tr.addressed_to",
      "tr.message_subject",
      "tr.message_body",
      sql<number>`coalesce(c.total, 0)`.as("signature_count"),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function toView(r: Row): CampaignView {
  return {
    id: r.id,
    slug: r.slug,
    status: r.status,
    goal: r.goal,
    defaultLocale: r.default_locale,
    closedAt: r.closed_at,
    signatureCount: Number(r.signature_count),
    targetListId: r.target_list_id,
    dailyTargetCap: r.daily_target_cap,
    powRequired: r.pow_required,
    neutralMail: r.neutral_mail,
    content: {
      title: r.title,
      summary: r.summary,
      body: r.body,
      demand: r.demand,
      addressedTo: r.addressed_to,
      messageSubject: r.message_subject,
      messageBody: r.message_body,
      locale: r.locale,
    },
  };
}

/** Open campaigns first, then closed ones; drafts and archived campaigns are not public. */
export async function listPublicCampaigns(db: DB, lang: string): Promise<CampaignView[]> {
  const rows = await baseQuery(db, lang)
    .where("cp.status", "in", PUBLIC_STATUSES)
    .orderBy(sql`cp.status = 'open'`, "desc")
    .orderBy("cp.id")
    .execute();
  return rows.map(toView);
}

export async function findPublicCampaign(db: DB, slug: string, lang: string): Promise<CampaignView | undefined> {
  return find(db, slug, lang, PUBLIC_STATUSES, "public");
}

/**
 * Any campaign, drafts included: for organisers' previews, behind their access check. The text
 * is the one written in `lang`, complete or not, so organisers see what they are writing.
 */
export async function findCampaign(
  db: DB,
  slug: string,
  lang: string,
  statuses: CampaignStatus[] = ["draft", "open", "closed", "archived"],
): Promise<CampaignView | undefined> {
  return find(db, slug, lang, statuses, "as-written");
}

async function find(db: DB, slug: string, lang: string, statuses: CampaignStatus[], texts: Texts): Promise<CampaignView | undefined> {
  // Not a slug Padauk could have made (a NUL byte is not even valid text for Postgres): no such campaign.
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined;
  const row = await baseQuery(db, lang, texts).where("cp.slug", "=", slug).where("cp.status", "in", statuses).executeTakeFirst();
  return row && toView(row);
}

/**
 * Locales in which the campaign can be read, default first: for the language switcher and the
 * `hreflang` alternates. "as-written" (organisers' previews) lists every language started.
 */
export async function campaignLocales(db: DB, campaignId: number, texts: Texts = "public"): Promise<string[]> {
  const rows = await db
    .selectFrom("campaign_translations as t")
    .innerJoin("campaigns as c", "c.id", "t.campaign_id")
    .select("t.locale")
    .where("t.campaign_id", "=", campaignId)
    .$if(texts === "public", (q) => q.where(publicTranslationSql("t", "c")))
    .orderBy(sql`t.locale = c.default_locale`, "desc")
    .orderBy("t.locale")
    .execute();
  return rows.map((r) => r.locale);
}

/** Titles in every locale readers may see (complete ones and the default), for the JSON API. */
export async function campaignTitles(db: DB, campaignIds: number[]): Promise<Map<number, Record<string, string>>> {
  const out = new Map<number, Record<string, string>>();
  if (campaignIds.length === 0) return out;
  const rows = await db
    .selectFrom("campaign_translations as t")
    .innerJoin("campaigns as c", "c.id", "t.campaign_id")
    .select(["t.campaign_id", "t.locale", "t.title"])
    .where("t.campaign_id", "in", campaignIds)
    .where(publicTranslationSql("t", "c"))
    .orderBy("t.locale")
    .execute();
  for (const r of rows) {
    const titles = out.get(r.campaign_id) ?? {};
    titles[r.locale] = r.title;
    out.set(r.campaign_id, titles);
  }
  return out;
}

export interface CountryCount {
  /** ISO 3166-1 alpha-2, or "other" for the folded small groups. */
  country: string;
  count: number;
}

/**
 * Confirmed signatures by country, with every country below the threshold folded into "other",
 * so that a small group of signers (a handful from one country) can never be singled out.
 */
export async function signaturesByCountry(db: DB, campaignId: number, threshold = SMALL_GROUP_THRESHOLD): Promise<CountryCount[]> {
  const rows = await db
    .selectFrom("signature_counts")
    .select(["country", sql<number>`sum(n)::int`.as("count")])
    .where("campaign_id", "=", campaignId)
    .groupBy("country")
    .execute();
  return foldSmallGroups(
    rows.map((r) => ({ country: r.country, count: Number(r.count) })),
    threshold,
  );
}

export function foldSmallGroups(rows: CountryCount[], threshold: number): CountryCount[] {
  const kept = rows.filter((r) => r.count >= threshold).sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
  const other = rows.filter((r) => r.count > 0 && r.count < threshold).reduce((s, r) => s + r.count, 0);
  return other > 0 ? [...kept, { country: "other", count: other }] : kept;
}

/** A signature made while open may still be confirmed for this long after the campaign closes. */
export const CONFIRMATION_GRACE_MS = 24 * 60 * 60 * 1000;

export function acceptsConfirmations(c: Pick<Campaign, "status" | "closed_at">, now = new Date()): boolean {
  if (c.status === "open") return true;
  if (c.status !== "closed" || !c.closed_at) return false;
  return now.getTime() - new Date(c.closed_at).getTime() <= CONFIRMATION_GRACE_MS;
}

export async function closeCampaign(db: DB, campaignId: number, at = new Date()): Promise<void> {
  await db.updateTable("campaigns").set({ status: "closed", closed_at: at }).where("id", "=", campaignId).where("status", "=", "open").execute();
}
