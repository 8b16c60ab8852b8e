import { sql, type Kysely } from "kysely";

/**
 * Abuse resistance as data (docs/signer-safety.md, "Throttles"): throttles organisers can tune, the buckets the
 * limiter keeps, email-domain rules, and per-campaign switches for hard times.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per throttle: `points` actions per `duration_s` seconds per key.
  await db.schema
    .createTable("rate_limits")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("points", "integer", (c) => c.notNull().check(sql`points > 0`))
    .addColumn("duration_s", "integer", (c) => c.notNull().check(sql`duration_s > 0`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  const limits: [string, number, number][] = [
    ["sign.client", 20, 60],
    ["sign.client.hour", 300, 3600],
    ["sign.domain", 2000, 60],
    ["sign.campaign", 30000, 60],
    ["sign.nojs", 60, 60],
    ["mail.recipient", 3, 3600],
    ["write.client", 10, 60],
    ["write.client.hour", 100, 3600],
    ["confirm.client", 60, 60],
    ["delete.client", 30, 60],
    ["export.client", 5, 3600],
    ["login.client", 20, 900],
    ["login.account", 5, 900],
  ];
  await db
    .insertInto("rate_limits")
    .values(limits.map(([name, points, duration_s]) => ({ name, points, duration_s })))
    .execute();

  // The shape rate-limiter-flexible's Postgres store expects; created here so no request creates tables.
  await db.schema
    .createTable("rate_limit_buckets")
    .addColumn("key", "varchar(255)", (c) => c.primaryKey())
    .addColumn("points", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expire", "bigint")
    .execute();

  // Organisers' own decisions, on top of the bundled disposable-address list.
  await db.schema
    .createTable("email_domain_rules")
    .addColumn("domain", "text", (c) => c.primaryKey())
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('block', 'allow')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable("campaigns")
    .addColumn("pow_required", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable("campaigns")
    .addColumn("neutral_mail", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  // The login throttle moves onto the shared limiter.
  await db.schema.dropTable("login_failures").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_failures")
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("window_start", "timestamptz", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("login_failures_pk", ["key", "window_start"])
    .execute();
  await db.schema.alterTable("campaigns").dropColumn("neutral_mail").execute();
  await db.schema.alterTable("campaigns").dropColumn("pow_required").execute();
  await db.schema.dropTable("email_domain_rules").execute();
  await db.schema.dropTable("rate_limit_buckets").execute();
  await db.schema.dropTable("rate_limits").execute();
}
