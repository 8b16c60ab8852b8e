// The fuzz harness: what is stored, counted before and after the run.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { simpleParser } from "mailparser";
import { expect } from "vitest";
import { openDatabase, type DB } from "../../db/index";
import { parseSignatureForm } from "../../app/schemas/signature.server";
import { type RunningServer } from "../helpers/server";
import { TABLES } from "./values";

// What is stored

export type Counts = Record<string, number>;

export const mailFiles = (dataDir: string) => {
  const dir = path.join(dataDir, "mail");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".eml")).length : 0;
};

/** What anyone can see from outside: the API's confirmed counts and letters, and the captured mail. */
export async function publicCounts(server: RunningServer): Promise<Counts> {
  const counts: Counts = {};
  const list = (await (await fetch(`${server.baseUrl}/api/v1/campaigns`)).json()) as { campaigns: { slug: string; signatureCount: number }[] };
  counts["api list: campaigns"] = list.campaigns.length;
  for (const c of list.campaigns) {
    counts[`api list: ${c.slug} signatureCount`] = c.signatureCount;
    const one = (await (await fetch(`${server.baseUrl}/api/v1/campaigns/${c.slug}`)).json()) as {
      signatureCount: number;
      messagesSent: number;
      signaturesByCountry: Record<string, number>;
    };
    counts[`api ${c.slug}: signatureCount`] = one.signatureCount;
    counts[`api ${c.slug}: messagesSent`] = one.messagesSent;
    counts[`api ${c.slug}: countries`] = Object.values(one.signaturesByCountry).reduce((a, b) => a + b, 0);
  }
  counts["mail files in DATA_DIR/mail"] = mailFiles(server.dataDir);
  const listing = await fetch(`${server.baseUrl}/dev/mail`);
  counts["mails listed at /dev/mail"] = listing.ok ? ((await listing.text()).match(/href="\/dev\/mail\/[^"]+"/g) ?? []).length : -listing.status;
  return counts;
}

/** The fuzz run's time window: rows created in it came from bad input. */
export interface Window {
  from: Date;
  to: Date;
}

/** Rows in each table, and how many of them were created in the window (on the server's clock, which is ours). */
export async function countRows(db: DB, window?: Window, label = "created during the run"): Promise<Counts> {
  const counts: Counts = {};
  const from = window?.from ?? new Date(0);
  const to = window?.to ?? new Date(0);
  for (const t of TABLES) {
    const { rows } = await sql<{
      n: number;
      during: number;
    }>`select count(*)::int as n, count(*) filter (where created_at between ${from} and ${to})::int as during from ${sql.table(t)}`.execute(db);
    counts[`rows in ${t}`] = rows[0].n;
    if (window) counts[`rows in ${t} ${label}`] = rows[0].during;
  }
  return counts;
}

/** The server's own database: Postgres at any time; PGlite's data dir only once the server has stopped (PGlite admits one process). */
export async function withDatabase<T>(where: { databaseUrl: string } | { dataDir: string }, fn: (db: DB) => Promise<T>): Promise<T> {
  const { db } = await openDatabase("databaseUrl" in where ? { databaseUrl: where.databaseUrl, poolSize: 1 } : { dataDir: where.dataDir });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

export const postgresCounts = (url: string, window?: Window) => withDatabase({ databaseUrl: url }, (db) => countRows(db, window));

/** What a signer's confirmation mail carries: the withdraw link's id and MAC, and the code. */
export interface SignerMail {
  signatureId: string;
  mac: string;
  code: string;
}

/** Reads the captured confirmation mail to `address`, waiting for the outbox worker to send it. */
export async function signerMail(dataDir: string, address: string, timeoutMs = 20_000): Promise<SignerMail> {
  const dir = path.join(dataDir, "mail");
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    for (const f of existsSync(dir) ? readdirSync(dir).filter((x) => x.endsWith(".eml")) : []) {
      const raw = readFileSync(path.join(dir, f));
      if (!raw.includes(address)) continue;
      last = (await simpleParser(raw)).text ?? "";
      const link = /\/signatures\/(\d+)\/withdraw\/([A-Za-z0-9_-]{32})/.exec(last);
      const code = /\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/.exec(last);
      if (link && code) return { signatureId: link[1], mac: link[2], code: code[0] };
    }
    if (Date.now() > deadline)
      throw new Error(`no confirmation mail to ${address} with a withdraw link and a code in ${timeoutMs} ms${last ? `; the last read:\n${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signs as a person would (a valid form, proved so by the app's schema); the answer is a redirect to "check your inbox". */
export async function signValid(server: RunningServer, lang: string, slug: string, fields: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(fields);
  const form = new FormData();
  for (const [k, v] of body) form.append(k, v);
  expect(parseSignatureForm(form).ok, `the app's schema refuses the valid form ${JSON.stringify(fields)}`).toBe(true);
  const res = await fetch(`${server.baseUrl}/${lang}/campaigns/${slug}`, { method: "POST", body, redirect: "manual" });
  return res.status;
}

/** Waits for the outbox worker to send anything a stored input would have queued. */
export async function settle(server: RunningServer, ms = 1500) {
  await new Promise((r) => setTimeout(r, ms));
  await fetch(`${server.baseUrl}/healthz`);
}

// ---------------------------------------------------------------------------------------------
