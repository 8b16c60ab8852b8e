import type { Kysely } from "kysely";

/**
 * The throttle of the OSDI API (docs/osdi-api.md): requests per API token. A partner's tool
 * that syncs its list pages through a few hundred signatures a minute at most; a leaked token
 * used to scrape or to flood the signing helper is held to the same pace. Organisers tune it
 * at /dashboard/abuse like every other throttle.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("rate_limits")
    .values({ name: "api.token", points: 120, duration_s: 60 })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("rate_limits").where("name", "=", "api.token").execute();
}
