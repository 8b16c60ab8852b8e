import { mkdirSync } from "node:fs";
import path from "node:path";
import { Kysely, Migrator, PostgresDialect, sql, type LogEvent } from "kysely";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PGliteDialect } from "kysely-pglite-dialect";
import type { Database } from "./schema";
import { migrationProvider } from "./migrations/index";

export type DB = Kysely<Database>;

export interface OpenedDatabase {
  db: DB;
  /** "postgres" with a DATABASE_URL, "pglite" for the embedded default. */
  kind: "postgres" | "pglite";
  /** Human-readable location for the start-up line, without credentials. */
  describe: string;
}

/**
 * Statements run so often that Postgres should parse and plan them once per connection, not per
 * call: their text, by name. `prepared(name, text)` registers one; on PGlite it is plain SQL.
 * The registry is on globalThis: the server build bundles its own copy of this module, and the
 * statements it registers must reach the pool that the (unbundled) server opened.
 */
const registry = globalThis as { [key: symbol]: Map<string, string> | undefined };
const preparedNames = (registry[Symbol.for("padauk.preparedStatements")] ??= new Map<string, string>());
export function prepared(name: string, text: string): string {
  preparedNames.set(text, name);
  return text;
}

// int8 (bigserial ids) as strings on both drivers: ids are opaque and must not lose precision.
pg.types.setTypeParser(20, (v) => v);

/**
 * One code path for both databases: `pg` when DATABASE_URL is set, embedded PGlite otherwise
 * (dataDir null → in memory, for tests). Everything above this file sees only Kysely.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir?: string | null;
  poolSize?: number;
  /**
   * Turns "the database cannot be reached" into the caller's own error (the web server's: a 503
   * page), so a Postgres restart is told apart from a bug. Other errors pass unchanged.
   */
  unavailable?: (cause: unknown) => unknown;
  /** Hears the text of every statement sent (the committed-SQL test records the hot ones). */
  logSql?: (sql: string) => void;
}): Promise<OpenedDatabase> {
  const logSql = opts.logSql;
  const log = logSql
    ? (event: LogEvent) => {
        if (event.level === "query") logSql(event.query.sql);
      }
    : undefined;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // While Postgres is down a request waits at most this long for a connection, then fails.
      connectionTimeoutMillis: 5_000,
    });
    // A Postgres restart must not crash the process: errors on idle clients come to the pool,
    // errors on a checked-out client between two queries (a transaction in progress) to the
    // client itself. Either way the client is dead; the pool drops it and the next query gets a
    // fresh connection (or, while Postgres is down, a clean failure).
    pool.on("error", () => {});
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: wrapPool(pool, opts.unavailable) }), log });
    const url = new URL(opts.databaseUrl);
    return { db, kind: "postgres", describe: `postgres://${url.hostname}:${url.port || 5432}${url.pathname}` };
  }
  let client: PGlite;
  let describe: string;
  if (opts.dataDir) {
    const dir = path.resolve(opts.dataDir, "pg");
    mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir);
    describe = `embedded PGlite in ${dir}`;
  } else {
    client = await PGlite.create();
    describe = "embedded PGlite in memory";
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client), log });
  return { db, kind: "pglite", describe };
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

/** Postgres is down, restarting or unreachable (as opposed to a query that is wrong). */
export function isConnectionFailure(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === "string" && CONNECTION_CODES.has(e.code)) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(message);
}

/**
 * The pool as Kysely sees it: registered statements are sent as named prepared statements, and
 * (with `unavailable`) connection failures become `unavailable(cause)`. The same proxy is
 * returned for the same client, since Kysely keys its connections on it.
 */
function wrapPool(pool: pg.Pool, unavailable?: (cause: unknown) => unknown): pg.Pool {
  const rethrow = (err: unknown): never => {
    throw unavailable && isConnectionFailure(err) ? unavailable(err) : err;
  };
  const proxies = new WeakMap<pg.PoolClient, pg.PoolClient>();
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let proxy = proxies.get(client);
    if (!proxy) {
      const query = client.query as (...a: unknown[]) => Promise<unknown>;
      proxy = new Proxy(client, {
        get(target, prop, receiver) {
          if (prop === "query") {
            return (...args: unknown[]) => {
              const name = typeof args[0] === "string" ? preparedNames.get(args[0]) : undefined;
              const call = name ? query.call(target, { name, text: args[0], values: args[1] }) : query.apply(target, args);
              return call.catch(rethrow);
            };
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      proxies.set(client, proxy);
    }
    return proxy;
  };
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === "connect") return () => target.connect().then(wrap, rethrow);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String((error as Error)?.message ?? error)}`);
  }
}

export async function ping(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}
