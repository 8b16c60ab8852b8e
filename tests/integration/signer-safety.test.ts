import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solveChallenge } from "altcha-lib";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto } from "../../app/lib/crypto.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { claimDue } from "../../app/models/outbox.server";
import { deleteSignature } from "../../app/models/withdrawal.server";
import { renderOutboxRow } from "../../app/outbox/worker.server";
import { powChallenge, verifyPow } from "../../app/models/pow.server";
import { createRateLimiter } from "../../app/models/rate-limit.server";
import { isBlockedEmailDomain, setDomainRule, setRateLimit } from "../../app/models/abuse.server";
import { loadConfig } from "../../app/lib/config.server";
import * as campaignPage from "../../app/routes/$lang.campaigns.$slug";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { signAs } from "../helpers/signing";

const SECRET = "safety-secret-of-at-least-32-characters";
const crypto = createCrypto(SECRET);
let t: TestDatabase;
let context: AppLoadContext;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto, {
    config: { ...loadConfig({ APP_SECRET: SECRET, DATABASE_URL: "postgres://unused/x", PUBLIC_URL: "http://padauk.test" } as unknown as NodeJS.ProcessEnv) },
  });
});
afterAll(async () => {
  await t?.close();
});

const sign = (slug: string, fields: Record<string, string>, clientKey = "client-a") =>
  campaignPage.action({
    request: new Request(`http://padauk.test/en/campaigns/${slug}`, {
      method: "POST",
      body: new URLSearchParams({ name: "A signer in Yangon", country: "MM", ...fields }),
    }),
    params: { lang: "en", slug },
    context: { ...context, clientKey },
  } as never) as Promise<Response | { init: { status: number } | null; data: unknown }>;
const statusOf = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));

async function renderNewest(kind: string) {
  const rows = await claimDue(t.db, 100);
  const row = rows.filter((r) => r.kind === kind).pop();
  expect(row, `no ${kind} mail queued`).toBeTruthy();
  return renderOutboxRow(t.db, crypto, row!, "http://padauk.test", SECRET);
}

describe(`signer safety (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("neutral mail names no campaign and no platform, and still carries the code, the link and the way out", async () => {
    const c = (await findPublicCampaign(t.db, "icc-referral", "en"))!;
    await t.db.updateTable("campaigns").set({ neutral_mail: true }).where("id", "=", c.id).execute();
    await signAs(t.db, crypto, { slug: "icc-referral", email: "careful@example.org", neutralMail: true });
    const mail = await renderNewest("signature-confirm");
    expect(mail.subject).toBe("Your confirmation code");
    expect(mail.fromName).toBe("Confirmation");
    // The site's own address is in the links (choose a discreet domain for such campaigns).
    for (const part of [mail.subject, mail.text, mail.html ?? ""].map((p) => p.replace(/http:\/\/padauk\.test\S*/g, ""))) {
      expect(part).not.toContain(c.content.title);
      expect(part).not.toMatch(/Padauk|Myanmar|petition|campaign/i);
    }
    expect(mail.text).toMatch(/\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/);
    expect(mail.text).toMatch(/http:\/\/padauk\.test\/en\/confirm\/[A-Za-z0-9_-]{43}/);
    expect(mail.text).toMatch(/http:\/\/padauk\.test\/en\/signatures\/\d+\/withdraw\/[A-Za-z0-9_-]{32}/);
    // No tracking: no images, no redirecting links — every link goes straight to Padauk's page.
    expect(mail.html).not.toMatch(/<img/i);
    for (const href of (mail.html ?? "").matchAll(/href="([^"]+)"/g)) expect(href[1]).toMatch(/^http:\/\/padauk\.test\/en\/(confirm|signatures)\//);
  });

  it("a named confirmation mail also carries the code and the withdraw link", async () => {
    await signAs(t.db, crypto, { slug: "arms-embargo", email: "named@example.org" });
    const mail = await renderNewest("signature-confirm");
    expect(mail.fromName).toBeUndefined();
    expect(mail.text).toMatch(/\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/);
    // The mail is written in the same statement as the signature; its withdraw link finds the row.
    const row = await t.db.selectFrom("signatures").select("id").where("email_hmac", "=", crypto.emailHmac("named@example.org")).executeTakeFirstOrThrow();
    expect(mail.text).toContain(`/en/signatures/${row.id}/withdraw/`);
  });

  it("a signature withdrawn before its confirmation mail goes gets no mail", async () => {
    await signAs(t.db, crypto, { slug: "arms-embargo", email: "changed-my-mind@example.org" });
    const row = await t.db
      .selectFrom("signatures")
      .select("id")
      .where("email_hmac", "=", crypto.emailHmac("changed-my-mind@example.org"))
      .executeTakeFirstOrThrow();
    expect(await deleteSignature(t.db, row.id)).not.toBeNull();
    await expect(renderNewest("signature-confirm")).rejects.toThrow(/withdrawn/);
  });

  it("a proof of work buys one signature; without one, signers share a small queue", async () => {
    const c = (await findPublicCampaign(t.db, "free-political-prisoners", "en"))!;
    await t.db.updateTable("campaigns").set({ pow_required: true }).where("id", "=", c.id).execute();
    const challenge = await powChallenge(SECRET, c.id);
    const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
    const payload = Buffer.from(
      JSON.stringify({
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: solution!.number,
        salt: challenge.salt,
        signature: challenge.signature,
      }),
    ).toString("base64");
    expect(await verifyPow(t.db, SECRET, c.id, payload)).toBe(true);
    // Replayed: refused. For another campaign, or tampered: refused.
    expect(await verifyPow(t.db, SECRET, c.id, payload)).toBe(false);
    const other = await powChallenge(SECRET, c.id + 1);
    const otherSolution = await solveChallenge(other.challenge, other.salt, other.algorithm, other.maxnumber).promise;
    const otherPayload = Buffer.from(
      JSON.stringify({ algorithm: other.algorithm, challenge: other.challenge, number: otherSolution!.number, salt: other.salt, signature: other.signature }),
    ).toString("base64");
    expect(await verifyPow(t.db, SECRET, c.id, otherPayload)).toBe(false);
    expect(await verifyPow(t.db, SECRET, c.id, "not base64 json")).toBe(false);

    // Without a proof, the no-JS queue (sign.nojs) takes a few signatures a minute for everyone.
    await setRateLimit(t.db, "sign.nojs", 2, 60);
    context.limiter.reload();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(statusOf(await sign("free-political-prisoners", { email: `nojs-${i}@example.org` }, `client-nojs-${i}`)));
    expect(answers).toEqual([303, 303, 429]);
    // With a fresh proof, the same visitor is not queued.
    const fresh = await powChallenge(SECRET, c.id);
    const s = await solveChallenge(fresh.challenge, fresh.salt, fresh.algorithm, fresh.maxnumber).promise;
    const ok = Buffer.from(
      JSON.stringify({ algorithm: fresh.algorithm, challenge: fresh.challenge, number: s!.number, salt: fresh.salt, signature: fresh.signature }),
    ).toString("base64");
    expect(statusOf(await sign("free-political-prisoners", { email: "with-proof@example.org", altcha: ok }, "client-nojs-9"))).toBe(303);
  });

  it("domain rules: the list blocks throwaway domains, an organiser can block more or allow one back", async () => {
    expect(await isBlockedEmailDomain(t.db, "x@mailinator.com")).toBe(true);
    expect(await isBlockedEmailDomain(t.db, "x@example.org")).toBe(false);
    await setDomainRule(t.db, "spam-farm.example", "block");
    expect(await isBlockedEmailDomain(t.db, "x@mail.spam-farm.example")).toBe(true);
    await setDomainRule(t.db, "mailinator.com", "allow");
    expect(await isBlockedEmailDomain(t.db, "x@mailinator.com")).toBe(false);
    await setDomainRule(t.db, "mailinator.com", "none");
    expect(await isBlockedEmailDomain(t.db, "x@mailinator.com")).toBe(true);
  });

  it("an organiser's edit of a limit applies at once; RATE_LIMIT=off lifts every throttle", async () => {
    await setRateLimit(t.db, "sign.client", 2, 60);
    context.limiter.reload();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(statusOf(await sign("arms-embargo", { email: `edited-${i}@example.org` }, "client-edit")));
    expect(statuses).toEqual([303, 303, 429]);
    const off = createRateLimiter(t.db, { enabled: false });
    for (let i = 0; i < 5; i++) await off.consume(["sign.client", "arms:client-edit"]);
    await setRateLimit(t.db, "sign.client", 20, 60);
  });
});
