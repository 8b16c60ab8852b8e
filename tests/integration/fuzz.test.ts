/**
 * Fuzzing the public surface of a running production server with bad input.
 *
 * Over 10,000 generated requests — every one of them invalid — go to every public form and JSON
 * API: the signing form, the letter composer, confirmation by link and by code, the withdraw link,
 * the data-export request, the JSON API, the proof-of-work challenge, the language switch, the
 * unsubscribe link, and unknown languages, campaigns and paths. The server must answer each with a
 * 4xx or an ordinary 2xx/3xx page, never a 5xx, and must store nothing: the rows in `signatures`,
 * `messages` and `outbox` (and their token and delivery tables), the confirmed counts of the JSON
 * API and the captured mail are the same after the run as before it; a signature made before the
 * run (the sentinel) is still there, unconfirmed, after it. Then Chromium opens every public page
 * the fuzz reached, in English and Burmese, and sends the forms hostile values itself: no payload
 * may open a dialog, set a global, fetch from another host or leave a script handler in the page.
 *
 * Every form input is proved invalid before it is sent: the body is parsed here exactly as the
 * server parses it (`Request.formData()`) and run through the app's own schema, and an input the
 * schema would accept is never sent (the generator is then at fault, and a test below says so).
 * A withdraw link is proved wrong with the server's secret, which the test sets.
 *
 * To add a public form: add a `formEndpoint({...})` to `endpoints` in tests/fuzz/endpoints.ts with the paths it answers
 * on, a generator of bad field sets (a `FormSpec`: one field is always broken by construction) and
 * a `rejects(form)` that runs the app's schema for that form. Other URLs are `endpoint({...})` with
 * a request generator (and, for a link that acts, a `refutes(request)` proving it cannot). `runs`
 * is each endpoint's share of the requests. Add the pages it renders to `publicPages` (tests/fuzz/browser.ts, the browser check).
 *
 * FUZZ_SEED=<n> replays another sequence (the seed is printed with every failure); FUZZ_SCALE=<k>
 * multiplies the number of requests (a longer run for a nightly job).
 */
import { URLENCODED } from "../fuzz/requests";
import { rejectsCode, rejectsMessage, rejectsMyData, rejectsSignature } from "../fuzz/fields";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DB } from "../../db/index";
import { startServer, type RunningServer } from "../helpers/server";
import {
  SEED,
  SCALE,
  CONCURRENCY,
  MIN_INPUTS,
  TABLES,
  SLUGS,
  APP_SECRET,
  RAN,
  RUNS_SCRIPT,
  onPostgres,
  HOOK_TIMEOUT,
  SENTINEL_EMAIL,
  CONTROL_EMAIL,
  CONTROL_NAME,
} from "../fuzz/values";
import { type FuzzRequest, type Rejects } from "../fuzz/requests";
import { endpoints } from "../fuzz/endpoints";
import { type Outcome, provenBad, send, loggedErrors, explain, pool, shuffle, describeRequest } from "../fuzz/running";
import { type Counts, publicCounts, type Window, countRows, withDatabase, postgresCounts, type SignerMail, signerMail, signValid, settle } from "../fuzz/store";
import { publicPages, SCRIPT_ALL, SCRIPT_SHORT, echoPages, RECORD_CSP_VIOLATIONS, inspect, withdrawExpected } from "../fuzz/browser";

describe(`fuzzing the public forms and APIs with bad input (${onPostgres ? "Postgres" : "PGlite"}, seed ${SEED})`, () => {
  let server: RunningServer;
  let dataDir: string;
  let outcomes: Outcome[] = [];
  const unsound: { req: FuzzRequest; why: string }[] = [];
  let before: Counts;
  let after: Counts;
  let window: Window;
  let outputAtEnd = 0;
  let sentinel: SignerMail;
  let control: SignerMail | undefined;
  const timings: Record<string, number> = {};
  const genTimes: string[] = [];

  beforeAll(async () => {
    const t0 = Date.now();
    dataDir = mkdtempSync(path.join(tmpdir(), "padauk-fuzz-"));
    const generated = (async () => {
      const all: FuzzRequest[] = [];
      for (const [i, e] of endpoints.entries()) {
        const g0 = performance.now();
        const reqs = await e.generate(Math.round(e.runs * SCALE), SEED + i);
        const g1 = performance.now();
        const proved = await provenBad(reqs, e);
        genTimes.push(`${e.name.split(" ")[0]} ${Math.round(g1 - g0)}+${Math.round(performance.now() - g1)} ms`);
        all.push(...proved.ok);
        unsound.push(...proved.unsound);
      }
      timings.generate = Date.now() - t0;
      return shuffle(all, SEED);
    })();
    // Generation runs while the server starts.
    const started = startServer({ dataDir, env: { RATE_LIMIT: "off", APP_SECRET } }).then(async (s) => {
      timings.start = Date.now() - t0;
      // The sentinel: a real signature, pending, whose withdraw link and code the fuzz must not hit.
      expect(await signValid(s, "en", SLUGS[1], { name: "Fuzz Sentinel", email: SENTINEL_EMAIL, country: "TH" })).toBe(303);
      sentinel = await signerMail(dataDir, SENTINEL_EMAIL);
      return s;
    });
    [server] = await Promise.all([started, generated]);
    const requests = await generated;
    timings.startAndGenerate = Date.now() - t0;

    before = { ...(await publicCounts(server)), ...(onPostgres ? await postgresCounts(server.env.DATABASE_URL) : {}) };
    const t1 = Date.now();
    outcomes = await pool(requests, CONCURRENCY, (r) => send(server.baseUrl, r));
    timings.requests = Date.now() - t1;
    outputAtEnd = server.output().length;
    await settle(server);
    window = { from: new Date(t1), to: new Date() };
    after = { ...(await publicCounts(server)), ...(onPostgres ? await postgresCounts(server.env.DATABASE_URL) : {}) };

    // A summary per endpoint: how many requests, and which answers.
    const table: Record<string, Record<string, number>> = {};
    const time: Record<string, number> = {};
    for (const o of outcomes) {
      const row = (table[o.req.endpoint] ??= {});
      const key = o.status === null ? "no answer" : String(o.status);
      row[key] = (row[key] ?? 0) + 1;
      time[o.req.endpoint] = (time[o.req.endpoint] ?? 0) + o.ms;
    }
    const slowest = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 3);
    console.log(
      `fuzz (seed ${SEED}): ${outcomes.length} bad inputs in ${(timings.requests / 1000).toFixed(1)} s ` +
        `(${Math.round(outcomes.length / (timings.requests / 1000))}/s, concurrency ${CONCURRENCY}); before that, the server started in ${(timings.start / 1000).toFixed(1)} s while the inputs were generated and proved in ${(timings.generate / 1000).toFixed(1)} s (${genTimes.join(", ")})\n` +
        Object.entries(table)
          .map(([e, st]) => {
            const n = Object.values(st).reduce((a, b) => a + b, 0);
            return `  ${e}: ${n}, mean ${(time[e] / n).toFixed(0)} ms → ${JSON.stringify(st)}`;
          })
          .join("\n") +
        `\n  slowest: ${slowest.map((o) => `${o.ms.toFixed(0)} ms ${o.req.method} ${o.req.path.slice(0, 80)} (${o.req.note})`).join("; ")}`,
    );
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    // FUZZ_REPORT=<file>: every request's outcome and the server's output, for a closer look.
    if (process.env.FUZZ_REPORT && server) {
      const rows = outcomes.map((o) => ({
        endpoint: o.req.endpoint,
        status: o.status,
        error: o.error,
        ms: Math.round(o.ms),
        method: o.req.method,
        path: o.req.path.slice(0, 500),
        note: o.req.note,
        headers: o.req.headers,
      }));
      writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ seed: SEED, timings, outcomes: rows, serverOutput: server.output() }, null, 1));
    }
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`sends at least ${MIN_INPUTS} inputs, every one proved invalid before it is sent`, () => {
    const shown = unsound.slice(0, 5).map((u) => `${u.why}:\n  ${describeRequest(u.req)}`);
    expect(unsound, `the generator made inputs that are not bad (seed ${SEED}):\n${shown.join("\n")}`).toHaveLength(0);
    expect(outcomes.length).toBeGreaterThanOrEqual(Math.round(MIN_INPUTS * Math.min(SCALE, 1)));
  });

  it("answers every one with a 4xx or an ordinary page, never a 5xx", async () => {
    const failed = outcomes.filter((o) => o.status === null || o.status >= 500);
    if (failed.length === 0) return;
    const byEndpoint: Record<string, number> = {};
    for (const f of failed) byEndpoint[f.req.endpoint] = (byEndpoint[f.req.endpoint] ?? 0) + 1;
    // One example per cause, with the server's own words for it.
    const causes = await explain(server, failed, loggedErrors(server.output().slice(0, outputAtEnd)));
    const message =
      `${failed.length} of ${outcomes.length} bad inputs got a 5xx or no answer (seed ${SEED}); by endpoint ${JSON.stringify(byEndpoint, null, 1)}\n` +
      `Causes, as the server logged them (count ← cause; the shortest request that failed so, and its status when sent again):\n` +
      causes
        .map(
          (c) =>
            `  [${c.n}×] ${c.cause}\n    → ${c.replayed ?? "?"} on replay of: ${c.example ? describeRequest(c.example) : "(no request matched the logged path)"}`,
        )
        .join("\n");
    expect(failed.length, message).toBe(0);
  }, 120_000);

  it("the forms' validation was reached, not bypassed by an answer in front of it", () => {
    // Each form endpoint must have had bodies refused by its validator (400), or the fuzz tested nothing.
    for (const e of endpoints.filter((x) => x.isForm)) {
      const refused = outcomes.filter((o) => o.req.endpoint === e.name && o.status === 400).length;
      expect(refused, `${e.name}: no 400 answers`).toBeGreaterThan(e.runs * SCALE * 0.1);
    }
  });

  it("the code form refuses every bad code (4xx), a wrong withdraw link is not found (404), the data request says “sent” only to a bot", () => {
    const wrong = (name: string, ok: (o: Outcome) => boolean) =>
      outcomes.filter((o) => o.req.endpoint === name && o.status !== null && o.status < 500 && !ok(o));
    const show = (os: Outcome[]) =>
      os
        .slice(0, 3)
        .map((o) => `${o.status} ← ${describeRequest(o.req)}`)
        .join("\n");
    // A code of no signature is refused (400); a confirmation would be a redirect (303, or 202 to a single fetch).
    const code = wrong("code POST /{lang}/campaigns/{slug}/signed", (o) => o.status! >= 400 && o.status! < 500);
    expect(code, `the code form answered bad codes with other than 4xx:\n${show(code)}`).toHaveLength(0);
    // The same for a letter's code: no letter is sent on a guess.
    const letterCode = wrong("letter code POST /{lang}/campaigns/{slug}/write/sent", (o) => o.status! >= 400 && o.status! < 500);
    expect(letterCode, `the letter's code form answered bad codes with other than 4xx:\n${show(letterCode)}`).toHaveLength(0);
    // A wrong withdraw link is not found, whatever the method; a post from another site is refused before that.
    const withdraw = wrong("withdraw GET/POST /{lang}/signatures/{id}/withdraw/{mac}", (o) => {
      const expected = withdrawExpected(o.req, server.baseUrl);
      return expected === null ? o.status! >= 400 && o.status! < 500 : o.status === expected;
    });
    expect(
      withdraw,
      `the withdraw link answered wrong links with other than 404 (403 to a foreign Origin, 400 to a path that does not decode):\n${show(withdraw)}`,
    ).toHaveLength(0);
    // The data request says "sent" (200) only to a bot that filled the honeypot; a bad address is refused.
    const myData = wrong(
      "my data POST /{lang}/my-data",
      (o) => (o.status! >= 400 && o.status! < 500) || (o.status === 200 && o.req.note.endsWith("broken: honeypot")),
    );
    expect(myData, `the data request answered bad addresses with other than 4xx:\n${show(myData)}`).toHaveLength(0);
  });

  it("stores nothing: no row, no count, no mail", async () => {
    expect(after, `counts changed during the fuzz run (seed ${SEED})`).toEqual(before);
    if (onPostgres) {
      const created = await postgresCounts(server.env.DATABASE_URL, window);
      for (const t of TABLES) expect(created[`rows in ${t} created during the run`], t).toBe(0);
    }
  });

  it("would have seen a stored signature (one valid control signature moves the counters)", async () => {
    expect(await signValid(server, "en", SLUGS[0], { name: CONTROL_NAME, email: CONTROL_EMAIL, country: "IS", show_name: "on" })).toBe(303);
    // The confirmation mail is the trace an unconfirmed signature leaves outside the database.
    control = await signerMail(server.dataDir, CONTROL_EMAIL);
    const counts = { ...(await publicCounts(server)), ...(onPostgres ? await postgresCounts(server.env.DATABASE_URL) : {}) };
    const expected: Counts = {
      ...after,
      "mail files in DATA_DIR/mail": after["mail files in DATA_DIR/mail"] + 1,
      "mails listed at /dev/mail": after["mails listed at /dev/mail"] + 1,
    };
    if (onPostgres) {
      expected["rows in signatures"] += 1;
      expected["rows in outbox"] += 1;
      expect(counts["rows in signature_tokens"]).toBeGreaterThan(after["rows in signature_tokens"]);
      expected["rows in signature_tokens"] = counts["rows in signature_tokens"];
    }
    expect(counts).toEqual(expected);
  });

  it("nothing runs as script in Chromium: no dialog, no request off the server, no global set, no handler in any page", async () => {
    expect(control, "the control signature's mail (the test above)").toBeDefined();
    const origin = new URL(server.baseUrl).origin;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const problems: string[] = [];
    const statuses: [string, number | null][] = [];
    let here = "";
    try {
      // The checks themselves: on a blank page, script that got in runs and is seen; on one of the
      // server's pages an injected handler is stopped by its Content-Security-Policy, and still seen.
      {
        const ctx = await browser.newContext();
        await ctx.addInitScript({ content: RECORD_CSP_VIOLATIONS });
        const p = await ctx.newPage();
        const dialogs: string[] = [];
        p.on("dialog", (d) => {
          dialogs.push(d.message());
          void d.dismiss().catch(() => {});
        });
        await p.setContent(`<img src=x onerror="${RAN}=1;alert('seen')">`);
        const blank: string[] = [];
        await inspect(p, "blank", blank);
        expect(blank.join("\n"), "the checks see script that ran").toMatch(new RegExp(`global ${RAN} = 1[\\s\\S]*onerror`));
        expect(dialogs).toEqual(["seen"]);
        await p.goto(`${origin}/en/my-data`);
        await p.evaluate(`document.body.insertAdjacentHTML("beforeend", '<img src=x onerror="${RAN}=2">')`);
        const served: string[] = [];
        await inspect(p, "served", served);
        expect(served.join("\n"), "the checks see an injected handler the policy stopped").toMatch(/onerror[\s\S]*CSP violation: script-src/);
        expect(served.join("\n")).not.toContain(`global ${RAN}`);
        await ctx.close();
      }

      const context = await browser.newContext();
      await context.addInitScript({ content: RECORD_CSP_VIOLATIONS });
      context.on("request", (r) => {
        const u = r.url();
        if (!/^(data|blob|about):/.test(u) && new URL(u).origin !== origin)
          problems.push(`${here}: a request to another host: ${r.method()} ${u.slice(0, 200)}`);
      });
      const page = await context.newPage();
      page.on("dialog", (d) => {
        problems.push(`${here}: a ${d.type()} dialog: ${JSON.stringify(d.message().slice(0, 100))}`);
        void d.dismiss().catch(() => {});
      });
      context.on("page", (p) => problems.push(`${here}: a window opened: ${p.url()}`));

      /** Loads a page (optionally by a document POST of `fields`) and checks it; returns the status. */
      const open = async (p: string, fields?: [string, string][]) => {
        here = `${fields ? "POST" : "GET"} ${p.length > 160 ? p.slice(0, 160) + "…" : p}`;
        const url = origin + p;
        if (fields) {
          await page.route(
            (u) => u.href === url,
            (route) =>
              route.continue({
                method: "POST",
                postData: new URLSearchParams(fields).toString(),
                headers: { ...route.request().headers(), "content-type": URLENCODED },
              }),
            { times: 1 },
          );
        }
        const res = await page.goto(url, { waitUntil: "load", timeout: 20_000 });
        statuses.push([here, res?.status() ?? null]);
        await inspect(page, here, problems);
        return res?.status() ?? null;
      };
      /** Submits a form of the page by typing and Enter, as a visitor does (the browser posts it as a document), then checks. */
      const submit = async (p: string, input: string, value: string, answer: string) => {
        await open(p);
        here = `${p} submitted with ${input} = ${JSON.stringify(value.slice(0, 60))}`;
        await page.fill(input, value);
        await page.locator(input).press("Enter");
        await page.locator(answer).waitFor({ timeout: 10_000 });
        await inspect(page, here, problems);
      };

      // The control signer confirms by the code in the mail, on the page the fuzz posted bad codes to.
      await open(`/en/campaigns/${SLUGS[0]}/signed`);
      here = "confirming the control signature by its code";
      await page.fill("#confirm-code", control!.code);
      await Promise.all([page.waitForURL(`${origin}/en/campaigns/${SLUGS[0]}/thanks`, { timeout: 10_000 }), page.locator("#confirm-code").press("Enter")]);
      await inspect(page, here, problems);
      // Its name, script if it were markup, is now stored and shown on the campaign page: as text.
      for (const lang of ["en", "my"]) {
        expect(await open(`/${lang}/campaigns/${SLUGS[0]}`)).toBe(200);
        expect(await page.locator("ul.signers").innerText(), `the control signer's name on the ${lang} campaign page`).toContain(CONTROL_NAME);
      }

      // Every public page the fuzz reached, in both scripts.
      const writable: string[] = [];
      for (const lang of ["en", "my"]) {
        for (const p of publicPages(lang, [sentinel, control!])) {
          const status = await open(p);
          const mayBeMissing = /\/write$/.test(p); // a campaign without officials has no composer
          if (!(status === 200 || (mayBeMissing && status === 404))) problems.push(`${p}: status ${status}`);
          if (mayBeMissing && status === 200 && lang === "en") writable.push(p.split("/")[3]);
        }
      }
      for (const p of ["/api/v1/campaigns", ...SLUGS.map((slug) => `/api/v1/campaigns/${slug}`)]) if ((await open(p)) !== 200) problems.push(`${p}: not 200`);
      expect(writable.length, "no campaign has a composer").toBeGreaterThan(0);

      // Hostile values echoed from the URL: the query, the path, and the language switch's redirect.
      for (const lang of ["en", "my"]) for (const p of echoPages(lang, sentinel)) await open(p);

      // Hostile values posted as documents (no JavaScript involved in the post), each proved refused by the app's schema.
      const posted = async (p: string, fields: [string, string][], rejects: Rejects, expected = 400) => {
        const form = new FormData();
        for (const [k, v] of fields) form.append(k, v);
        expect(rejects(form), `the app's schema accepts ${JSON.stringify(fields).slice(0, 200)}`).toBe(true);
        const status = await open(p, fields);
        if (status !== expected) problems.push(`${here}: status ${status}, not ${expected}`);
      };
      for (const lang of ["en", "my"]) {
        const slug = writable[0];
        await posted(
          `/${lang}/campaigns/${SLUGS[0]}`,
          [
            ["name", SCRIPT_ALL],
            ["email", `${SCRIPT_ALL}@example.org`],
            ["country", SCRIPT_ALL],
            ["consent_updates", "on"],
            ["source", SCRIPT_ALL],
          ],
          rejectsSignature,
        );
        await posted(
          `/${lang}/campaigns/${SLUGS[0]}`,
          [
            ["name", SCRIPT_SHORT],
            ["email", "not-an-address"],
            ["country", "MM"],
            ["show_name", "on"],
          ],
          rejectsSignature,
        );
        await posted(
          `/${lang}/campaigns/${slug}/write`,
          [
            ["name", SCRIPT_SHORT],
            ["email", `${SCRIPT_ALL}@`],
            ["country", SCRIPT_ALL],
            ["area", SCRIPT_SHORT],
            ["subject", SCRIPT_ALL.slice(0, 200)],
            ["body", SCRIPT_ALL],
            ["target", SCRIPT_SHORT],
          ],
          rejectsMessage,
        );
        await posted(`/${lang}/my-data`, [["email", SCRIPT_ALL]], rejectsMyData);
        await posted(`/${lang}/my-data`, [["email", `${SCRIPT_SHORT}@example.org`]], rejectsMyData);
        for (const value of lang === "en" ? [...RUNS_SCRIPT, SCRIPT_ALL] : [SCRIPT_ALL])
          await posted(`/${lang}/campaigns/${SLUGS[0]}/signed`, [["code", value]], rejectsCode);
      }

      // The same forms filled in and submitted in the page, with JavaScript on (public pages run no script, so the browser posts them).
      for (const lang of ["en", "my"]) {
        for (const value of lang === "en" ? RUNS_SCRIPT : [SCRIPT_SHORT]) {
          await submit(`/${lang}/campaigns/${SLUGS[1]}/signed`, "#confirm-code", value, "#code-error");
          await submit(`/${lang}/my-data`, "#my-data-email", value, "#my-data-error");
        }
      }
    } finally {
      await browser.close();
    }
    console.log(
      `Chromium: ${statuses.length} page loads checked (${statuses.filter(([, st]) => st === 200).length} × 200, ${statuses.filter(([, st]) => st !== 200).length} others), plus ${2 * RUNS_SCRIPT.length + 2} forms filled in and submitted in the page`,
    );
    expect(problems, `in Chromium (seed ${SEED}):\n${problems.join("\n")}`).toEqual([]);
  }, 300_000);

  it(`the database holds no row created during the run, the sentinel is there unconfirmed, and the control's rows are the only new ones (${onPostgres ? "Postgres, while the server runs" : "PGlite, once the server has stopped"})`, async () => {
    const look = async (db: DB) => ({
      during: await countRows(db, window),
      since: await countRows(db, { from: window.to, to: new Date() }, "created since"),
      sentinel: await db.selectFrom("signatures").select(["status", "campaign_id"]).where("id", "=", sentinel.signatureId).executeTakeFirst(),
    });
    let found: Awaited<ReturnType<typeof look>>;
    if (onPostgres) found = await withDatabase({ databaseUrl: server.env.DATABASE_URL }, look);
    else {
      await server.stop();
      found = await withDatabase({ dataDir }, look);
    }
    for (const t of TABLES) expect(found.during[`rows in ${t} created during the run`], t).toBe(0);
    // The sentinel, signed before the run, was neither withdrawn nor confirmed by any of it.
    expect(found.sentinel?.status, `signature ${sentinel.signatureId}, made before the run`).toBe("pending");
    // …and the control signature is there, which proves the comparison of clocks sees rows at all;
    // nothing Chromium posted added a row.
    expect(found.since["rows in signatures created since"]).toBe(1);
    expect(found.since["rows in outbox created since"]).toBe(1);
    expect(found.since["rows in messages created since"]).toBe(0);
    expect(found.since["rows in message_deliveries created since"]).toBe(0);
  });
});
