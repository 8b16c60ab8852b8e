import { CompiledQuery, sql } from "kysely";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { DB } from "../../db/index";

/** The throttles the code applies; their sizes are rows in `rate_limits` that organisers edit. */
export const LIMIT_NAMES = [
  "sign.client",
  "sign.client.hour",
  "sign.domain",
  "sign.campaign",
  "sign.nojs",
  "mail.recipient",
  "write.client",
  "write.client.hour",
  "confirm.client",
  "delete.client",
  "export.client",
  "login.client",
  "login.account",
  "api.token",
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

/** A throttled request: the caller answers 429 and says when to come back. */
export class Throttled extends Error {
  readonly code = "THROTTLED";
  constructor(
    readonly limit: LimitName,
    readonly retryAfterSeconds: number,
  ) {
    super(`throttled by ${limit}`);
  }
}

/**
 * Not `instanceof`: the server entry and the route bundle each load their own copy of this
 * module, so the class a limiter throws is not the class a route imported.
 */
export function isThrottled(err: unknown): err is Throttled {
  return err instanceof Error && (err as { code?: unknown }).code === "THROTTLED";
}

export interface RateLimiter {
  /** Whether throttles apply at all (RATE_LIMIT=off lifts them, for load tests). */
  readonly enabled: boolean;
  /** Spend points on every listed (limit, key); throws Throttled for the first one exhausted. */
  consume(...checks: [LimitName, string][]): Promise<void>;
  /** Spend without throwing: true if the action is within its limit. */
  tryConsume(limit: LimitName, key: string): Promise<boolean>;
  /** Seconds until `key` may act again under `limit`, 0 if it may now (spends nothing). */
  blockedFor(limit: LimitName, key: string): Promise<number>;
  /** Forget what a key spent (a successful login clears its failures). */
  reset(limit: LimitName, key: string): Promise<void>;
  /** Drop cached sizes so an organiser's edit applies at once in this process. */
  reload(): void;
}

/** Sizes are re-read this often, so an edit on another app process applies within seconds. */
const RELOAD_MS = 15_000;

/**
 * rate-limiter-flexible's Postgres store talks to a `pg`-like client. This adapter runs its
 * statements through Kysely, so the same limiter works on a `pg` pool and on embedded PGlite,
 * and the buckets live in the database every app process shares.
 */
function storeClient(db: DB) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const res = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      // `expire` is int8: a string from pg, maybe a BigInt elsewhere; the library wants a number.
      const rows = (res.rows as Record<string, unknown>[]).map((r) => (r.expire == null ? r : { ...r, expire: Number(r.expire) }));
      return { rows, rowCount: rows.length || Number(res.numAffectedRows ?? 0) };
    },
  };
}

export function createRateLimiter(db: DB, opts: { enabled: boolean }): RateLimiter {
  const client = storeClient(db);
  let sizes: Promise<Map<string, { points: number; duration: number }>> | null = null;
  let loadedAt = 0;
  const limiters = new Map<string, RateLimiterPostgres>();

  const loadSizes = () => {
    if (!sizes || Date.now() - loadedAt > RELOAD_MS) {
      loadedAt = Date.now();
      sizes = db
        .selectFrom("rate_limits")
        .select(["name", "points", "duration_s"])
        .execute()
        .then((rows) => new Map(rows.map((r) => [r.name, { points: r.points, duration: r.duration_s }])))
        .catch((err) => {
          sizes = null;
          throw err;
        });
    }
    return sizes;
  };

  async function limiterFor(name: LimitName): Promise<RateLimiterPostgres | null> {
    const size = (await loadSizes()).get(name);
    if (!size) return null; // a deleted row lifts that throttle
    const id = `${name}/${size.points}/${size.duration}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient: client,
        storeType: "client",
        tableName: "rate_limit_buckets",
        tableCreated: true,
        // Expired buckets are removed by the worker's hourly maintenance, not by a timer per limiter.
        clearExpiredByTimeout: false,
        keyPrefix: name,
        points: size.points,
        duration: size.duration,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  const retryOf = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  return {
    enabled: opts.enabled,
    async consume(...checks) {
      if (!opts.enabled) return;
      // All buckets at once (a signature checks four): one round trip's wait, not four. When
      // one is exhausted the others still count the attempt, which only matters to a flooder.
      const results = await Promise.allSettled(
        checks.map(async ([name, key]) => {
          const limiter = await limiterFor(name);
          try {
            await limiter?.consume(key);
          } catch (err) {
            throw err instanceof RateLimiterRes ? new Throttled(name, retryOf(err)) : err;
          }
        }),
      );
      // The first failure in the order given, so a throttle names the first limit that refused.
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    },
    async tryConsume(name, key) {
      try {
        await this.consume([name, key]);
        return true;
      } catch (err) {
        if (isThrottled(err)) return false;
        throw err;
      }
    },
    async blockedFor(name, key) {
      if (!opts.enabled) return 0;
      const limiter = await limiterFor(name);
      if (!limiter) return 0;
      const res = await limiter.get(key);
      return res && res.remainingPoints <= 0 && res.consumedPoints >= limiter.points ? retryOf(res) : 0;
    },
    async reset(name, key) {
      const limiter = await limiterFor(name);
      await limiter?.delete(key);
    },
    reload() {
      sizes = null;
    },
  };
}

/** Buckets whose window ended an hour ago: removed by the worker's maintenance pass. */
export async function deleteExpiredBuckets(db: DB, now = Date.now()): Promise<number> {
  const rows = await db
    .deleteFrom("rate_limit_buckets")
    .where(sql<boolean>`expire < ${now - 3600_000}`)
    .returning("key")
    .execute();
  return rows.length;
}
