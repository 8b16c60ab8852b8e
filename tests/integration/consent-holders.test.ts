import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { parseDocument } from "htmlparser2";
import type { ParsedMail } from "mailparser";
import { createCrypto } from "../../app/lib/crypto.server";
import { loadConfig } from "../../app/lib/config.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { holdsDataFor } from "../../app/models/data-export.server";
import { createPartner } from "../../app/models/partner.server";
import { anonymiseClosedCampaigns } from "../../app/models/retention.server";
import { signatureConsent } from "../../app/models/signature-consent.server";
import { postUpdate, unsubscribeMac } from "../../app/models/update.server";
import { withdraw } from "../../app/services/withdraw.server";
import * as campaignPage from "../../app/routes/$lang.campaigns.$slug";
import * as myDataPage from "../../app/routes/$lang.my-data";
import * as unsubscribePage from "../../app/routes/$lang.unsubscribe.$signature.$mac";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { testContext } from "../helpers/context";
import { all, byName, one, text } from "../helpers/rendered-html";
import myCommon from "../../locales/my/common.json";

/**
 * Every named mail to a signer says who holds their permission to email them: the campaign's
 * organisers (news) and the partner they came by, when they allowed it (decision 073). Signing goes
 * through the real form action with `partner` and `consent_partner`, mail through the real worker
 * to a real SMTP server.
 */

const SECRET = "consent-holders-secret-of-at-least-32-chars";
const crypto = createCrypto(SECRET);
const PARTNER = "A partner in Bangkok";
const NEUTRAL_PARTNER = "A partner in Chiang Mai";
let t: TestDatabase;
let smtp: TestSmtp;
let context: AppLoadContext;
let title: string;
let titleMy: string;
let neutralTitle: string;
let partnerId: number;
let client = 0;
const confirmTokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
  context = testContext(t.db, crypto, {
    config: loadConfig({ APP_SECRET: SECRET, DATABASE_URL: "postgres://unused/x", PUBLIC_URL: "http://padauk.test" } as unknown as NodeJS.ProcessEnv),
  });
  const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
  title = c.content.title;
  titleMy = (await findPublicCampaign(t.db, "arms-embargo", "my"))!.content.title;
  const p = { website: null, listed: true, origins: [], webhookUrl: null };
  partnerId = (await createPartner(t.db, crypto, { ...p, campaignId: c.id, slug: "bangkok", name: PARTNER })).partner.id;
  const n = (await findPublicCampaign(t.db, "icc-referral", "en"))!;
  neutralTitle = n.content.title;
  await t.db.updateTable("campaigns").set({ neutral_mail: true }).where("id", "=", n.id).execute();
  await createPartner(t.db, crypto, { ...p, campaignId: n.id, slug: "chiang-mai", name: NEUTRAL_PARTNER });
});
afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});

async function drain() {
  const w = new OutboxWorker({
    db: t.db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <n@padauk.test>", dataDir: "/x" }),
    publicUrl: "http://padauk.test",
    secret: SECRET,
  });
  while ((await w.runOnce()) > 0);
}

/** The signing form's POST, as a browser sends it (each from its own client, clear of the throttles). */
async function sign(slug: string, lang: string, email: string, fields: Record<string, string>) {
  const r = await campaignPage.action({
    request: new Request(`http://padauk.test/${lang}/campaigns/${slug}`, {
      method: "POST",
      body: new URLSearchParams({ name: "A signer in Yangon", country: "MM", email, ...fields }),
    }),
    params: { lang, slug },
    context: { ...context, clientKey: `client-${client++}` },
  } as never);
  expect(r instanceof Response ? r.status : r).toBe(303);
}

/** The one mail to `to` sent since the mailbox was last emptied. */
async function mailTo(to: string): Promise<ParsedMail> {
  await drain();
  const mails = smtp.messages.filter((m) => (m.to as { text: string }).text === to);
  expect(mails, `mails to ${to}`).toHaveLength(1);
  smtp.messages.length = 0;
  const token = mails[0].text?.match(/\/confirm\/([A-Za-z0-9_-]{43})/)?.[1];
  if (token) confirmTokens.set(to, token);
  return mails[0];
}

const lines = (m: ParsedMail) => m.text!.split("\n");
const signatureOf = async (email: string) =>
  await t.db
    .selectFrom("signatures")
    .select(["id", "consent_updates", "consent_partner"])
    .where("email_hmac", "=", crypto.emailHmac(email))
    .executeTakeFirstOrThrow();
const unsubscribeArgs = (id: string, body?: URLSearchParams, query = "") => ({
  request: new Request(`http://padauk.test/en/unsubscribe/${id}/x${query}`, body ? { method: "POST", body } : {}),
  params: { lang: "en", signature: id, mac: unsubscribeMac(SECRET, id) },
  context,
});

describe(`who holds a signer's consent, in every mail (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("the confirmation mail of a signer who allowed news and the partner says both will hold it once they confirm", async () => {
    await sign("arms-embargo", "en", "both@example.org", { partner: "bangkok", consent_partner: "on", consent_updates: "on" });
    const m = await mailTo("both@example.org");
    expect(lines(m)).toContain(`Allowed to email you once you confirm: the organisers of “${title}” (campaign news) and ${PARTNER}.`);
    expect(lines(m)).toContain("Withdrawing your signature takes back each of these permissions.");
    expect(m.html).toContain(`Allowed to email you once you confirm: the organisers of “${title}” (campaign news) and ${PARTNER}.`);
    const s = await signatureOf("both@example.org");
    // The partner's permission alone can be taken back from this mail, signature and news kept.
    const i = lines(m).indexOf(`To take back ${PARTNER}’s permission alone, keeping your signature:`);
    expect(i).toBeGreaterThan(0);
    expect(lines(m)[i + 1]).toBe(`http://padauk.test/en/unsubscribe/${s.id}/${unsubscribeMac(SECRET, s.id)}?only=partner`);
    expect(m.html).toContain(
      `<a href="http://padauk.test/en/unsubscribe/${s.id}/${unsubscribeMac(SECRET, s.id)}?only=partner">Take back ${PARTNER}’s permission</a>`,
    );
    expect([s.consent_updates, s.consent_partner]).toEqual([true, true]);
  });

  it("a signer who came by the partner but allowed it nothing is told nobody may send them news, and the partner is not named", async () => {
    await sign("arms-embargo", "en", "neither@example.org", { partner: "bangkok" });
    const m = await mailTo("neither@example.org");
    expect(lines(m)).toContain("You let nobody send you news about this campaign.");
    expect(m.text).not.toContain(PARTNER);
    expect(m.html).not.toContain(PARTNER);
    expect(m.text).not.toContain("Allowed to email you");
    expect(m.text).not.toContain("?only=partner");
    const s = await signatureOf("neither@example.org");
    expect([s.consent_updates, s.consent_partner]).toEqual([false, false]);
  });

  it("in Burmese, a signer who allowed only the partner reads that the partner alone will hold it", async () => {
    await sign("arms-embargo", "my", "partner-only-my@example.org", { partner: "bangkok", consent_partner: "on" });
    const m = await mailTo("partner-only-my@example.org");
    expect(lines(m)).toContain(`သင် အတည်ပြုပြီးနောက် သင့်ထံ အီးမေးလ် ပို့ခွင့်ရှိမည့်သူများ - ${PARTNER}။`);
    expect(m.text, "the organisers hold nothing: no news was asked for").not.toContain("လှုပ်ရှားမှု စီစဉ်သူများ");
    expect(m.text).toContain(titleMy);
  });

  it("a neutral campaign's confirmation mail names neither the campaign nor the partner, and says nothing of consent", async () => {
    await sign("icc-referral", "en", "careful@example.org", { partner: "chiang-mai", consent_partner: "on", consent_updates: "on" });
    const m = await mailTo("careful@example.org");
    expect(m.subject).toBe("Your confirmation code");
    for (const part of [m.subject!, m.text!, String(m.html)]) {
      expect(part).not.toContain(NEUTRAL_PARTNER);
      expect(part).not.toContain(neutralTitle);
      expect(part).not.toContain("Allowed to email you");
      expect(part).not.toContain("You let nobody");
    }
    const s = await signatureOf("careful@example.org");
    expect(s.consent_partner, "the consent is still stored").toBe(true);
  });

  it("once confirmed, the already-signed mail and the campaign news name both holders as holding it now", async () => {
    await confirmSignature(t.db, latestConfirmTokenFor("both@example.org"));
    await sign("arms-embargo", "en", "both@example.org", { partner: "bangkok", consent_partner: "on", consent_updates: "on" });
    const already = await mailTo("both@example.org");
    expect(already.subject).toBe(`You have already signed: ${title}`);
    expect(lines(already)).toContain(`Allowed to email you: the organisers of “${title}” (campaign news) and ${PARTNER}.`);

    const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    const organiser = await t.db
      .insertInto("organisers")
      .values({ email_hmac: crypto.emailHmac("o@example.org"), email_enc: crypto.encrypt("o@example.org"), role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await postUpdate(t.db, crypto, c.id, organiser.id, { en: { title: "The Council will meet", body: "Next week." } }, "padauk.test")).toBe(1);
    const news = await mailTo("both@example.org");
    expect(news.subject).toBe("The Council will meet");
    expect(lines(news)).toContain(`Allowed to email you: the organisers of “${title}” (campaign news) and ${PARTNER}.`);
    expect(news.html).toContain(`Allowed to email you: the organisers of “${title}” (campaign news) and ${PARTNER}.`);
  });

  it("the my-data export lists the partner each signature came by and whether it holds consent", async () => {
    const r = await myDataPage.action({
      request: new Request("http://padauk.test/en/my-data", { method: "POST", body: new URLSearchParams({ email: "both@example.org" }) }),
      params: { lang: "en" },
      context: { ...context, clientKey: `client-${client++}` },
    } as never);
    expect(r).toEqual({ sent: true });
    const m = await mailTo("both@example.org");
    expect(m.subject).toBe("What Padauk holds about this address");
    const l = lines(m);
    expect(l).toContain(`  Came through the partner: ${PARTNER}`);
    expect(l).toContain("  The partner may email you: yes");
    expect(l).toContain(`  Allowed to email you: the organisers of “${title}” (campaign news) and ${PARTNER}.`);
    expect(l.filter((x) => x.startsWith("  Came through the partner:"))).toHaveLength(1);
  });

  it("the unsubscribe page offers to take back the partner's permission too; the mail client's one-click POST stops only the news", async () => {
    const both = await signatureOf("both@example.org");
    expect(await unsubscribePage.loader(unsubscribeArgs(both.id) as never)).toMatchObject({ data: { done: false, onlyPartner: false, partner: PARTNER } });
    const neither = await signatureOf("neither@example.org");
    expect(await unsubscribePage.loader(unsubscribeArgs(neither.id) as never)).toMatchObject({ data: { done: false, onlyPartner: false, partner: null } });

    // One-click (RFC 8058): the news stop, the partner keeps the permission it was given.
    expect(await unsubscribePage.action(unsubscribeArgs(both.id, new URLSearchParams({ "List-Unsubscribe": "One-Click" })) as never)).toEqual({ done: true });
    expect(await signatureOf("both@example.org")).toMatchObject({ consent_updates: false, consent_partner: true });
    // The page's box ticked: the partner's permission goes too.
    expect(await unsubscribePage.action(unsubscribeArgs(both.id, new URLSearchParams({ also_partner: "on" })) as never)).toEqual({
      done: true,
      partnerWithdrawn: PARTNER,
    });
    expect(await signatureOf("both@example.org")).toMatchObject({ consent_updates: false, consent_partner: false });
    expect(await signatureConsent(t.db, both.id)).toEqual({ pending: false, campaignNews: false, partnerName: PARTNER, partnerConsent: false });
  });

  it("the partner-only link takes back the partner's permission alone: the news and the signature stay", async () => {
    await sign("arms-embargo", "en", "keeps-news@example.org", { partner: "bangkok", consent_partner: "on", consent_updates: "on" });
    await mailTo("keeps-news@example.org");
    await confirmSignature(t.db, latestConfirmTokenFor("keeps-news@example.org"));
    const { id } = await signatureOf("keeps-news@example.org");
    // Opening the link changes nothing (a mail scanner fetches it too).
    expect(await unsubscribePage.loader(unsubscribeArgs(id, undefined, "?only=partner") as never)).toMatchObject({
      data: { done: false, onlyPartner: true, partner: PARTNER },
    });
    expect(await signatureOf("keeps-news@example.org")).toMatchObject({ consent_updates: true, consent_partner: true });
    expect(await unsubscribePage.action(unsubscribeArgs(id, new URLSearchParams({ only: "partner" }), "?only=partner") as never)).toEqual({
      done: true,
      partnerWithdrawn: PARTNER,
    });
    expect(await signatureOf("keeps-news@example.org")).toMatchObject({ consent_updates: true, consent_partner: false });
    expect(await t.db.selectFrom("signatures").select("status").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "confirmed" });
    // The old mail's link again: the page says it is done, and offers nothing else.
    expect(await unsubscribePage.loader(unsubscribeArgs(id, undefined, "?only=partner") as never)).toMatchObject({
      data: { done: true, onlyPartner: true, partner: PARTNER },
    });
  });

  it("withdrawing a signature leaves nothing of the partner's consent: the row is gone, and the export has nothing to send", async () => {
    await sign("arms-embargo", "en", "leaving@example.org", { partner: "bangkok", consent_partner: "on" });
    await mailTo("leaving@example.org");
    await confirmSignature(t.db, latestConfirmTokenFor("leaving@example.org"));
    const { id } = await signatureOf("leaving@example.org");
    const consenting = async () =>
      (await t.db.selectFrom("signatures").select("id").where("partner_id", "=", partnerId).where("consent_partner", "=", true).execute()).map((r) => r.id);
    expect(await consenting()).toContain(id);
    const before = (await consenting()).length;

    expect(await withdraw({ ...context, clientKey: `client-${client++}` }, id)).toEqual({ kind: "withdrawn", campaignSlug: "arms-embargo" });
    expect(await signatureConsent(t.db, id)).toBeUndefined();
    expect(await consenting()).not.toContain(id);
    expect((await consenting()).length).toBe(before - 1);
    expect(await holdsDataFor(t.db, crypto, "leaving@example.org")).toBe(false);
    expect(await t.db.selectFrom("signature_tokens").select("token_hash").where("signature_id", "=", id).execute()).toEqual([]);
  });

  it("anonymising a closed campaign's signers takes back the partner's permission with the address", async () => {
    const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    await t.db
      .updateTable("campaigns")
      .set({ status: "closed", closed_at: new Date(Date.now() - 400 * 86_400_000), retention_days: 1 })
      .where("id", "=", c.id)
      .execute();
    const s = await signatureOf("partner-only-my@example.org");
    expect(s.consent_partner).toBe(true);
    expect(await anonymiseClosedCampaigns(t.db, crypto)).toBeGreaterThan(0);
    const after = await t.db.selectFrom("signatures").select(["consent_partner", "partner_id"]).where("id", "=", s.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ consent_partner: false, partner_id: partnerId });
  });
});

/** The link's token of the last confirmation mail to an address, as the signer would follow it. */
function latestConfirmTokenFor(email: string): string {
  const token = confirmTokens.get(email);
  if (!token) throw new Error(`no confirmation mail to ${email}`);
  return token;
}

describe(`the unsubscribe page as a reader gets it, without script (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  // Rendered by the production build (`npm run build`, as `npm test` does first) on this test's database.
  let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
  beforeAll(async () => {
    const buildFile = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.."), "build/index.js");
    if (!existsSync(buildFile)) throw new Error("no production build: run `npm run build` first (npm test does)");
    handle = createRequestHandler((await import(pathToFileURL(buildFile).href)) as ServerBuild, "production");
  });
  const page = async (url: string, body?: URLSearchParams) => {
    const r = await handle(new Request(`http://padauk.test${url}`, body ? { method: "POST", body } : {}), context);
    expect(r.status).toBe(200);
    return parseDocument(await r.text());
  };

  it("in Burmese: the news page offers the partner's box unticked; the partner-only page has one button; both are plain forms", async () => {
    await sign("icc-referral", "my", "page-my@example.org", { partner: "chiang-mai", consent_partner: "on", consent_updates: "on" });
    await mailTo("page-my@example.org");
    const { id } = await signatureOf("page-my@example.org");
    const url = `/my/unsubscribe/${id}/${unsubscribeMac(SECRET, id)}`;

    const news = await page(url);
    expect(all(news, byName("script"))).toEqual([]);
    const form = one(news, byName("form"), "the form");
    expect(form.attribs.method).toBe("post");
    const box = one(news, (e) => e.name === "input" && e.attribs.type === "checkbox", "the partner's box");
    expect(box.attribs).toMatchObject({ name: "also_partner", id: "unsubscribe-partner" });
    expect(box.attribs.checked).toBeUndefined();
    expect(text(one(news, (e) => e.name === "label" && e.attribs.for === "unsubscribe-partner", "its label"))).toBe(
      myCommon.unsubscribe.alsoPartner.replace("{{partner}}", NEUTRAL_PARTNER),
    );

    const only = await page(`${url}?only=partner`);
    expect(all(only, byName("script"))).toEqual([]);
    expect(text(one(only, byName("h1"), "h1"))).toBe(myCommon.unsubscribe.partnerTitle.replace("{{partner}}", NEUTRAL_PARTNER));
    expect(all(only, (e) => e.name === "input" && e.attribs.type === "checkbox")).toEqual([]);
    expect(one(only, (e) => e.name === "input" && e.attribs.type === "hidden" && e.attribs.name === "only", "the choice").attribs.value).toBe("partner");

    // The form's POST, as a browser without script sends it: the partner's permission alone goes.
    const done = await page(`${url}?only=partner`, new URLSearchParams({ only: "partner" }));
    expect(text(one(done, byName("h1"), "h1"))).toBe(myCommon.unsubscribe.partnerDoneTitle.replace("{{partner}}", NEUTRAL_PARTNER));
    expect(await signatureOf("page-my@example.org")).toMatchObject({ consent_updates: true, consent_partner: false });
  });
});
