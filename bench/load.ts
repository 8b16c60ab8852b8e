/**
 * Load benchmark: a production build under signing, confirming and viewing, driven by autocannon
 * on this machine, with pgbench's ceiling for a one-row insert measured in the same run.
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
 *   npm run build && npm run bench:load                      # embedded PGlite
 *
 * BENCH_SECONDS (default 60) sets each phase's length; BENCH_BIG=5000000 seeds that many extra
 * confirmed signatures before a last view phase (Postgres only), to show a view does not get
 * dearer as signatures grow. BENCH_PHASES=sign,mail,views,embed,mixed,pgbench picks phases (default: all);
 * `embed` views a partner's embed (/embed/en/campaigns/…?partner=…) beside the campaign page
 * alone, to show both come from the page cache;
 * `webhooks` (not in the default, Postgres only) adds the webhook storm: signing with an outbox
 * worker running; then during 1,000 confirmations of unattributed signatures (the control); then
 * during 1,000 partner-attributed confirmations whose events go to a receiver on loopback
 * (bench/load-webhooks.ts);
 * WEB_CONCURRENCY=N runs N app processes (Postgres only); BENCH_SERVER_NODE_ARGS are given to the
 * server's node alone (default "--max-semi-space-size=32", as `npm start`; add e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof" for a profile). Where the Postgres server loads
 * pg_stat_statements (shared_preload_libraries), the statements behind the signing phase are
 * printed with their calls per accepted signature.
 */
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { createCrypto } from "../app/lib/crypto.server";
import { startServer, type RunningServer } from "../tests/helpers/server";
import { mailPhase, pendingTokens, pgbenchCeiling, seedConfirmed, statementStats } from "./load-database";
import { webhookStorm } from "./load-webhooks";
import { partnerCreate } from "../tests/helpers/partners";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BIG = Number(process.env.BENCH_BIG ?? 0);
const SECRET = "bench-secret-of-at-least-thirty-two-chars";
const SLUG = "arms-embargo";
const onPostgres = !!process.env.DATABASE_URL;
const PHASES = new Set((process.env.BENCH_PHASES ?? "sign,mail,views,embed,mixed,pgbench").split(",").map((p) => p.trim()));
const crypto = createCrypto(SECRET);

interface Phase {
  name: string;
  requests: number;
  seconds: number;
  byStatus: Record<string, number>;
  errors: number;
  timeouts: number;
  p50: number;
  p95: number;
  p99: number;
  extra?: string;
}
const phases: Phase[] = [];

let emailSeq = 0;
const signBody = () => `name=A+signer+in+Yangon&email=bench-${process.pid}-${emailSeq++}%40example.org&country=MM`;

async function run(
  name: string,
  server: RunningServer,
  requests: autocannon.Request[],
  connections: number,
  seconds = SECONDS,
  extra?: () => string,
): Promise<Phase> {
  // 5 s of the same traffic first, not counted: the figures are for a server past its JIT warm-up.
  const result = await autocannon({ url: server.baseUrl, connections, duration: seconds, requests, timeout: 10, warmup: { connections, duration: 5 } });
  const byStatus: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) byStatus[code] = (v as { count: number }).count;
  const phase: Phase = {
    name,
    requests: result.requests.total,
    seconds,
    byStatus,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p95: result.latency.p97_5 !== undefined ? percentile(result, 95) : result.latency.p90,
    p99: result.latency.p99,
    extra: extra?.(),
  };
  phases.push(phase);
  console.log(`${name}: ${JSON.stringify(phase)}`);
  return phase;
}

/** autocannon reports p90 and p97.5; p95 is read off its histogram when present. */
function percentile(result: autocannon.Result, p: number): number {
  const l = result.latency as unknown as Record<string, number>;
  return l[`p${p}`] ?? l.p97_5;
}

const signRequest: autocannon.Request = {
  method: "POST",
  path: `/en/campaigns/${SLUG}`,
  headers: { "content-type": "application/x-www-form-urlencoded" },
  setupRequest: (req) => ({ ...req, body: signBody() }),
};
const views: autocannon.Request[] = [
  { method: "GET", path: `/en/campaigns/${SLUG}`, headers: { "accept-encoding": "gzip, br" } },
  { method: "GET", path: `/api/v1/campaigns/${SLUG}`, headers: { "accept-encoding": "gzip, br" } },
];

async function main() {
  console.log(
    `Padauk load benchmark, ${new Date().toISOString()}: ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${onPostgres ? "PostgreSQL" : "embedded PGlite"}, ${SECONDS} s per phase`,
  );
  // The load generator shares the 2 cores with the server and Postgres, as the issue asks.
  const server = await startServer({
    env: {
      APP_SECRET: SECRET,
      RATE_LIMIT: "off",
      OUTBOX_WORKER: "off",
    },
    // The young generation `npm start` gives the server (fewer collections under a surge).
    nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? "--max-semi-space-size=32").split(" ").filter(Boolean),
  });
  const dbUrl = server.env.DATABASE_URL;
  try {
    if (PHASES.has("sign")) {
      if (dbUrl) await statementStats(dbUrl, true);
      const sign = await run("sign only (POST the form, distinct addresses, like a browser without JavaScript)", server, [signRequest], 32);
      const stats = dbUrl ? await statementStats(dbUrl, false, sign.byStatus["303"] ?? 1) : null;
      if (stats) console.log(`statements during the signing phase (pg_stat_statements):\n${stats}`);
    }
    if (dbUrl && PHASES.has("mail")) {
      const mail = await mailPhase(dbUrl, crypto, SECRET, SECONDS);
      console.log(mail);
      phases.push({ name: mail, requests: 0, seconds: 0, byStatus: {}, errors: 0, timeouts: 0, p50: 0, p95: 0, p99: 0 });
    }
    if (PHASES.has("views")) {
      // The first view phase runs at 10,000 confirmed signatures; BENCH_BIG's at millions.
      const total = dbUrl ? await seedConfirmed(dbUrl, SLUG, 0, 10_000) : null;
      const size = total ? `, ${total.confirmed.toLocaleString("en")} confirmed signatures (${total.all.toLocaleString("en")} rows)` : "";
      await run(`views only (campaign page and JSON API, 1:1${size})`, server, views, 64);
    }

    if (PHASES.has("embed")) {
      // A partner's page framing the action: the same page cache as the campaign page, keyed by its URL.
      const { partner } = await partnerCreate(server.env, ["--campaign", SLUG, "--name", "Bench Partner Network", "--origin", "https://partner.example"]);
      const gz = { "accept-encoding": "gzip, br" };
      await run("campaign page only", server, [{ method: "GET", path: `/en/campaigns/${SLUG}`, headers: gz }], 64);
      await run("embed page only (a partner's frame)", server, [{ method: "GET", path: `/embed/en/campaigns/${SLUG}?partner=${partner}`, headers: gz }], 64);
    }

    let tokens: string[] = [];
    if (dbUrl) tokens = await pendingTokens(dbUrl, crypto, 400_000);
    let t = 0;
    const confirmRequest: autocannon.Request = {
      method: "GET",
      path: "/",
      setupRequest: (req) => ({ ...req, path: `/en/confirm/${tokens[t++ % Math.max(tokens.length, 1)] ?? "x".repeat(43)}` }),
    };
    // The shown count against the truth, sampled every 250 ms during the mixed phase.
    let maxLagMs = 0;
    let samples = 0;
    let sampler: NodeJS.Timeout | undefined;
    if (PHASES.has("mixed") && dbUrl) {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      const history: { at: number; n: number }[] = [];
      let sampling: Promise<unknown> = Promise.resolve();
      sampler = setInterval(() => {
        sampling = sample().catch(() => {});
      }, 250);
      const sample = async () => {
        const [{ rows }, api] = await Promise.all([
          c.query<{ n: string }>(
            `select count(*) as n from signatures s join campaigns c on c.id = s.campaign_id where c.slug = $1 and s.status = 'confirmed'`,
            [SLUG],
          ),
          fetch(`${server.baseUrl}/api/v1/campaigns/${SLUG}`).then((r) => r.json() as Promise<{ signatureCount: number }>),
        ]);
        const now = Date.now();
        history.push({ at: now, n: Number(rows[0].n) });
        // How long ago was the truth what the API shows now?
        const shown = api.signatureCount;
        const caughtUp = [...history].reverse().find((h) => h.n <= shown);
        if (caughtUp) maxLagMs = Math.max(maxLagMs, shown >= history[history.length - 1].n ? 0 : now - caughtUp.at);
        samples++;
      };
      await run(
        "mixed 1 sign : 1 confirm : 20 views",
        server,
        [signRequest, confirmRequest, ...Array.from({ length: 10 }, () => views).flat()],
        64,
        SECONDS,
        () => `count shown at most ${maxLagMs} ms behind the database (${samples} samples)`,
      );
      clearInterval(sampler);
      await sampling;
      await c.end();
    } else if (PHASES.has("mixed")) {
      await run("mixed 1 sign : 1 confirm : 20 views", server, [signRequest, confirmRequest, ...Array.from({ length: 10 }, () => views).flat()], 64);
    }

    if (dbUrl && PHASES.has("webhooks")) {
      const seconds = Math.min(SECONDS, 30);
      const storm = await webhookStorm(dbUrl, crypto, SECRET, server.baseUrl, SLUG);
      storm.startWorker();
      try {
        await run("sign, with an outbox worker sending mail (no webhooks)", server, [signRequest], 32, seconds);
        // Control: the same 1,000 confirmations with no partner behind them, so no webhook.
        const control = new Promise((r) => setTimeout(r, 5_000)).then(() => storm.confirmControl());
        await run("sign during 1,000 confirmations of unattributed signatures (control: no webhooks)", server, [signRequest], 32, seconds);
        const controlSummary = await control;
        console.log(controlSummary);
        phases.push({ name: controlSummary, requests: 0, seconds: 0, byStatus: {}, errors: 0, timeouts: 0, p50: 0, p95: 0, p99: 0 });
        // The storm starts once autocannon's 5 s warm-up is over, and is measured to its last delivery.
        const confirming = new Promise((r) => setTimeout(r, 5_000)).then(() => storm.confirmAll());
        await run("sign during a webhook storm (1,000 attributed confirmations, their events delivered)", server, [signRequest], 32, seconds);
        await confirming;
        await storm.delivered();
        const summary = storm.summary();
        console.log(summary);
        phases.push({ name: summary, requests: 0, seconds: 0, byStatus: {}, errors: 0, timeouts: 0, p50: 0, p95: 0, p99: 0 });
      } finally {
        await storm.stop();
      }
    }
    if (dbUrl && PHASES.has("pgbench")) {
      const ceiling = await pgbenchCeiling(dbUrl, SECONDS);
      console.log(ceiling);
      phases.push({ name: ceiling, requests: 0, seconds: 0, byStatus: {}, errors: 0, timeouts: 0, p50: 0, p95: 0, p99: 0 });
    }
    if (dbUrl && BIG > 0) {
      const t0 = Date.now();
      const total = await seedConfirmed(dbUrl, SLUG, BIG);
      console.log(`seeded ${BIG} confirmed signatures in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      await run(`views only, ${total.confirmed.toLocaleString("en")} confirmed signatures (${total.all.toLocaleString("en")} rows)`, server, views, 64);
    }
  } finally {
    await server.stop();
  }
  console.log("\n| phase | requests/s | by status | p50 / p95 / p99 ms | errors | note |\n|---|---|---|---|---|---|");
  for (const p of phases) {
    if (!p.requests) {
      console.log(`| ${p.name} | | | | | |`);
      continue;
    }
    const accepted = p.byStatus["303"] ? ` (${(p.byStatus["303"] / p.seconds).toFixed(0)} accepted signatures/s)` : "";
    console.log(
      `| ${p.name} | ${(p.requests / p.seconds).toFixed(0)}${accepted} | ${JSON.stringify(p.byStatus)} | ${p.p50} / ${p.p95} / ${p.p99} | ${p.errors + p.timeouts} | ${p.extra ?? ""} |`,
    );
  }
}

await main();
