import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { startServer, type RunningServer } from "../helpers/server";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres";
import { allMailSent, assertWhole, freshDatabase, receivedBy, signingLoad, sleep, until } from "../helpers/fault-load";

/**
 * Faults under load, against a PostgreSQL of the test's own (it is stopped and started; the
 * machine's shared one serves other tests): the database going away, the app killed with -9, the
 * mail server gone for a minute. Whatever happens, a signature the client saw accepted is kept,
 * its confirmation mail arrives, and nothing half-written remains. (The signing load and these
 * checks: tests/helpers/fault-load.ts.)
 */
const SECRET = "fault-tests-secret-of-at-least-32-characters";
const crypto = createCrypto(SECRET);

let pgServer: PrivatePostgres;
let smtp: TestSmtp;
beforeAll(async () => {
  [pgServer, smtp] = await Promise.all([startPrivatePostgres(), startTestSmtp()]);
}, 60_000);
afterAll(async () => {
  await smtp?.stop();
  pgServer?.destroy();
});

describe("faults under signing load", () => {
  let app: RunningServer | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it("Postgres stopped for 10 s: clean 503 pages while it is down, recovery without a restart, nothing lost or half-written", async () => {
    const db = await freshDatabase(pgServer.url);
    // A mail claimed just before Postgres went away is taken over after its lease (20 s here: longer than the outage, so a mail sent just before it is recorded, not sent again).
    app = await startServer({ env: { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off", OUTBOX_LEASE_SECONDS: "20" } });
    let phase = "before";
    const load = signingLoad(
      () => app!.baseUrl,
      () => phase,
      "pgdown",
    );
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

    const total = await assertWhole(db, load.accepted, crypto);
    // Every confirmation mail arrives, exactly once.
    await allMailSent(db, 45_000);
    const got = receivedBy(smtp);
    for (const email of load.accepted) expect(got.get(email), email).toBe(1);
    console.log(
      `Postgres down 10 s: ${total} signatures kept (${load.accepted.length} accepted), statuses ${JSON.stringify(Object.fromEntries(load.statuses))}`,
    );
    await app.stop();
    app = undefined;
    await db.end();
  }, 90_000);

  it("the app killed with -9 mid-load and restarted: every accepted signature is kept and its mail delivered", async () => {
    const db = await freshDatabase(pgServer.url);
    const env = { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off", OUTBOX_LEASE_SECONDS: "5" };
    app = await startServer({ env });
    let current = app.baseUrl;
    const load = signingLoad(
      () => current,
      () => "load",
      "killed",
    );
    await sleep(3_000);
    await app.kill();
    const acceptedBeforeKill = load.accepted.length;
    app = await startServer({ env });
    current = app.baseUrl;
    await sleep(2_000);
    await load.stop();
    expect(acceptedBeforeKill).toBeGreaterThan(10);
    expect(load.accepted.length).toBeGreaterThan(acceptedBeforeKill);

    await assertWhole(db, load.accepted, crypto);
    // A mail claimed by the killed process is taken over after its lease (5 s here).
    await allMailSent(db, 30_000);
    const got = receivedBy(smtp);
    const undelivered = load.accepted.filter((e) => !got.get(e));
    expect(undelivered).toEqual([]);
    await app.stop();
    app = undefined;
    await db.end();
  }, 90_000);

  it("the mail server gone for 60 s: no mail lost, all delivered after, none twice", async () => {
    const db = await freshDatabase(pgServer.url);
    app = await startServer({ env: { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off" } });
    const load = signingLoad(
      () => app!.baseUrl,
      () => "load",
      "smtpdown",
    );
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
    const got = receivedBy(smtp);
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
    const db = await freshDatabase(pgServer.url);
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
      const load = signingLoad(
        () => app.baseUrl,
        () => "load",
        "cluster",
      );
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
      await assertWhole(db, load.accepted, crypto);
      // The outbox worker runs once, in the primary: every mail exactly once.
      await allMailSent(db, 60_000);
      const got = receivedBy(smtp);
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
    const db = await freshDatabase(pgServer.url);
    const env = { DATABASE_URL: db.url, APP_SECRET: SECRET, SMTP_URL: smtp.url, RATE_LIMIT: "off", OUTBOX_WORKER: "off" };
    apps.push(await startServer({ env }));
    apps.push(await startServer({ env }));
    for (let i = 0; i < 2; i++) {
      const p = spawn(process.execPath, ["--import", "tsx", "app/cli/worker.ts"], {
        env: { ...process.env, ...env, PUBLIC_URL: apps[0].baseUrl },
        stdio: "ignore",
      });
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
    const got = receivedBy(smtp);
    for (const e of emails) expect(got.get(e), e).toBe(1);
    expect(smtp.messages.length - sentBefore).toBe(200);
    for (const a of apps) {
      const api = (await (await fetch(`${a.baseUrl}/api/v1/campaigns/icc-referral`)).json()) as { signatureCount: number };
      expect(api.signatureCount).toBe(200);
    }
    await db.end();
  }, 120_000);
});
