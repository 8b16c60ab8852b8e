import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { CampaignStatus } from "../../db/schema";

import { TRANSLATION_FIELDS } from "../lib/limits";

export type TranslationField = (typeof TRANSLATION_FIELDS)[number];
/** A language is complete when these are written; the letter template is needed only with targets. */
export const REQUIRED_FIELDS: TranslationField[] = ["title", "summary", "body", "demand", "addressed_to"];
const LETTER_FIELDS: TranslationField[] = ["message_subject", "message_body"];

export type TranslationText = Record<TranslationField, string>;

export function requiredFields(hasTargets: boolean): TranslationField[] {
  return hasTargets ? [...REQUIRED_FIELDS, ...LETTER_FIELDS] : REQUIRED_FIELDS;
}

/**
 * Whitespace as JavaScript's trim() knows it. A field is written when it holds any other
 * character; the completeness view (here, in JavaScript) and the public pages (in SQL) use this
 * same set, so they never disagree about a field holding only spaces or line breaks.
 */
const SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
const WRITTEN = new RegExp(`[^${SPACE}]`);

export function isWritten(text: string | null | undefined): boolean {
  return !!text && WRITTEN.test(text);
}

/** isWritten in SQL, for a column. The pattern is a parameter: Postgres reads the same characters. */
function writtenSql(column: string) {
  return sql<boolean>`(${sql.ref(column)} ~ ${`[^${SPACE}]`})`;
}

/**
 * A translation row `t` of campaign `c` that readers may see: the campaign's default language
 * (always: it is what every other reader falls back to), or a language with every field
 * missingFields asks for. The same rule as the completeness view, written once from the same lists.
 */
export function publicTranslationSql(t: string, c: string) {
  const written = (fields: TranslationField[]) =>
    sql.join(
      fields.map((f) => writtenSql(`${t}.${f}`)),
      sql` and `,
    );
  const letter = requiredFields(true).filter((f) => !requiredFields(false).includes(f));
  return sql<boolean>`(${sql.ref(`${t}.locale`)} = ${sql.ref(`${c}.default_locale`)} or (${written(requiredFields(false))} and (${sql.ref(`${c}.target_list_id`)} is null or (${written(letter)}))))`;
}

export async function createCampaign(
  db: DB,
  c: {
    slug: string;
    /** Written as the default language's title when given. */ title?: string;
    defaultLocale: string;
    goal: number;
    targetListId: number | null;
  },
  organiserId: number,
): Promise<"created" | "slug-taken" | "unknown-list"> {
  return db.transaction().execute(async (trx) => {
    if (!(await listExists(trx, c.targetListId))) return "unknown-list";
    const row = await trx
      .insertInto("campaigns")
      .values({ slug: c.slug, default_locale: c.defaultLocale, goal: c.goal, status: "draft", target_list_id: c.targetListId })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return "slug-taken";
    // The title it was created with, in its default language; the rest is written next.
    if (c.title) {
      await trx
        .insertInto("campaign_translations")
        .values({ campaign_id: row.id, locale: c.defaultLocale, title: c.title, summary: "", body: "", demand: "", addressed_to: "" })
        .execute();
    }
    // Whoever creates a campaign runs it.
    await trx.insertInto("organiser_campaigns").values({ organiser_id: organiserId, campaign_id: row.id }).execute();
    return "created";
  });
}

/** `base`, or `base-2` … `base-99`, whichever no campaign has yet: a suggestion for a taken address. */
export async function freeAddress(db: DB, base: string): Promise<string> {
  const stem = base.slice(0, 56).replace(/-+$/, "");
  const candidates = [base, ...Array.from({ length: 98 }, (_, i) => `${stem}-${i + 2}`)];
  const taken = new Set((await db.selectFrom("campaigns").select("slug").where("slug", "in", candidates).execute()).map((r) => r.slug));
  return candidates.find((c) => !taken.has(c)) ?? `${stem}-${Date.now().toString(36)}`;
}

/** A form names a target list by id: one that does not exist is the form's fault, not a 500. */
async function listExists(db: DB, listId: number | null): Promise<boolean> {
  return listId === null || !!(await db.selectFrom("target_lists").select("id").where("id", "=", listId).executeTakeFirst());
}

export async function campaignTranslations(db: DB, campaignId: number): Promise<Map<string, TranslationText>> {
  const rows = await db
    .selectFrom("campaign_translations")
    .select(["locale", ...TRANSLATION_FIELDS])
    .where("campaign_id", "=", campaignId)
    .execute();
  return new Map(rows.map(({ locale, ...text }) => [locale, text]));
}

/** What a language still lacks before it is complete, and so before readers see it. */
export function missingFields(text: Partial<TranslationText> | undefined, hasTargets: boolean): TranslationField[] {
  return requiredFields(hasTargets).filter((f) => !isWritten(text?.[f]));
}

export async function saveTranslation(db: DB, campaignId: number, locale: string, text: TranslationText): Promise<void> {
  await db
    .insertInto("campaign_translations")
    .values({ campaign_id: campaignId, locale, ...text })
    .onConflict((oc) => oc.columns(["campaign_id", "locale"]).doUpdateSet({ ...text, updated_at: sql`now()` }))
    .execute();
}

/** Which status may follow which: draft → open → closed → archived; a closed campaign may reopen. */
const NEXT: Record<CampaignStatus, CampaignStatus[]> = {
  draft: ["open"],
  open: ["closed"],
  closed: ["open", "archived"],
  archived: [],
};

export function allowedTransitions(status: CampaignStatus): CampaignStatus[] {
  return NEXT[status];
}

export type SettingsResult = "saved" | "transition-not-allowed" | "default-incomplete" | "unknown-list";

/**
 * Save goal, target list, daily cap and status. Opening requires the default language to be
 * complete (a campaign is never public half-written).
 */
export async function updateSettings(
  db: DB,
  campaignId: number,
  s: {
    goal: number;
    targetListId: number | null;
    dailyTargetCap: number;
    status: CampaignStatus;
    retentionDays?: number;
    powRequired?: boolean;
    neutralMail?: boolean;
    paperCountsToGoal?: boolean;
  },
): Promise<SettingsResult> {
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom("campaigns").select(["status", "default_locale"]).where("id", "=", campaignId).forUpdate().executeTakeFirstOrThrow();
    if (!(await listExists(trx, s.targetListId))) return "unknown-list";
    if (s.status !== c.status && !NEXT[c.status].includes(s.status)) return "transition-not-allowed";
    if (s.status === "open" && c.status !== "open") {
      const text = await trx
        .selectFrom("campaign_translations")
        .select([...TRANSLATION_FIELDS])
        .where("campaign_id", "=", campaignId)
        .where("locale", "=", c.default_locale)
        .executeTakeFirst();
      if (missingFields(text, s.targetListId !== null).length) return "default-incomplete";
    }
    await trx
      .updateTable("campaigns")
      .set({
        goal: s.goal,
        target_list_id: s.targetListId,
        daily_target_cap: s.dailyTargetCap,
        ...(s.retentionDays ? { retention_days: s.retentionDays } : {}),
        ...(s.powRequired !== undefined ? { pow_required: s.powRequired } : {}),
        ...(s.neutralMail !== undefined ? { neutral_mail: s.neutralMail } : {}),
        ...(s.paperCountsToGoal !== undefined ? { paper_counts_to_goal: s.paperCountsToGoal } : {}),
        status: s.status,
        ...(s.status === "open" && c.status !== "open" ? { opened_at: sql`coalesce(opened_at, now())`, closed_at: null } : {}),
        ...(s.status === "closed" && c.status !== "closed" ? { closed_at: sql`now()` } : {}),
      })
      .where("id", "=", campaignId)
      .execute();
    return "saved";
  });
}

export async function targetLists(db: DB) {
  return db.selectFrom("target_lists").select(["id", "slug", "name", "mode"]).orderBy("name").execute();
}

export async function campaignSettings(db: DB, campaignId: number) {
  return db
    .selectFrom("campaigns")
    .select([
      "id",
      "slug",
      "status",
      "goal",
      "default_locale",
      "target_list_id",
      "daily_target_cap",
      "retention_days",
      "pow_required",
      "neutral_mail",
      "paper_counts_to_goal",
    ])
    .where("id", "=", campaignId)
    .executeTakeFirstOrThrow();
}
