import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { verifyWebhookSignature, signWebhook } from "../../app/lib/webhook-signature.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { createPartner } from "../../app/models/partner.server";
import { MILESTONES, milestoneReached, queueTestEvent, recentDeliveries } from "../../app/models/webhook.server";
import { inviteOrganiser } from "../../app/models/organiser.server";
import { deleteSignature } from "../../app/models/withdrawal.server";
import { anonymiseClosedCampaigns } from "../../app/models/retention.server";
import { OutboxWorker, type WorkerOptions } from "../../app/outbox/worker.server";
import { webhookRetrySeconds } from "../../app/outbox/webhooks.server";
import { confirmByLink } from "../../app/services/confirm.server";
import { recordOfficialResponse } from "../../app/services/news.server";
import { resumeWebhook, sendTestWebhook } from "../../app/services/webhooks.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { latestConfirmToken, signAs } from "../helpers/signing";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import enEmail from "../../locales/en/email.json";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { WebhookLog, type WebhookLogEntry } from "../../app/components/webhook-log";
import { fixedT, serverI18n } from "../../app/lib/i18n.server";
import { escapeHtml } from "../../emails/layout";
import { renderWebhookPaused } from "../../emails/webhook-paused";

const crypto = createCrypto("webhooks-secret-of-at-least-32-characters!");
const PUBLIC_URL = "http://padauk.test";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; location?: string; delayMs?: number } | "hang";

/** A partner's endpoint on loopback: keeps what it receives, answers as told, counts what is in flight. */
async function startReceiver() {
  const received: Received[] = [];
  /** Answers to give, in order, per path; then 200. */
  const plan = new Map<string, Answer[]>();
  let delayMs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const inFlightByPath = new Map<string, number>();
  let maxPerPath = 0;
  let port = 0;
  let server: http.Server;
  const hanging = new Set<http.ServerResponse>();
  const make = () =>
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = req.url ?? "/";
        received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        inFlightByPath.set(path, (inFlightByPath.get(path) ?? 0) + 1);
        maxPerPath = Math.max(maxPerPath, inFlightByPath.get(path)!);
        const answer = plan.get(path)?.shift() ?? { status: 200 };
        const finish = () => {
          inFlight--;
          inFlightByPath.set(path, inFlightByPath.get(path)! - 1);
        };
        if (answer === "hang") {
          hanging.add(res);
          res.on("close", finish);
          return;
        }
        setTimeout(() => {
          finish();
          res.writeHead(answer.status, answer.location ? { Location: answer.location } : {});
          res.end(answer.status >= 400 ? "receiver says no" : "ok");
        }, answer.delayMs ?? delayMs);
      });
    });
  const listen = () =>
    new Promise<void>((resolve) => {
      server = make();
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    received,
    plan,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    set delayMs(ms: number) {
      delayMs = ms;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get maxPerPath() {
      return maxPerPath;
    },
    resetCounts() {
      maxInFlight = 0;
      maxPerPath = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        hanging.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    start: listen,
  };
}

let t: TestDatabase;
let smtp: TestSmtp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
/** The worker's clock runs this far ahead of the real one: how a test lets time pass. */
let aheadMs = 0;
const clock = () => new Date(Date.now() + aheadMs);

function makeWorker(over: Partial<WorkerOptions> = {}) {
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" });
  return new OutboxWorker({ db: t.db, crypto, mailer, publicUrl: PUBLIC_URL, clock, webhooks: { allowPrivate: true, timeoutMs: 500 }, ...over });
}
let worker: OutboxWorker;
/** One pass of the worker, and the webhook deliveries it started, to the end. */
async function pass(w = worker) {
  const n = await w.runOnce();
  await w.webhooksSettled();
  return n;
}

async function campaignId(slug: string) {
  return (await findPublicCampaign(t.db, slug, "en"))!.id;
}

async function partner(slug: string, path: string, campaign = "arms-embargo", url = `${receiver.url}${path}`) {
  return createPartner(t.db, crypto, {
    campaignId: await campaignId(campaign),
    slug,
    name: `A partner in Bangkok (${slug})`,
    website: null,
    listed: false,
    origins: [],
    webhookUrl: url,
  });
}

const ctx = () => testContext(t.db, crypto, { clientKey: `client-${Math.random()}` });

async function signAndConfirm(email: string, opts: { partnerId?: number; consent?: boolean; slug?: string; name?: string } = {}) {
  await signAs(t.db, crypto, {
    email,
    slug: opts.slug ?? "arms-embargo",
    partnerId: opts.partnerId ?? null,
    consentPartner: opts.consent ?? false,
    name: opts.name ?? "A signer in Yangon",
  });
  const outcome = await confirmByLink(ctx(), await latestConfirmToken(t.db, crypto));
  expect(outcome.kind).toBe("confirmed");
}

const at = (path: string) => receiver.received.filter((r) => r.path === path);
const eventsOf = (partnerId: number) =>
  t.db
    .selectFrom("webhook_events")
    .select(["id", "type", "status", "attempts", "last_status", "last_error", "body_enc"])
    .where("partner_id", "=", partnerId)
    .orderBy("created_at")
    .execute();

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
  receiver = await startReceiver();
  worker = makeWorker();
});
afterAll(async () => {
  await receiver?.stop();
  await smtp?.stop();
  await t?.close();
});
beforeEach(() => {
  smtp.messages.length = 0;
  receiver.received.length = 0;
  receiver.resetCounts();
});
afterEach(async () => {
  // Each test's partners stop here, so their retries do not reach the next test's receiver.
  await t.db.updateTable("partners").set({ disabled_at: new Date() }).where("disabled_at", "is", null).execute();
});

describe(`partners' webhooks through the outbox (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a confirmed attributed signature is POSTed once, signed, with the signer only when they consented", async () => {
    const consenting = await partner("bangkok-group", "/consenting");
    const other = await partner("chiang-mai-group", "/other");
    await signAndConfirm("consents@example.org", { partnerId: consenting.partner.id, consent: true, name: "ကိုအောင်" });
    await signAndConfirm("keeps-to-self@example.org", { partnerId: other.partner.id, consent: false });
    // A signature that came by no partner tells no partner anything.
    await signAndConfirm("direct@example.org");

    // At rest the queued body is ciphertext: the consenting signer's address is not in it.
    const queued = await eventsOf(consenting.partner.id);
    expect(queued).toHaveLength(1);
    expect(Buffer.from(queued[0].body_enc!).toString("latin1")).not.toContain("consents@example.org");

    await pass();
    expect(receiver.received.map((r) => r.path).sort()).toEqual(["/consenting", "/other"]);

    const confirmedAt = async (email: string) => {
      const rows = await t.db.selectFrom("signatures").select(["email_hmac", "confirmed_at"]).where("email_hmac", "=", crypto.emailHmac(email)).execute();
      return new Date(rows[0].confirmed_at!).toISOString();
    };
    const [got] = at("/consenting");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["user-agent"]).toBe("Padauk-Webhooks/1");
    const body = JSON.parse(got.body);
    expect(got.headers["padauk-event-id"]).toBe(body.id);
    expect(body.id).toBe(queued[0].id);
    expect(body.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(body.type).toBe("signature.confirmed");
    expect(new Date(body.created).toISOString()).toBe(body.created);
    expect(body.data).toEqual({
      campaign: "arms-embargo",
      partner: "bangkok-group",
      country: "MM",
      language: "en",
      confirmedAt: await confirmedAt("consents@example.org"),
      person: { email: "consents@example.org", name: "ကိုအောင်" },
    });
    const check = verifyWebhookSignature(consenting.webhookSecret!, got.headers["padauk-signature"] as string, got.body);
    expect(check.ok).toBe(true);
    // Another partner's secret, or a body changed by one byte, does not verify.
    expect(verifyWebhookSignature(other.webhookSecret!, got.headers["padauk-signature"] as string, got.body)).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookSignature(consenting.webhookSecret!, got.headers["padauk-signature"] as string, got.body.replace("MM", "TH"))).toEqual({
      ok: false,
      reason: "mismatch",
    });

    const [withheld] = at("/other");
    expect(JSON.parse(withheld.body).data).toEqual({
      campaign: "arms-embargo",
      partner: "chiang-mai-group",
      country: "MM",
      language: "en",
      confirmedAt: await confirmedAt("keeps-to-self@example.org"),
      person: null,
    });
    expect(verifyWebhookSignature(other.webhookSecret!, withheld.headers["padauk-signature"] as string, withheld.body).ok).toBe(true);

    // Delivered: logged, the body (and the address in it) erased, nothing sent twice.
    expect(await eventsOf(consenting.partner.id)).toEqual([
      { id: body.id, type: "signature.confirmed", status: "delivered", attempts: 1, last_status: 200, last_error: null, body_enc: null },
    ]);
    expect(await pass()).toBe(0);
    expect(receiver.received).toHaveLength(2);
  });

  it("an endpoint that fails twice (500, then a timeout) gets the event a third time, same id, within a minute", async () => {
    const p = await partner("flaky", "/flaky");
    receiver.plan.set("/flaky", [{ status: 500 }, "hang"]);
    const eventId = await queueTestEvent(t.db, crypto, p.partner.id);
    await pass();
    let [row] = await eventsOf(p.partner.id);
    expect(row).toMatchObject({ status: "queued", attempts: 1, last_status: 500, last_error: "HTTP 500: receiver says no" });
    // Not due yet: the next try is 5 s away.
    expect(await pass()).toBe(0);
    aheadMs += 5_000;
    await pass();
    [row] = await eventsOf(p.partner.id);
    expect(row).toMatchObject({ status: "queued", attempts: 2, last_status: null, last_error: "timed out after 500 ms" });
    aheadMs += 29_000;
    expect(await pass()).toBe(0);
    aheadMs += 1_000;
    await pass();
    [row] = await eventsOf(p.partner.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 3, last_status: 200, last_error: null });

    const tries = at("/flaky");
    expect(tries).toHaveLength(3);
    expect(tries.map((r) => r.headers["padauk-event-id"])).toEqual([eventId, eventId, eventId]);
    expect(new Set(tries.map((r) => JSON.parse(r.body).id))).toEqual(new Set([eventId]));
    // Every attempt is signed at its own time; the body is the same bytes each time.
    const times = tries.map((r) => Number(/t=(\d+)/.exec(r.headers["padauk-signature"] as string)![1]));
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(34);
    expect(times[2] - times[0]).toBeLessThan(60);
    expect(new Set(tries.map((r) => r.body)).size).toBe(1);
    for (const r of tries) expect(verifyWebhookSignature(p.webhookSecret!, r.headers["padauk-signature"] as string, r.body, { now: clock() }).ok).toBe(true);
  });

  it("a refused connection is retried, and the backoff grows to hours after the first two quick retries", async () => {
    const gone = await startReceiver();
    const p = await partner("offline", "/offline", "arms-embargo", `${gone.url}/offline`);
    await gone.stop();
    await queueTestEvent(t.db, crypto, p.partner.id);
    await pass();
    const [row] = await eventsOf(p.partner.id);
    expect(row.status).toBe("queued");
    expect(row.last_status).toBeNull();
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect([webhookRetrySeconds(1), webhookRetrySeconds(2)]).toEqual([5, 30]);
    expect(webhookRetrySeconds(3)).toBeGreaterThanOrEqual(96);
    expect(webhookRetrySeconds(30)).toBeGreaterThanOrEqual(0.8 * 6 * 3600);
    expect(webhookRetrySeconds(30)).toBeLessThanOrEqual(1.2 * 6 * 3600);
  });

  it("a 302 is a failure, and its Location is not followed", async () => {
    const p = await partner("moved", "/moved");
    receiver.plan.set("/moved", [{ status: 302, location: `${receiver.url}/elsewhere` }]);
    await queueTestEvent(t.db, crypto, p.partner.id);
    await pass();
    expect(receiver.received.map((r) => r.path)).toEqual(["/moved"]);
    const [row] = await eventsOf(p.partner.id);
    expect(row).toMatchObject({ status: "queued", attempts: 1, last_status: 302 });
    expect(row.last_error).toBe(`redirect to ${receiver.url}/elsewhere not followed`);
  });

  it("without WEBHOOK_ALLOW_PRIVATE, a URL on loopback is refused at send time, by address and by name", async () => {
    const strict = makeWorker({ webhooks: { allowPrivate: false, timeoutMs: 500 } });
    const byAddress = await partner("inward-ip", "/inward");
    const byName = await partner("inward-name", "/inward", "arms-embargo", `${receiver.url.replace("127.0.0.1", "localhost")}/inward`);
    await queueTestEvent(t.db, crypto, byAddress.partner.id);
    await queueTestEvent(t.db, crypto, byName.partner.id);
    await pass(strict);
    expect(receiver.received).toHaveLength(0);
    expect((await eventsOf(byAddress.partner.id))[0]).toMatchObject({ status: "queued", last_status: null, last_error: "127.0.0.1 is a private address" });
    expect((await eventsOf(byName.partner.id))[0]).toMatchObject({
      status: "queued",
      last_status: null,
      last_error: "EPRIVATE: localhost resolves only to private addresses",
    });
  });

  it("a milestone goes once to each webhook partner, however many confirmations cross it together", async () => {
    const id = await campaignId("icc-referral");
    const a = await partner("milestone-a", "/ms-a", "icc-referral");
    const b = await partner("milestone-b", "/ms-b", "icc-referral");
    const count = async () =>
      Number((await sql<{ n: string }>`select coalesce(sum(n), 0) as n from signature_counts where campaign_id = ${id}`.execute(t.db)).rows[0].n);
    const before = await count();
    const goal = before + 3;
    await t.db.updateTable("campaigns").set({ goal }).where("id", "=", id).execute();
    for (let i = 0; i < 6; i++) await signAs(t.db, crypto, { email: `ms-${i}@example.org`, slug: "icc-referral" });
    const tokens = await t.db.selectFrom("outbox").select("payload_enc").where("kind", "=", "signature-confirm").orderBy("id", "desc").limit(6).execute();
    // Six confirmations at once (in parallel on Postgres), then one more after they all committed.
    const payloads = tokens.map((r) => JSON.parse(crypto.decrypt(r.payload_enc!)) as { token: string });
    await Promise.all(payloads.slice(1).map((p) => confirmByLink(ctx(), p.token)));
    await confirmByLink(ctx(), payloads[0].token);
    expect(await count()).toBe(before + 6);
    expect(milestoneReached(before + 6, goal)).toBe(Math.max(goal, ...MILESTONES.filter((m) => m <= before + 6)));

    await pass();
    for (const path of ["/ms-a", "/ms-b"]) {
      const got = at(path);
      expect(got).toHaveLength(1);
      const body = JSON.parse(got[0].body);
      expect(body.type).toBe("campaign.milestone");
      expect(body.data.campaign).toBe("icc-referral");
      expect(body.data.milestone).toBe(milestoneReached(before + 6, goal));
      expect(body.data.count).toBeGreaterThanOrEqual(goal);
      expect(body.data.count).toBeLessThanOrEqual(before + 6);
    }
    // Further confirmations past the milestone add none.
    await signAndConfirm("ms-late@example.org", { slug: "icc-referral" });
    await pass();
    expect(at("/ms-a")).toHaveLength(1);
    expect((await eventsOf(a.partner.id)).map((e) => e.type)).toEqual(["campaign.milestone"]);
    expect((await eventsOf(b.partner.id)).map((e) => e.type)).toEqual(["campaign.milestone"]);
  });

  it("an official's recorded response goes to the campaign's webhook partners", async () => {
    const p = await partner("responses", "/responses", "asean-engage-nug");
    await inviteOrganiser(t.db, crypto, "organiser-responses@example.org", "organiser");
    const org = await t.db
      .selectFrom("organisers")
      .select("id")
      .where("email_hmac", "=", crypto.emailHmac("organiser-responses@example.org"))
      .executeTakeFirstOrThrow();
    const campaign = (await findPublicCampaign(t.db, "asean-engage-nug", "en"))!;
    const form = new FormData();
    form.set("responder", "The ministry's spokesperson");
    form.set("responded_on", "2026-12-01");
    form.set("text", "We have received the petition.");
    form.set("url", "https://news.example.org/statement");
    const result = await recordOfficialResponse(ctx(), org.id, { id: campaign.id, slug: campaign.slug, defaultLocale: campaign.defaultLocale }, form);
    expect(result).toEqual({ kind: "saved" });
    await pass();
    const [got] = at("/responses");
    const body = JSON.parse(got.body);
    expect(body.type).toBe("response.recorded");
    expect(body.data).toEqual({
      campaign: "asean-engage-nug",
      official: "The ministry's spokesperson",
      respondedOn: "2026-12-01",
      recordedAt: body.created,
      url: `http://padauk.test/${campaign.defaultLocale}/campaigns/asean-engage-nug#responses-heading`,
      source: "https://news.example.org/statement",
    });
    expect(verifyWebhookSignature(p.webhookSecret!, got.headers["padauk-signature"] as string, got.body).ok).toBe(true);
  });

  it("three days of failures pause the webhook, keep its events, mail the partner; resuming sends them", async () => {
    const p = await partner("down-for-days", "/down");
    const email = "partner-desk@example.org";
    await t.db
      .insertInto("organisers")
      .values({ email_hmac: crypto.emailHmac(email), email_enc: crypto.encrypt(email), role: "partner", partner_id: p.partner.id })
      .execute();
    receiver.plan.set(
      "/down",
      Array.from({ length: 50 }, () => ({ status: 503 })),
    );
    const first = await queueTestEvent(t.db, crypto, p.partner.id);
    await pass();
    aheadMs += 3 * 24 * 3600_000 - 60_000;
    await pass();
    expect(
      (await t.db.selectFrom("partners").select("webhook_paused_at").where("id", "=", p.partner.id).executeTakeFirstOrThrow()).webhook_paused_at,
    ).toBeNull();
    aheadMs += 120_000;
    await pass();
    const paused = await t.db
      .selectFrom("partners")
      .select(["webhook_paused_at", "webhook_failing_since"])
      .where("id", "=", p.partner.id)
      .executeTakeFirstOrThrow();
    expect(paused.webhook_paused_at).not.toBeNull();
    expect(at("/down")).toHaveLength(3);

    // The mail goes out on the next pass, to the partner's own account, in the campaign's language.
    await pass();
    expect(smtp.messages).toHaveLength(1);
    expect((smtp.messages[0].to as { text: string }).text).toBe(email);
    expect(smtp.messages[0].subject).toBe(enEmail.webhookPaused.subject.replace("{{partner}}", p.partner.name));
    expect(smtp.messages[0].text).toContain("HTTP 503");
    expect(smtp.messages[0].text).toContain(`${PUBLIC_URL}/dashboard`);

    // Paused: a new event is kept, nothing is sent, however much time passes.
    const second = await queueTestEvent(t.db, crypto, p.partner.id);
    aheadMs += 24 * 3600_000;
    expect(await pass()).toBe(0);
    expect(at("/down")).toHaveLength(3);
    expect((await eventsOf(p.partner.id)).map((e) => e.status)).toEqual(["queued", "queued"]);

    receiver.plan.delete("/down");
    const partnerRow = { ...p.partner, webhookPaused: true };
    expect(await resumeWebhook(ctx(), partnerRow, org0())).toEqual({ kind: "resumed", requeued: 2 });
    await pass();
    expect(
      at("/down")
        .slice(3)
        .map((r) => r.headers["padauk-event-id"])
        .sort(),
    ).toEqual([first, second].sort());
    expect((await eventsOf(p.partner.id)).map((e) => e.status)).toEqual(["delivered", "delivered"]);
    const log = await recentDeliveries(t.db, p.partner.id, 10);
    expect(log.map((l) => [l.id, l.type, l.status, l.lastStatus])).toEqual([
      [second, "ping", "delivered", 200],
      [first, "ping", "delivered", 200],
    ]);
    expect(log[1].attempts).toBe(4);
  });

  it("a test event from the service is a ping with the partner's names", async () => {
    const p = await partner("pinged", "/ping");
    const result = await sendTestWebhook(ctx(), p.partner, org0());
    expect(result.kind).toBe("test-queued");
    await pass();
    const body = JSON.parse(at("/ping")[0].body);
    expect(body).toEqual({
      id: (result as { eventId: string }).eventId,
      type: "ping",
      created: body.created,
      data: { campaign: "arms-embargo", partner: "pinged" },
    });
    const none = await createPartner(t.db, crypto, {
      campaignId: p.partner.campaignId,
      slug: "no-hook",
      name: "No hook",
      website: null,
      listed: false,
      origins: [],
      webhookUrl: null,
    });
    expect(await sendTestWebhook(ctx(), none.partner, org0())).toEqual({ kind: "no-webhook" });
  });

  it("a signer who withdraws before delivery withdraws the event: their address never goes out", async () => {
    const p = await partner("withdrawn", "/withdrawn");
    await signAndConfirm("changed-my-mind@example.org", { partnerId: p.partner.id, consent: true });
    const sig = await t.db
      .selectFrom("signatures")
      .select("id")
      .where("email_hmac", "=", crypto.emailHmac("changed-my-mind@example.org"))
      .executeTakeFirstOrThrow();
    expect(await deleteSignature(t.db, String(sig.id))).toEqual({ campaignSlug: "arms-embargo" });
    await pass();
    expect(at("/withdrawn")).toHaveLength(0);
    expect(await eventsOf(p.partner.id)).toEqual([
      {
        id: expect.stringMatching(/^evt_/),
        type: "signature.confirmed",
        status: "failed",
        attempts: 0,
        last_status: null,
        last_error: "the signer withdrew before delivery",
        body_enc: null,
      },
    ]);
    const outbox = await t.db
      .selectFrom("outbox")
      .select(["status", "payload_enc"])
      .where("kind", "=", "webhook")
      .where("status", "=", "failed_permanent")
      .where("last_error", "=", "withdrawn")
      .execute();
    expect(outbox).toEqual([{ status: "failed_permanent", payload_enc: null }]);
  });

  it("webhooks waiting on a slow endpoint do not hold up mail: the pass sends it while they hang", async () => {
    const p = await partner("slow", "/slow");
    receiver.plan.set("/slow", ["hang", "hang"]);
    await queueTestEvent(t.db, crypto, p.partner.id);
    await queueTestEvent(t.db, crypto, p.partner.id);
    await signAs(t.db, crypto, { email: "mail-meanwhile@example.org" });
    const started = performance.now();
    expect(await worker.runOnce()).toBe(3);
    // The mail is out before the webhooks' 500 ms timeout has run.
    expect(performance.now() - started).toBeLessThan(450);
    expect(smtp.messages.map((m) => (m.to as { text: string }).text)).toEqual(["mail-meanwhile@example.org"]);
    expect(at("/slow")).toHaveLength(2);
    await worker.webhooksSettled();
    expect((await eventsOf(p.partner.id)).map((e) => e.last_error)).toEqual(["timed out after 500 ms", "timed out after 500 ms"]);
  });

  it("an event held by a paused endpoint loses the signer's address when the campaign's retention ends", async () => {
    const p = await partner("held-past-retention", "/held", "free-political-prisoners");
    await signAndConfirm("held@example.org", { partnerId: p.partner.id, consent: true, slug: "free-political-prisoners" });
    await t.db.updateTable("partners").set({ webhook_paused_at: new Date() }).where("id", "=", p.partner.id).execute();
    const id = await campaignId("free-political-prisoners");
    await t.db
      .updateTable("campaigns")
      .set({ status: "closed", closed_at: new Date(Date.now() - 400 * 24 * 3600_000), retention_days: 30 })
      .where("id", "=", id)
      .execute();
    expect(await anonymiseClosedCampaigns(t.db, crypto)).toBeGreaterThanOrEqual(1);
    expect(await eventsOf(p.partner.id)).toEqual([
      {
        id: expect.stringMatching(/^evt_/),
        type: "signature.confirmed",
        status: "failed",
        attempts: 0,
        last_status: null,
        last_error: "the signer's data was erased at the end of the campaign",
        body_enc: null,
      },
    ]);
  });

  it("1,000 queued events are delivered with at most 8 in flight, 2 per partner", async () => {
    const partners = await Promise.all(Array.from({ length: 10 }, (_, i) => partner(`storm-${i}`, `/storm/${i}`)));
    for (const p of partners) for (let i = 0; i < 100; i++) await queueTestEvent(t.db, crypto, p.partner.id);
    receiver.delayMs = 15;
    const looping = makeWorker({ pollMs: 50 });
    looping.start();
    try {
      await expect.poll(() => receiver.received.length, { timeout: 60_000, interval: 100 }).toBe(1000);
    } finally {
      await looping.stop();
      receiver.delayMs = 0;
    }
    expect(receiver.maxInFlight).toBeLessThanOrEqual(8);
    expect(receiver.maxInFlight).toBeGreaterThanOrEqual(3);
    expect(receiver.maxPerPath).toBeLessThanOrEqual(2);
    expect(new Set(receiver.received.map((r) => r.headers["padauk-event-id"])).size).toBe(1000);
    const delivered = await t.db
      .selectFrom("webhook_events")
      .select(sql<string>`count(*)`.as("n"))
      .where("status", "=", "delivered")
      .where("type", "=", "ping")
      .where(
        "partner_id",
        "in",
        partners.map((p) => p.partner.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(delivered.n)).toBe(1000);
  }, 90_000);
});

describe("webhook signature", () => {
  it("signs t.body with the secret and refuses a stale or malformed header", () => {
    const now = new Date("2026-12-04T12:00:00Z");
    const header = signWebhook("whsec_test", '{"a":1}', now);
    expect(header).toMatch(/^t=1796385600,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature("whsec_test", header, '{"a":1}', { now })).toEqual({ ok: true, timestamp: 1796385600 });
    expect(verifyWebhookSignature("whsec_test", header, '{"a":1}', { now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: "expired" });
    expect(verifyWebhookSignature("whsec_test", "v1=abc", '{"a":1}', { now })).toEqual({ ok: false, reason: "malformed" });
    expect(verifyWebhookSignature("whsec_test", undefined, '{"a":1}', { now })).toEqual({ ok: false, reason: "malformed" });
  });
});

/** The organiser the services' audit lines name: the first one, created on demand. */
let org0Id = 0;
function org0() {
  return org0Id;
}
beforeAll(async () => {
  await inviteOrganiser(t.db, crypto, "audit-organiser@example.org", "admin");
  org0Id = (
    await t.db.selectFrom("organisers").select("id").where("email_hmac", "=", crypto.emailHmac("audit-organiser@example.org")).executeTakeFirstOrThrow()
  ).id;
});

describe("the pause mail and the delivery log, in every language", () => {
  const langs = ["en", "my", "fr", "es", "th", "id"] as const;
  it("the pause mail is written in each language, with its values in place", () => {
    for (const lang of langs) {
      const mail = renderWebhookPaused({
        t: fixedT(lang, "email"),
        lang,
        dir: "ltr",
        partnerName: "A partner in Bangkok",
        campaignTitle: "လက်နက် ပိတ်ဆို့ရေး",
        campaignTitleLang: "my",
        failingSince: "1 December 2026",
        lastError: "HTTP 503: <busy>",
        dashboardUrl: "http://padauk.test/dashboard",
      });
      expect(mail.subject).toContain("A partner in Bangkok");
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toMatch(/\{\{|webhookPaused\./);
      }
      expect(mail.text).toContain("HTTP 503: <busy>");
      expect(mail.html).toContain("HTTP 503: &lt;busy&gt;");
      // The title is marked with its own language where it is not the mail's.
      expect(mail.html).toContain(lang === "my" ? "လက်နက် ပိတ်ဆို့ရေး" : '<span lang="my">လက်နက် ပိတ်ဆို့ရေး</span>');
      expect(mail.text).toContain("http://padauk.test/dashboard");
    }
  });

  it("the log shows time, type, id, status, attempts and the last answer, never the body", () => {
    const rows: WebhookLogEntry[] = [
      {
        id: "evt_a",
        type: "signature.confirmed",
        status: "delivered",
        attempts: 1,
        lastStatus: 200,
        lastError: null,
        createdAt: "2026-12-04T10:00:00.000Z",
        nextAttemptAt: null,
      },
      {
        id: "evt_b",
        type: "ping",
        status: "queued",
        attempts: 2,
        lastStatus: null,
        lastError: "ECONNREFUSED",
        createdAt: "2026-12-04T10:01:00.000Z",
        nextAttemptAt: "2026-12-04T10:01:35.000Z",
      },
    ];
    for (const lang of langs) {
      const i18n = serverI18n().cloneInstance({ lng: lang });
      const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(WebhookLog, { rows, paused: true })));
      const t = fixedT(lang, "dashboard");
      expect(html).toContain("2026-12-04 10:00:00");
      expect(html).toContain("<code>evt_b</code>");
      expect(html).toContain(escapeHtml(t("webhooks.statusDelivered")));
      expect(html).toContain(escapeHtml(t("webhooks.attempts", { count: 2 })));
      expect(html).toContain(escapeHtml(t("webhooks.networkError", { error: "ECONNREFUSED" })));
      expect(html).toContain(escapeHtml(t("webhooks.nextAttempt", { time: "2026-12-04 10:01:35" })));
      expect(html).toContain(escapeHtml(t("webhooks.paused")));
      expect(html).not.toMatch(/webhooks\./);
    }
  });
});
