import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/index";
import type { TargetListMode, TargetsTable } from "../../db/schema";

/** What a public page may show of a target: never the address. */
export interface PublicTarget {
  publicId: string;
  name: string;
  role: string;
  organisation: string;
  country: string;
  area: string | null;
  /** How letters address them, where an organiser chose it; the composer's greeting preview uses it. */
  salutation: string | null;
}

export interface CampaignTargetList {
  id: number;
  slug: string;
  name: string;
  mode: TargetListMode;
  size: number;
}

export function newTargetPublicId(): string {
  return randomBytes(9).toString("base64url");
}

const publicColumns = ["t.public_id", "t.name", "t.role", "t.organisation", "t.country", "t.area", "t.salutation"] as const;
type PublicRow = { public_id: string; name: string; role: string; organisation: string; country: string; area: string | null; salutation: string | null };
const toPublic = (r: PublicRow): PublicTarget => ({
  publicId: r.public_id,
  name: r.name,
  role: r.role,
  organisation: r.organisation,
  country: r.country,
  area: r.area,
  salutation: r.salutation,
});

export async function targetListForCampaign(db: DB, campaignId: number): Promise<CampaignTargetList | undefined> {
  const row = await db
    .selectFrom("campaigns as c")
    .innerJoin("target_lists as l", "l.id", "c.target_list_id")
    .select(["l.id", "l.slug", "l.name", "l.mode"])
    .select((eb) =>
      eb
        .selectFrom("targets")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("targets.list_id", "=", "l.id")
        .as("size"),
    )
    .where("c.id", "=", campaignId)
    .executeTakeFirst();
  return row ? { id: row.id, slug: row.slug, name: row.name, mode: row.mode, size: Number(row.size ?? 0) } : undefined;
}

/**
 * The targets a supporter may address: on a fixed body every member; on a per-country list the
 * targets of the supporter's country (and area, when they chose one and the list has areas).
 */
export async function targetsForSupporter(
  db: DB,
  list: Pick<CampaignTargetList, "id" | "mode">,
  where: { country?: string; area?: string },
): Promise<PublicTarget[]> {
  let q = db
    .selectFrom("targets as t")
    .select([...publicColumns])
    .where("t.list_id", "=", list.id);
  if (list.mode === "by_country") {
    if (!where.country) return [];
    q = q.where("t.country", "=", where.country);
    if (where.area) q = q.where((eb) => eb.or([eb("t.area", "=", where.area!), eb("t.area", "is", null)]));
  }
  const rows = await q.orderBy("t.country").orderBy("t.area").orderBy("t.name").execute();
  return rows.map(toPublic);
}

/** Areas the list has in a country, for the composer's optional area choice. */
export async function areasInCountry(db: DB, listId: number, country: string): Promise<string[]> {
  const rows = await db
    .selectFrom("targets")
    .select("area")
    .distinct()
    .where("list_id", "=", listId)
    .where("country", "=", country)
    .where("area", "is not", null)
    .orderBy("area")
    .execute();
  return rows.map((r) => r.area!);
}

/** Resolve public ids to internal ids, keeping only targets on the list: nobody else can be addressed. */
export async function targetIdsOnList(db: DB, listId: number, publicIds: string[]): Promise<Map<string, number>> {
  if (publicIds.length === 0) return new Map();
  const rows = await db.selectFrom("targets").select(["id", "public_id"]).where("list_id", "=", listId).where("public_id", "in", publicIds).execute();
  return new Map(rows.map((r) => [r.public_id, r.id]));
}

/** A permanent bounce: stop writing to this address until an organiser corrects it. */
export async function markTargetFailing(db: DB, targetId: number, reason: string): Promise<void> {
  await db
    .updateTable("targets")
    .set({ email_status: "failing", email_failure: reason.slice(0, 500), email_failed_at: sql`now()` })
    .where("id", "=", targetId)
    .execute();
}

/** An organiser fixed the address: held messages to it go out at the next pass. */
export async function setTargetAddress(db: DB, targetId: number, email: string): Promise<void> {
  await db.updateTable("targets").set({ email, email_status: "ok", email_failure: null, email_failed_at: null }).where("id", "=", targetId).execute();
}

export async function findTargetList(db: DB, slug: string) {
  return db.selectFrom("target_lists").select(["id", "slug", "name", "mode"]).where("slug", "=", slug).executeTakeFirst();
}

export async function createTargetList(db: DB, list: { slug: string; name: string; mode: TargetListMode }) {
  return db.insertInto("target_lists").values(list).returning(["id", "slug", "name", "mode"]).executeTakeFirstOrThrow();
}

/** Lower-cased addresses already on a list, for duplicate checks before an import. */
export async function listEmails(db: DB, listId: number): Promise<Set<string>> {
  const rows = await db.selectFrom("targets").select("email").where("list_id", "=", listId).execute();
  return new Set(rows.map((r) => r.email.toLowerCase()));
}

/** An official to add to a list, as an import has checked it. */
export interface NewTarget {
  name: string;
  role: string;
  organisation: string;
  country: string;
  area: string | null;
  languages: string[];
  email: string;
  /** How letters address them, where their role does not tell. */
  salutation?: TargetsTable["salutation"];
}

/** Add checked rows to a list, all or none, reporting progress per batch. */
export async function importTargets(db: DB, listId: number, rows: NewTarget[], onProgress?: (done: number) => void): Promise<number> {
  const BATCH = 500;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await trx
        .insertInto("targets")
        .values(
          batch.map((r) => ({
            public_id: newTargetPublicId(),
            list_id: listId,
            name: r.name,
            role: r.role,
            organisation: r.organisation,
            country: r.country,
            area: r.area,
            languages: r.languages.join(","),
            email: r.email,
            salutation: r.salutation ?? null,
          })),
        )
        .execute();
      onProgress?.(Math.min(i + BATCH, rows.length));
    }
  });
  return rows.length;
}

/** Lists with their size and how many addresses are failing, for the admins' targets page. */
export async function listSummaries(db: DB) {
  const rows = await db
    .selectFrom("target_lists as l")
    .select([
      "l.id",
      "l.slug",
      "l.name",
      "l.mode",
      sql<number>`(select count(*)::int from targets t where t.list_id = l.id)`.as("size"),
      sql<number>`(select count(*)::int from targets t where t.list_id = l.id and t.email_status = 'failing')`.as("failing"),
    ])
    .orderBy("l.name")
    .execute();
  return rows.map((r) => ({ ...r, size: Number(r.size), failing: Number(r.failing) }));
}

/** Every target of a list with its address and its state: for admins only. */
export async function listTargets(db: DB, listId: number) {
  return db
    .selectFrom("targets")
    .select(["id", "name", "role", "organisation", "country", "area", "languages", "email", "email_status", "email_failure"])
    .where("list_id", "=", listId)
    .orderBy("email_status", "desc")
    .orderBy("country")
    .orderBy("name")
    .execute();
}
