import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createCrypto } from "../../app/lib/crypto.server";
import { startServer, type RunningServer } from "../helpers/server";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres";

/**
 * Faults under load, against a PostgreSQL of the test's own (it is stopped and started; the
 * machine's shared one serves other tests): the database going away, the app killed with -9, the
 * mail server gone for a minute. Whatever happens, a signature the client saw accepted is kept,
 * its confirmation mail arrives, and nothing half-written remains.
 */
const SECRET = "fault-tests-secret-of-at-least-32-characters";
const crypto = createCrypto(SECRET);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pgServer: PrivatePostgres;
let smtp: TestSmtp;
beforeAll(async () => {
  [pgServer, smtp] = await Promise.all([startPrivatePostgres(), startTestSmtp()]);
}, 60_000);
afterAll(async () => {
  await smtp?.stop();
  pgServer?.destroy();
});

let dbSeq = 0;
/** A fresh database on the private server, and a client to inspect it. */
async function freshDatabase(): Promise<{ url: string; query: <T = Record<string, unknown>>(q: string, v?: unknown[]) => Promise<T[]>; end(): Promise<void> }> {
  const name = `padauk_fault_${process.pid}_${dbSeq++}`;
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = pgServer.url.replace(/\/postgres$/, `/${name}`);
  const client = new pg.Pool({ connectionString: url, max: 2 });
  client.on("error", () => {});
  return { url, query: async (q, v) => (await client.query(q, v)).rows, end: () => client.end() };
}

interface Load {
  accepted: string[];
  statuses: Map<number | string, number>;
  /** Statuses seen while `phase` was each value. */
  byPhase: Map<string, Map<number | string, number>>;
  bodies503: string[];
  stop(): Promise<void>;
}

/** Browsers without JavaScript posting the signing form with distinct addresses, 4 at a time. */
function signingLoad(target: () => string, phase: () => string, prefix: string): Load {
  const load: Load = { accepted: [], statuses: new Map(), byPhase: new Map(), bodies503: [], stop: async () => {} };
  let running = true;
  let n = 0;
  const lane = async () => {
    while (running) {
      const email = `${prefix}-${n++}@example.org`;
      const p = phase();
      let status: number | string;
      try {
        const res = await fetch(`${target()}/en/campaigns/arms-embargo`, {
          method: "POST",
          body: new URLSearchParams({ name: "A signer in Yangon", email, country: "MM" }),
          redirect: "manual",
          signal: AbortSignal.timeout(10_000),
        });
        status = res.status;
        const body = await res.text();
        if (status === 303) load.accepted.push(email);
        if (status === 503 && load.bodies503.length < 3) load.bodies503.push(body);
      } catch (err) {
        status = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        await sleep(50);
      }
      load.statuses.set(status, (load.statuses.get(status) ?? 0) + 1);
      const m = load.byPhase.get(p) ?? new Map();
      m.set(status, (m.get(status) ?? 0) + 1);
      load.byPhase.set(p, m);
      // A steady load of at most ~50 signatures a second: the faults are the point here (the
      // benchmark measures speed), and the mail they cause must drain within the test's bounds.
      await sleep(80);
    }
  };
  const lanes = Array.from({ length: 4 }, lane);
  load.stop = async () => {
    running = false;
    await Promise.all(lanes);
  };
  return load;
}

async function until(what: string, check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const hmacHex = (email: string) => Buffer.from(crypto.emailHmac(email)).toString("hex");

/** Every accepted address is stored, and every stored signature is whole: its tokens and its mail. */
/** Waits until the outbox has nothing left to send. */
async function allMailSent(db: Awaited<ReturnType<typeof freshDatabase>>, ms: number) {
  await until("every confirmation mail", async () => {
    const [r] = await db.query<{ n: string }>(`select count(*) as n from outbox where status <> 'sent'`);
    return Number(r.n) === 0;
  }, ms);
}

async function assertWhole(db: Awaited<ReturnType<typeof freshDatabase>>, accepted: string[]) {
  const stored = new Set((await db.query<{ h: string }>(`select encode(email_hmac, 'hex') as h from signatures`)).map((r) => r.h));
  const missing = accepted.filter((e) => !stored.has(hmacHex(e)));
  expect(missing, "accepted signatures missing from the database").toEqual([]);
  const [counts] = await db.query<{ signatures: string; tokens: string; mails: string; orphans: string }>(`
    select (select count(*) from signatures) as signatures,
           (select count(*) from signature_tokens) as tokens,
           (select count(*) from outbox where kind = 'signature-confirm') as mails,
           (select count(*) from signatures s where not exists (select 1 from signature_tokens t where t.signature_id = s.id)) as orphans`);
  expect(Number(counts.orphans)).toBe(0);
  expect(Number(counts.tokens)).toBe(2 * Number(counts.signatures));
  expect(Number(counts.mails)).toBe(Number(counts.signatures));
  return Number(counts.signatures);
}

const receivedBy = () => {
  const by = new Map<string, number>();
  for (const m of smtp.messages) {
    const to = (m.to as { text: string }).text.toLowerCase();
    by.set(to, (by.get(to) ?? 0) + 1);
  }
  return by;
};

describe("faults under signing load", () => {
  let app: RunningServer | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it("Postgres stopped for 10 s: clean 503 pages while it is down, recovery without a restart, nothing lost or half-written", async () => {
    const db = await freshDatabase();
    // A mail claimed just before Postgres went away is taken over after its lease (20 s here: longer than the outage, so a mail sent just before it is recorded, not sent again).
    app = await startServer({ env: { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off", OUTBOX_LEASE_SECONDS: "20" } });
    let phase = "before";
    const load = signingLoad(() => app!.baseUrl, () => phase, "pgdown");
    await sleep(2_000);
    phase = "down";
    pgServer.stop();
    await sleep(10_000);
    pgServer.start();
    phase = "after";
    await sleep(4_000);
    await load.stop();

    const before = load.byPhase.get("before")!;
    const down = load.byPhase.get("down")!;
    const after = load.byPhase.get("after")!;
    expect(before.get(303)).toBeGreaterThan(10);
    // While it is down: 503 with the "briefly unavailable" page; never a 500.
    expect(down.get(503) ?? 0, JSON.stringify([...load.byPhase].map(([k, v]) => [k, Object.fromEntries(v)]))).toBeGreaterThan(0);
    expect([...load.statuses.keys()].filter((s) => s !== 303 && s !== 503)).toEqual([]);
    expect(load.bodies503[0]).toContain("Padauk is briefly unavailable");
    expect(load.bodies503[0]).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+|stack/i);
    // The same process answers again once Postgres is back.
    expect(after.get(303)).toBeGreaterThan(10);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);

    const total = await assertWhole(db, load.accepted);
    // Every confirmation mail arrives, exactly once.
    await allMailSent(db, 45_000);
    const got = receivedBy();
    for (const email of load.accepted) expect(got.get(email), email).toBe(1);
    console.log(`Postgres down 10 s: ${total} signatures kept (${load.accepted.length} accepted), statuses ${JSON.stringify(Object.fromEntries(load.statuses))}`);
    await app.stop();
    app = undefined;
    await db.end();
  }, 90_000);

  it("the app killed with -9 mid-load and restarted: every accepted signature is kept and its mail delivered", async () => {
    const db = await freshDatabase();
    const env = { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off", OUTBOX_LEASE_SECONDS: "5" };
    app = await startServer({ env });
    let current = app.baseUrl;
    const load = signingLoad(() => current, () => "load", "killed");
    await sleep(3_000);
    await app.kill();
    const acceptedBeforeKill = load.accepted.length;
    app = await startServer({ env });
    current = app.baseUrl;
    await sleep(2_000);
    await load.stop();
    expect(acceptedBeforeKill).toBeGreaterThan(10);
    expect(load.accepted.length).toBeGreaterThan(acceptedBeforeKill);

    await assertWhole(db, load.accepted);
    // A mail claimed by the killed process is taken over after its lease (5 s here).
    await allMailSent(db, 30_000);
    const got = receivedBy();
    const undelivered = load.accepted.filter((e) => !got.get(e));
    expect(undelivered).toEqual([]);
    await app.stop();
    app = undefined;
    await db.end();
  }, 90_000);

  it("the mail server gone for 60 s: no mail lost, all delivered after, none twice", async () => {
    const db = await freshDatabase();
    app = await startServer({ env: { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off" } });
    const load = signingLoad(() => app!.baseUrl, () => "load", "smtpdown");
    await sleep(1_000);
    await smtp.stop();
    await sleep(Number(process.env.SMTP_DOWN_MS ?? 60_000));
    await load.stop();
    await smtp.start();
    expect(load.statuses.get(303)).toBeGreaterThan(50);
    expect([...load.statuses.keys()]).toEqual([303]);
    await allMailSent(db, 90_000).catch(async (err) => {
      console.log(await db.query(`select status, attempts, last_error, count(*), min(next_attempt_at - now()) as soonest from outbox group by 1, 2, 3`));
      throw err;
    });
    const got = receivedBy();
    for (const email of load.accepted) expect(got.get(email), email).toBe(1);
    const [{ failed }] = await db.query<{ failed: string }>(`select count(*) as failed from outbox where status = 'failed_permanent'`);
    expect(Number(failed)).toBe(0);
    await app.stop();
    app = undefined;
    await db.end();
  }, 200_000);
});

describe("npm start with WEB_CONCURRENCY=2: app processes under one primary", () => {
  it("serves from two processes, replaces one killed mid-load, and loses no signature or mail", async () => {
    const db = await freshDatabase();
    const app = await startServer({ env: { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off", WEB_CONCURRENCY: "2" } });
    const children = () =>
      execFileSync("pgrep", ["-P", String(app.pid)], { encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map(Number);
    try {
      // The first app process can answer /healthz before the second is up; the primary speaks once both are.
      await until("both app processes listening", async () => / · 2 app processes · ready in /.test(app.output()), 30_000);
      expect(app.output()).toMatch(/Padauk listening on .* · 2 app processes · ready in \d+ ms\n/);
      expect(children()).toHaveLength(2);
      const load = signingLoad(() => app.baseUrl, () => "load", "cluster");
      await sleep(2_000);
      const [victim] = children();
      process.kill(victim, "SIGKILL");
      // The primary starts another within a second or two; the survivor answers meanwhile.
      await until("a replacement app process", async () => children().length === 2 && !children().includes(victim), 15_000);
      await sleep(2_000);
      await load.stop();
      // Only requests in flight on the killed process may have failed (reset), never with a 5xx.
      expect([...load.statuses.keys()].filter((s) => typeof s === "number" && s >= 500)).toEqual([]);
      expect(load.accepted.length).toBeGreaterThan(50);
      await assertWhole(db, load.accepted);
      // The outbox worker runs once, in the primary: every mail exactly once.
      await allMailSent(db, 60_000);
      const got = receivedBy();
      for (const email of load.accepted) expect(got.get(email), email).toBe(1);
    } finally {
      await app.stop();
      await db.end();
    }
    // Stopping the primary stops its app processes.
    expect(() => execFileSync("pgrep", ["-P", String(app.pid)])).toThrow();
  }, 120_000);
});

describe("two app processes and two workers share one Postgres", () => {
  const procs: ChildProcess[] = [];
  const apps: RunningServer[] = [];
  afterAll(async () => {
    for (const p of procs) p.kill("SIGTERM");
    await Promise.all(apps.map((a) => a.stop()));
  });

  it("every mail is sent exactly once and the count is right", async () => {
    const db = await freshDatabase();
    const env = { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off", OUTBOX_WORKER: "off" };
    apps.push(await startServer({ env }));
    apps.push(await startServer({ env }));
    for (let i = 0; i < 2; i++) {
      const p = spawn(process.execPath, ["--import", "tsx", "app/cli/worker.ts"], { env: { ...process.env, ...env, PUBLIC_URL: apps[0].baseUrl }, stdio: "ignore" });
      procs.push(p);
    }
    const sentBefore = smtp.messages.length;
    // 200 signers, alternating between the two app processes.
    const emails = Array.from({ length: 200 }, (_, i) => `pair-${i}@example.org`);
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = lane; i < emails.length; i += 4) {
          const res = await fetch(`${apps[i % 2].baseUrl}/en/campaigns/icc-referral`, {
            method: "POST",
            body: new URLSearchParams({ name: "A signer in Mandalay", email: emails[i], country: "MM" }),
            redirect: "manual",
          });
          expect(res.status).toBe(303);
        }
      }),
    );
    await until("200 confirmation mails", async () => smtp.messages.length - sentBefore >= 200, 60_000);
    // Confirm every signature from its mail, half through each app.
    const mails = smtp.messages.slice(sentBefore);
    await Promise.all(
      mails.map(async (m, i) => {
        const link = (m.text ?? "").match(/https?:\/\/\S+\/en\/confirm\/[A-Za-z0-9_-]{43}/)![0];
        // The link's page has one button; its POST confirms (opening the link changes nothing).
        const res = await fetch(apps[i % 2].baseUrl + new URL(link).pathname, { method: "POST", redirect: "manual" });
        expect(res.status).toBe(303);
      }),
    );
    await sleep(1_500);
    const got = receivedBy();
    for (const e of emails) expect(got.get(e), e).toBe(1);
    expect(smtp.messages.length - sentBefore).toBe(200);
    for (const a of apps) {
      const api = (await (await fetch(`${a.baseUrl}/api/v1/campaigns/icc-referral`)).json()) as { signatureCount: number };
      expect(api.signatureCount).toBe(200);
    }
    await db.end();
  }, 120_000);
});
