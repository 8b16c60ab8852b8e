/**
 * The load benchmark's work on the PostgreSQL side: pgbench's ceiling, pg_stat_statements, the
 * confirmation tokens the signing phase queued, extra confirmed signatures, and one outbox worker
 * draining the queued mail. Run by bench/load.ts, never by the app.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { Crypto } from "../app/lib/crypto.server";
import { createMailer } from "../app/lib/mail-transport.server";
import { OutboxWorker } from "../app/outbox/worker.server";
import { openDatabase } from "../db/index";
import { startTestSmtp } from "../tests/helpers/smtp";

export async function pgbenchCeiling(url: string, seconds: number): Promise<string> {
  // One row shaped like a signature (two HMAC-sized and two ciphertext-sized byteas, a few small
  // fields), inserted in its own transaction, by 8 clients on 2 threads: what this Postgres can do.
  const dir = mkdtempSync(path.join(tmpdir(), "padauk-pgbench-"));
  const script = path.join(dir, "insert.sql");
  writeFileSync(
    script,
    "insert into bench_signatures (campaign_id, email_hmac, email_enc, name_enc, country, locale) values (1, gen_random_bytes(32), gen_random_bytes(60), gen_random_bytes(48), 'MM', 'en');\n",
  );
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("create extension if not exists pgcrypto");
  await c.query("drop table if exists bench_signatures");
  await c.query(
    "create table bench_signatures (id bigserial primary key, campaign_id int not null, email_hmac bytea not null, email_enc bytea not null, name_enc bytea not null, country text not null, locale text not null, status text not null default 'pending', created_at timestamptz not null default now(), unique (campaign_id, email_hmac))",
  );
  await c.end();
  const out = execFileSync("pgbench", ["-n", "-f", script, "-c", "8", "-j", "2", "-T", String(Math.min(seconds, 30)), url], { encoding: "utf8" });
  const tps = /tps = ([\d.]+)/.exec(out)?.[1] ?? "?";
  const lat = /latency average = ([\d.]+) ms/.exec(out)?.[1] ?? "?";
  return `pgbench one-row insert, 8 clients: ${Number(tps).toFixed(0)} inserts/s, mean latency ${lat} ms`;
}

export async function pendingTokens(url: string, crypto: Crypto, limit: number): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const rows = await c.query<{ payload_enc: Buffer }>(
    `select payload_enc from outbox where kind = 'signature-confirm' and payload_enc is not null order by id limit ${limit}`,
  );
  await c.end();
  return rows.rows.map((r) => (JSON.parse(crypto.decrypt(r.payload_enc)) as { token: string }).token);
}

/** The statements behind the signing phase, where pg_stat_statements is loaded; null otherwise. */
export async function statementStats(url: string, reset: boolean, accepted = 1): Promise<string | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("create extension if not exists pg_stat_statements");
    if (reset) {
      await c.query("select pg_stat_statements_reset()");
      return "";
    }
    const { rows } = await c.query<{ query: string; calls: string; total: number; mean: number }>(
      `select query, calls, total_exec_time as total, mean_exec_time as mean from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 12`,
    );
    return rows
      .map(
        (r) =>
          `  ${(Number(r.calls) / accepted).toFixed(2)} calls/signature, ${r.mean.toFixed(3)} ms mean, ${(r.total / 1000).toFixed(1)} s total: ${r.query.replace(/\s+/g, " ").slice(0, 160)}`,
      )
      .join("\n");
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

/**
 * How fast one outbox worker (`npm run worker`, its default batch and lanes) sends the
 * confirmation mails the signing phase queued, to a real SMTP server on loopback.
 */
export async function mailPhase(url: string, crypto: Crypto, secret: string, seconds: number): Promise<string> {
  const smtp = await startTestSmtp();
  const { db } = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const worker = new OutboxWorker({
    db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" }),
    publicUrl: "http://padauk.test",
    secret,
  });
  const end = Date.now() + Math.min(seconds, 20) * 1000;
  const t0 = performance.now();
  try {
    while (Date.now() < end && (await worker.runOnce()) > 0);
  } finally {
    await db.destroy();
    await smtp.stop();
  }
  const took = (performance.now() - t0) / 1000;
  const n = smtp.messages.filter((m) => m.subject && m.text?.includes("/confirm/")).length;
  return `one outbox worker: ${n} confirmation mails to SMTP on loopback in ${took.toFixed(1)} s = ${(n / took).toFixed(0)} mails/s`;
}

/**
 * Adds `n` confirmed signatures (or as many as bring the campaign to `upTo`), with their counter
 * rows, as if they had been confirmed; returns the campaign's confirmed and the table's rows.
 */
export async function seedConfirmed(url: string, slug: string, n: number, upTo?: number): Promise<{ confirmed: number; all: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const confirmed = async () =>
      Number(
        (
          await c.query<{ n: string }>(
            `select count(*) as n from signatures s join campaigns c on c.id = s.campaign_id where c.slug = $1 and s.status = 'confirmed'`,
            [slug],
          )
        ).rows[0].n,
      );
    const add = upTo !== undefined ? Math.max(0, upTo - (await confirmed())) : n;
    if (add > 0) {
      const tag = `seed${Date.now()}-`;
      await c.query(
        `insert into signatures (campaign_id, email_hmac, email_enc, name_enc, country, locale, consent_updates, show_name, status, confirmed_at)
         select c.id, sha256(($2::text || g)::bytea), '\\x00'::bytea, '\\x00'::bytea, 'MM', 'en', false, false, 'confirmed', now() - make_interval(secs => g)
         from campaigns c, generate_series(1, $3::int) g where c.slug = $1`,
        [slug, tag, add],
      );
      await c.query(
        `insert into signature_counts (campaign_id, country, shard, n) select id, 'MM', 0, $2::int from campaigns where slug = $1
         on conflict (campaign_id, country, shard) do update set n = signature_counts.n + excluded.n`,
        [slug, add],
      );
      await c.query("analyze");
    }
    const all = Number((await c.query<{ n: string }>("select count(*) as n from signatures")).rows[0].n);
    return { confirmed: await confirmed(), all };
  } finally {
    await c.end();
  }
}
