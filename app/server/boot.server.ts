import { openDatabase, migrateToLatest, ping, type OpenedDatabase } from "../../db/index";
import { seedIfEmpty } from "../../db/seed/index";
import { ConfigError, loadConfig, type Config } from "../lib/config.server";
import { createCrypto, type Crypto } from "../lib/crypto.server";
import { createMailer, type Mailer } from "../lib/mail-transport.server";
import { redactText } from "../lib/log.server";
import { OutboxWorker } from "../outbox/worker.server";

export interface Booted {
  config: Config;
  database: OpenedDatabase;
  crypto: Crypto;
  mailer: Mailer;
}

/** Start-up problems a person can fix: printed as one line, then the process exits. */
export class StartupError extends Error {}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function reason(err: unknown): string {
  // The web server wraps connection failures (DatabaseUnavailable): report the original.
  const wrapped = err as { cause?: unknown; type?: unknown };
  const e = (wrapped?.type === "DataWithResponseInit" && wrapped.cause ? wrapped.cause : err) as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(" ") || String(err);
}

/** Shared by the web server and the stand-alone worker: configuration, database, mail. */
export async function boot(opts: { migrate: boolean; unavailable?: (cause: unknown) => unknown }): Promise<Booted> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new StartupError(`configuration: ${err.message}`);
    throw err;
  }

  let database: OpenedDatabase;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, unavailable: opts.unavailable });
    await withTimeout(ping(database.db), 10_000, "the database");
  } catch (err) {
    const where = config.databaseUrl ? "DATABASE_URL" : `the embedded database in ${config.dataDir}`;
    throw new StartupError(`cannot use ${where}: ${reason(err)}`);
  }
  if (opts.migrate) {
    try {
      await migrateToLatest(database.db);
      await seedIfEmpty(database.db);
    } catch (err) {
      throw new StartupError(`database migration failed: ${reason(err)}`);
    }
  }

  const mailer = createMailer(config);
  try {
    await withTimeout(mailer.verify(), 15_000, "the SMTP server");
  } catch (err) {
    await database.db.destroy();
    throw new StartupError(`cannot use SMTP_URL (${mailer.describe}): ${reason(err)}`);
  }
  return { config, database, crypto: createCrypto(config.appSecret), mailer };
}

/** Runs `main`, turning a StartupError into one readable line and exit code 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((err) => {
    if (err instanceof StartupError) {
      console.error(`padauk: ${err.message}`);
    } else {
      console.error(`padauk: failed to start: ${(err as Error)?.message ?? err}`);
    }
    process.exit(1);
  });
}

/** The outbox worker of this deployment, configured from what boot() read; started by the caller. */
export function outboxWorker({ config, database, crypto, mailer }: Booted): OutboxWorker {
  return new OutboxWorker({
    db: database.db,
    crypto,
    mailer,
    publicUrl: config.publicUrl,
    retentionDays: config.messageRetentionDays,
    secret: config.appSecret,
    leaseSeconds: config.outboxLeaseSeconds,
    webhooks: { allowPrivate: config.webhookAllowPrivate },
    log: (l) => console.warn(redactText(l)),
  });
}
