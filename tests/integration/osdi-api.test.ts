import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/index";
import { createCrypto } from "../../app/lib/crypto.server";
import { apiTokenOwner, apiTokenStatus, issueApiToken } from "../../app/models/api-token.server";
import { closeCampaign, findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { addMember, inviteOrganiser } from "../../app/models/organiser.server";
import { createPartner } from "../../app/models/partner.server";
import { totpCode } from "../../app/models/totp.server";
import * as security from "../../app/routes/dashboard.security";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { eventually } from "../helpers/eventually";
import { send } from "../helpers/http";
import { dashboardPost, organiserSession } from "../helpers/organisers";
import { startServer, type RunningServer } from "../helpers/server";
import { readServerDatabase } from "../helpers/server-database";
import { latestConfirmToken, signAs } from "../helpers/signing";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

/**
 * The OSDI API for partners' and organisers' tools (docs/osdi-api.md), against the production
 * server over HTTP, with its mail going to a real SMTP server. The fixtures are written into the
 * server's own database with the app's models: partners of two campaigns, an organiser of one,
 * and signatures attributed to them, some consenting.
 */

const SECRET = "osdi-api-secret-of-at-least-32-characters-0072";
const crypto = createCrypto(SECRET);

let smtp: TestSmtp;
let server: RunningServer;
let dataDir: string;

/** Tokens: two partners of arms-embargo (A, A2), one of icc-referral (B, and its revoked first token), an organiser of arms-embargo, and one spent by the throttle test. */
const tok = { a: "", a2: "", b: "", bRevoked: "", organiser: "", throttle: "" };
/** The one of partner A's 27 attributed signers who let partner A email them. */
const CONSENTING = { name: "A signer in Bangkok", email: "consenting.signer@example.org" };
/** The one of the campaign's unattributed signers who wants the campaign's news. */
const NEWS = { name: "A signer in Mandalay", email: "wants.news@example.org" };

const start = () => startServer({ dataDir, env: { SMTP_URL: smtp.url, APP_SECRET: SECRET } });

async function signAndConfirm(db: DB, s: Parameters<typeof signAs>[2]) {
  await signAs(db, crypto, s);
  await confirmSignature(db, await latestConfirmToken(db, crypto));
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  dataDir = mkdtempSync(path.join(tmpdir(), "padauk-osdi-"));
  server = await start();
  await readServerDatabase(
    server,
    async (db) => {
      const arms = (await findPublicCampaign(db, "arms-embargo", "en"))!;
      const icc = (await findPublicCampaign(db, "icc-referral", "en"))!;
      const partner = (campaignId: number, slug: string, name: string) =>
        createPartner(db, crypto, { campaignId, slug, name, website: null, listed: false, origins: [], webhookUrl: null });
      const a = await partner(arms.id, "bangkok-network", "A partner in Bangkok");
      const a2 = await partner(arms.id, "chiang-mai-group", "A partner in Chiang Mai");
      const b = await partner(icc.id, "geneva-desk", "A partner in Geneva");
      const t = await partner(arms.id, "busy-tool", "A partner with a busy tool");
      tok.a = a.token;
      tok.a2 = a2.token;
      tok.bRevoked = b.token;
      // A new token revokes the partner's earlier one.
      tok.b = await issueApiToken(db, { partnerId: b.partner.id });
      tok.throttle = t.token;
      await inviteOrganiser(db, crypto, "organiser.of.arms@example.org", "organiser");
      const organiserId = (await db.selectFrom("organisers").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
      await addMember(db, organiserId, arms.id);
      tok.organiser = await issueApiToken(db, { organiserId });

      // 27 confirmed signatures by partner A, the 5th consenting to partner A; one more pending.
      for (let i = 1; i <= 27; i++) {
        await signAndConfirm(db, {
          email: i === 5 ? CONSENTING.email : `partner-a-${i}@example.org`,
          name: i === 5 ? CONSENTING.name : `Signer ${i}`,
          country: i === 5 ? "TH" : "MM",
          locale: i === 5 ? "th" : "my",
          partnerId: a.partner.id,
          consentPartner: i === 5,
          // Consent to the campaign's news is not consent to the partner.
          consentUpdates: i === 7,
        });
      }
      await signAs(db, crypto, { email: "partner-a-pending@example.org", partnerId: a.partner.id, consentPartner: true });
      // Two by partner A2 (one of them consenting to A2), three by nobody (one wants the news).
      await signAndConfirm(db, { email: "partner-a2-1@example.org", partnerId: a2.partner.id, consentPartner: true, name: "A signer in Chiang Mai" });
      await signAndConfirm(db, { email: "partner-a2-2@example.org", partnerId: a2.partner.id });
      await signAndConfirm(db, { email: NEWS.email, name: NEWS.name, country: "MM", consentUpdates: true });
      await signAndConfirm(db, { email: "nobody-2@example.org" });
      await signAndConfirm(db, { email: "nobody-3@example.org" });
    },
    {
      restart: async () => {
        server = await start();
      },
    },
  );
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// An answer is read as a client reads it: JSON of no declared type, walked by key.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const api = async (token: string | null, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) => {
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(`${server.baseUrl}${pathname}`, {
    method,
    headers: { ...(token ? { "OSDI-API-Token": token } : {}), ...(text ? { "Content-Type": "application/json" } : {}), ...headers },
    body: text,
  });
  const raw = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(raw);
  } catch {}
  return { status: res.status, headers: res.headers, json, raw };
};
const get = (token: string | null, pathname: string) => api(token, "GET", pathname);
const ids = (page: Json) => (page._embedded["osdi:signatures"] as Json[]).map((s) => Number(String(s.identifiers[0]).replace("padauk:signature-", "")));
/** A post over a raw socket, with headers fetch() would not send as given (Origin, Cookie). */
function rawPost(pathname: string, body: string, headers: Record<string, string>): Promise<{ status: number }> {
  const url = new URL(pathname, server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { ...headers, "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
const mailsTo = (address: string) => smtp.messages.filter((m) => (m.to as { text: string } | undefined)?.text.toLowerCase() === address);

describe("the OSDI API over HTTP", () => {
  it("refuses a missing, wrong, malformed or revoked token with 401 and a JSON error", async () => {
    const wrong = `pdk_${"A".repeat(43)}`;
    for (const [token, message] of [
      [null, "Send your API token in the OSDI-API-Token header."],
      [wrong, "This API token is not valid (unknown, revoked or of a disabled account)."],
      ["not-a-token", "This API token is not valid (unknown, revoked or of a disabled account)."],
      [tok.bRevoked, "This API token is not valid (unknown, revoked or of a disabled account)."],
    ] as const) {
      for (const pathname of [
        "/api/osdi/v1/",
        "/api/osdi/v1/petitions",
        "/api/osdi/v1/petitions/icc-referral",
        "/api/osdi/v1/petitions/icc-referral/signatures",
      ]) {
        const res = await get(token, pathname);
        expect(res.status, `${token} ${pathname}`).toBe(401);
        expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
        expect(res.json).toEqual({ error: message });
      }
    }
    const post = await api(null, "POST", "/api/osdi/v1/petitions/icc-referral/signatures", { person: {} });
    expect(post.status).toBe(401);
  });

  it("answers the entry point in HAL with the petitions link", async () => {
    const res = await get(tok.a, "/api/osdi/v1/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/hal+json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.json.osdi_version).toBe("1.1");
    expect(res.json.max_pagesize).toBe(25);
    expect(res.json._links.self.href).toBe(`${server.baseUrl}/api/osdi/v1/`);
    expect(res.json._links["osdi:petitions"].href).toBe(`${server.baseUrl}/api/osdi/v1/petitions`);
    expect(res.json._links.curies).toEqual([{ name: "osdi", href: "https://opensupporter.github.io/osdi-docs/{rel}", templated: true }]);
    // Without the trailing slash too.
    expect((await get(tok.a, "/api/osdi/v1")).json.osdi_version).toBe("1.1");
  });

  it("lists only the petitions the caller may see, with the confirmed count", async () => {
    const a = await get(tok.a, "/api/osdi/v1/petitions");
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ total_pages: 1, per_page: 25, page: 1, total_records: 1 });
    const [p] = a.json._embedded["osdi:petitions"];
    const self = `${server.baseUrl}/api/osdi/v1/petitions/arms-embargo`;
    expect(p).toMatchObject({
      identifiers: ["padauk:arms-embargo"],
      origin_system: "Padauk",
      title: "Cut off the junta’s weapons and fuel: impose a UN arms embargo on Myanmar",
      total_signatures: 32,
      browser_url: `${server.baseUrl}/en/campaigns/arms-embargo`,
      _links: { self: { href: self }, "osdi:signatures": { href: `${self}/signatures` }, "osdi:record_signature_helper": { href: `${self}/signatures` } },
    });
    expect(p.summary).toMatch(/^Since the February 2021 coup/);
    expect(Number.isNaN(Date.parse(p.created_date))).toBe(false);
    expect(a.json._links["osdi:petitions"]).toEqual([{ href: self }]);

    const b = await get(tok.b, "/api/osdi/v1/petitions");
    expect((b.json._embedded["osdi:petitions"] as Json[]).map((x) => x.identifiers[0])).toEqual(["padauk:icc-referral"]);
    expect(b.json._embedded["osdi:petitions"][0].total_signatures).toBe(0);
    const o = await get(tok.organiser, "/api/osdi/v1/petitions");
    expect((o.json._embedded["osdi:petitions"] as Json[]).map((x) => x.identifiers[0])).toEqual(["padauk:arms-embargo"]);

    const one = await get(tok.a, "/api/osdi/v1/petitions/arms-embargo");
    expect(one.status).toBe(200);
    expect(one.json).toEqual(p);
  });

  it("gives a token of another campaign's partner a 404 for this campaign, never data", async () => {
    for (const pathname of [
      "/api/osdi/v1/petitions/arms-embargo",
      "/api/osdi/v1/petitions/arms-embargo/signatures",
      "/api/osdi/v1/petitions/no-such-petition",
    ]) {
      const res = await get(tok.b, pathname);
      expect(res.status, pathname).toBe(404);
      expect(res.json).toEqual({ error: "No petition with this identifier is visible to this token." });
    }
    expect((await get(tok.organiser, "/api/osdi/v1/petitions/icc-referral")).status).toBe(404);
    const post = await api(tok.b, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", {
      person: { given_name: "Nobody", email_addresses: [{ address: "never.stored@example.org" }], postal_addresses: [{ country: "MM" }] },
    });
    expect(post.status).toBe(404);
  });

  it("pages a partner's own confirmed signatures 25 at a time, newest first, with name and address only for the consenting one", async () => {
    const base = `${server.baseUrl}/api/osdi/v1/petitions/arms-embargo/signatures`;
    const p1 = await get(tok.a, "/api/osdi/v1/petitions/arms-embargo/signatures");
    expect(p1.status).toBe(200);
    expect(p1.json).toMatchObject({ total_pages: 2, per_page: 25, page: 1, total_records: 27 });
    expect(p1.json._links.self).toEqual({ href: `${base}?page=1` });
    expect(p1.json._links.next).toEqual({ href: `${base}?page=2` });
    expect(p1.json._links.prev).toBeUndefined();
    const list1 = p1.json._embedded["osdi:signatures"] as Json[];
    expect(list1).toHaveLength(25);
    expect(list1[0]._links).toEqual({ "osdi:petition": { href: `${server.baseUrl}/api/osdi/v1/petitions/arms-embargo` } });
    expect(Object.keys(p1.json._links).sort()).toEqual(["curies", "next", "self"]);
    const p2 = await get(tok.a, "/api/osdi/v1/petitions/arms-embargo/signatures?page=2");
    expect(p2.json).toMatchObject({ total_pages: 2, page: 2, total_records: 27 });
    expect(p2.json._links.prev).toEqual({ href: `${base}?page=1` });
    expect(p2.json._links.next).toBeUndefined();
    expect(p2.json._embedded["osdi:signatures"]).toHaveLength(2);
    const all = [...ids(p1.json), ...ids(p2.json)];
    expect(all).toEqual([...all].sort((x, y) => y - x));
    expect(new Set(all).size).toBe(27);

    const withPerson = [...list1, ...(p2.json._embedded["osdi:signatures"] as Json[])].filter((s) => s._embedded["osdi:person"].email_addresses);
    expect(withPerson).toHaveLength(1);
    expect(withPerson[0]).toMatchObject({ origin_system: "Padauk", country: "TH", language: "th" });
    expect(withPerson[0]._embedded["osdi:person"]).toEqual({
      given_name: CONSENTING.name,
      email_addresses: [{ address: CONSENTING.email, primary: true }],
      postal_addresses: [{ country: "TH" }],
      languages_spoken: ["th"],
    });
    // Everyone else: country and language only. The 7th wants the campaign's news, which is not consent to the partner.
    const other = list1.find((s) => !s._embedded["osdi:person"].email_addresses)!;
    expect(other._embedded["osdi:person"]).toEqual({ postal_addresses: [{ country: "MM" }], languages_spoken: ["my"] });
    expect(p1.raw).not.toContain("partner-a-7@example.org");
    expect(p1.raw + p2.raw).not.toContain("Signer ");

    // Past the last page: an empty page, not an error; a page that is not a number: 400.
    const p3 = await get(tok.a, "/api/osdi/v1/petitions/arms-embargo/signatures?page=3");
    expect(p3.json).toMatchObject({ page: 3, total_records: 27, _embedded: { "osdi:signatures": [] } });
    const bad = await get(tok.a, "/api/osdi/v1/petitions/arms-embargo/signatures?page=0");
    expect(bad.status).toBe(400);
    expect(bad.json.fields).toEqual({ page: "page is a whole number from 1 to 100000." });
  });

  it("shows a partner of the same campaign only its own signatures, and an organiser the campaign's with the news subscribers' addresses", async () => {
    const a2 = await get(tok.a2, "/api/osdi/v1/petitions/arms-embargo/signatures");
    expect(a2.json).toMatchObject({ total_pages: 1, total_records: 2 });
    const people = (a2.json._embedded["osdi:signatures"] as Json[]).map((s) => s._embedded["osdi:person"]);
    expect(people.map((p) => p.email_addresses?.[0].address ?? null)).toEqual([null, "partner-a2-1@example.org"]);
    expect(a2.raw).not.toContain(CONSENTING.email);

    const o = await get(tok.organiser, "/api/osdi/v1/petitions/arms-embargo/signatures");
    expect(o.json).toMatchObject({ total_pages: 2, total_records: 32 });
    const o2 = await get(tok.organiser, "/api/osdi/v1/petitions/arms-embargo/signatures?page=2");
    const emails = [...o.json._embedded["osdi:signatures"], ...o2.json._embedded["osdi:signatures"]]
      .map((s: Json) => s._embedded["osdi:person"].email_addresses?.[0].address)
      .filter(Boolean);
    // consent_updates, not consent_partner, is what an organiser may see.
    expect(emails.sort()).toEqual(["partner-a-7@example.org", NEWS.email]);
  });

  it("records a signature as pending, mails the person in their language, and counts it only once they confirm", async () => {
    const email = "new.signer.yangon@example.org";
    const body = {
      person: {
        given_name: "ရန်ကုန်မှ",
        family_name: "လက်မှတ်ထိုးသူ",
        email_addresses: [{ address: email }],
        postal_addresses: [{ country: "mm" }],
        languages_spoken: ["my"],
      },
      consent_partner: true,
      add_tags: ["stall-yangon"],
    };
    const res = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", body);
    expect(res.status).toBe(202);
    expect(res.headers.get("content-type")).toBe("application/hal+json; charset=utf-8");
    expect(res.json).toMatchObject({
      identifiers: [],
      origin_system: "Padauk",
      "padauk:status": "pending_confirmation",
      country: "MM",
      language: "my",
      _embedded: {
        "osdi:person": {
          given_name: "ရန်ကုန်မှ လက်မှတ်ထိုးသူ",
          email_addresses: [{ address: email, primary: true }],
          postal_addresses: [{ country: "MM" }],
          languages_spoken: ["my"],
        },
      },
    });

    const [mail] = await eventually(
      () => mailsTo(email),
      (m) => m.length === 1,
      "the confirmation mail",
    );
    expect(mail.subject).toMatch(/^သင့်လက်မှတ်ကို အတည်ပြုပါ - /);
    expect((await get(tok.a, "/api/osdi/v1/petitions/arms-embargo")).json.total_signatures).toBe(32);
    expect((await get(tok.a, "/api/osdi/v1/petitions/arms-embargo/signatures")).json.total_records).toBe(27);

    const link = mail.text!.match(/\/my\/confirm\/([A-Za-z0-9_-]{43})/)![1];
    const confirmed = await send(server.baseUrl, "POST", `/my/confirm/${link}`, { form: {} });
    expect(confirmed.status).toBeLessThan(400);
    expect((await get(tok.a, "/api/osdi/v1/petitions/arms-embargo")).json.total_signatures).toBe(33);
    const mine = await get(tok.a, "/api/osdi/v1/petitions/arms-embargo/signatures");
    expect(mine.json.total_records).toBe(28);
    expect(mine.json._embedded["osdi:signatures"][0]._embedded["osdi:person"]).toEqual({
      given_name: "ရန်ကုန်မှ လက်မှတ်ထိုးသူ",
      email_addresses: [{ address: email, primary: true }],
      postal_addresses: [{ country: "MM" }],
      languages_spoken: ["my"],
    });

    // The same address again, now confirmed: the same answer (only the mail differs), the same count.
    const again = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", body);
    expect(again.status).toBe(202);
    const { created_date: _a, ...first } = res.json;
    const { created_date: _b, ...second } = again.json;
    expect(second).toEqual(first);
    await eventually(
      () => mailsTo(email),
      (m) => m.length === 2,
      "the second mail",
    );
    expect((await get(tok.a, "/api/osdi/v1/petitions/arms-embargo")).json.total_signatures).toBe(33);
  });

  it("writes the mail in the campaign's language when the person's is not one of Padauk's", async () => {
    const email = "speaks.german@example.org";
    const res = await api(tok.a2, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", {
      person: { given_name: "A signer in Berlin", email_addresses: [{ address: email }], postal_addresses: [{ country: "DE" }], languages_spoken: ["de"] },
    });
    expect(res.status).toBe(202);
    expect(res.json.language).toBe("en");
    const [mail] = await eventually(
      () => mailsTo(email),
      (m) => m.length === 1,
      "the confirmation mail",
    );
    expect(mail.text).toMatch(/\/en\/confirm\/[A-Za-z0-9_-]{43}/);
  });

  it("refuses a bad body with 400 naming each bad field, and bad JSON or a large body too", async () => {
    const res = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", {
      person: { family_name: "x", email_addresses: [{ address: "not-an-address" }], postal_addresses: [{ country: "ZZ" }], languages_spoken: "my" },
      consent_partner: "yes",
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: "The signature is not valid: see fields.",
      fields: {
        "person.given_name": "A name is required.",
        "person.email_addresses[0].address": "This is not a valid email address.",
        "person.postal_addresses[0].country": "Unknown country: give an ISO 3166-1 alpha-2 code such as MM.",
        "person.languages_spoken": "languages_spoken is a list of language tags.",
        consent_partner: "consent_partner is true or false.",
      },
    });
    const noPerson = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", { add_tags: [] });
    expect(noPerson.json.fields).toEqual({ person: "A person is required." });
    const link = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", {
      person: { given_name: "Visit www.spam.com", email_addresses: [], postal_addresses: [{ country: "MM" }] },
    });
    expect(link.json.fields).toEqual({
      "person.given_name": "A name may not contain a web or email address.",
      "person.email_addresses": "An email address is required.",
    });
    const notJson = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", "{person:");
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({ error: "The body is not valid JSON.", fields: { body: "Send a JSON object (Content-Type: application/json)." } });
    const array = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", []);
    expect(array.json.fields).toEqual({ body: "The body must be a JSON object." });
    const large = await api(tok.a, "POST", "/api/osdi/v1/petitions/arms-embargo/signatures", { person: { given_name: "x".repeat(20_000) } });
    expect(large.status).toBe(413);
    expect(large.json).toEqual({ error: "The body is too large (at most 16384 bytes)." });
    // A read-only resource refuses a post as an API does.
    const readOnly = await api(tok.a, "POST", "/api/osdi/v1/petitions", {});
    expect(readOnly.status).toBe(405);
    expect(readOnly.headers.get("allow")).toBe("GET");
  });

  it("lets a token post with a foreign Origin and no cookie, and keeps the Origin rule for a post with a cookie", async () => {
    const body = JSON.stringify({
      person: { given_name: "A signer in Penang", email_addresses: [{ address: "penang@example.org" }], postal_addresses: [{ country: "MY" }] },
    });
    const post = (headers: Record<string, string>) =>
      rawPost("/api/osdi/v1/petitions/arms-embargo/signatures", body, {
        "OSDI-API-Token": tok.a,
        "Content-Type": "application/json",
        Origin: "https://partner.example",
        ...headers,
      });
    expect((await post({})).status).toBe(202);
    expect((await post({ Cookie: "padauk_session=x" })).status).toBe(403);
    // A post with a cookie and no token stays under the rule too.
    const noToken = await rawPost("/api/osdi/v1/petitions/arms-embargo/signatures", body, {
      "Content-Type": "application/json",
      Origin: "https://partner.example",
    });
    expect(noToken.status).toBe(403);
  });

  it("throttles each token on its own, with 429 and Retry-After", async () => {
    let res;
    let n = 0;
    do {
      res = await get(tok.throttle, "/api/osdi/v1/");
      n++;
    } while (res.status === 200 && n < 200);
    // The migration's size: 120 requests a minute per token.
    expect(n).toBe(121);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.json.error).toMatch(/^Too many requests for this token: try again in \d+ seconds\.$/);
    // Another token is not held back.
    expect((await get(tok.a2, "/api/osdi/v1/")).status).toBe(200);
  });

  it("records the token's last use, and refuses a signature for a closed petition", async () => {
    const used = await readServerDatabase(
      server,
      async (db) => {
        await closeCampaign(db, (await findPublicCampaign(db, "icc-referral", "en"))!.id);
        const owner = (await apiTokenOwner(db, tok.a2))!;
        return owner.kind === "partner" ? apiTokenStatus(db, { partnerId: owner.partnerId }) : null;
      },
      {
        restart: async () => {
          server = await start();
        },
      },
    );
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
    expect(Date.now() - used!.lastUsedAt!.getTime()).toBeLessThan(5 * 60_000);
    const closed = await api(tok.b, "POST", "/api/osdi/v1/petitions/icc-referral/signatures", {
      person: { given_name: "A signer in Geneva", email_addresses: [{ address: "geneva.signer@example.org" }], postal_addresses: [{ country: "CH" }] },
    });
    expect(closed.status).toBe(409);
    expect(closed.json).toEqual({ error: "This petition is not open for signatures." });
    // Still readable once closed.
    expect((await get(tok.b, "/api/osdi/v1/petitions/icc-referral")).json["padauk:status"]).toBe("closed");
  });
});

describe("an organiser's API token on the security page", () => {
  let t: TestDatabase;
  let context: AppLoadContext;
  const pageCrypto = createCrypto("osdi-security-secret-of-at-least-32-chars");
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    context = testContext(t.db, pageCrypto);
  });
  afterAll(async () => {
    await t?.close();
  });
  const securityPost = (s: { cookie: string; csrf: string }, fields: Record<string, string>) =>
    security.action({ request: dashboardPost("/dashboard/security", s, Object.entries(fields)), params: {}, context } as never) as Promise<Json>;
  const page = async (s: { cookie: string }) =>
    (await security.loader({
      request: new Request("http://padauk.test/dashboard/security", { headers: { Cookie: s.cookie } }),
      params: {},
      context,
    } as never)) as Json;
  const actions = async (id: number) =>
    (await t.db.selectFrom("audit_log").select(["action", "row_count"]).where("organiser_id", "=", id).orderBy("id").execute()).map((r) => r.action);

  it("creates a token shown once, replaces it (the old one stops working), revokes it, and audits each step", async () => {
    const s = await organiserSession(t.db, pageCrypto, context, "organiser.token@example.org", "organiser", "arms-embargo");
    expect((await page(s)).apiToken).toBeNull();

    const created = await securityPost(s, { intent: "api-token" });
    expect(created.apiTokenChanged).toBe("created");
    expect(created.apiToken).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    const shown = await page(s);
    expect(shown.apiToken).toMatchObject({ lastUsedAt: null });
    expect(JSON.stringify(shown)).not.toContain(created.apiToken);
    expect(await apiTokenOwner(t.db, created.apiToken)).toMatchObject({ kind: "organiser", organiserId: s.id });
    expect((await page(s)).apiToken.lastUsedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);

    const replaced = await securityPost(s, { intent: "api-token" });
    expect(replaced.apiToken).not.toBe(created.apiToken);
    expect(await apiTokenOwner(t.db, created.apiToken)).toBeNull();
    expect(await apiTokenOwner(t.db, replaced.apiToken)).toMatchObject({ kind: "organiser", organiserId: s.id });

    expect(await securityPost(s, { intent: "api-token-revoke" })).toEqual({ apiTokenChanged: "revoked" });
    expect(await apiTokenOwner(t.db, replaced.apiToken)).toBeNull();
    expect((await page(s)).apiToken).toBeNull();
    expect(await actions(s.id)).toEqual(["security.api_token_created", "security.api_token_replaced", "security.api_token_revoked"]);
  });

  it("asks for a code from the authenticator when two-step login is on", async () => {
    const s = await organiserSession(t.db, pageCrypto, context, "organiser.totp.token@example.org", "organiser", "arms-embargo");
    const begun = await securityPost(s, { intent: "begin" });
    await securityPost(s, { intent: "confirm", code: totpCode(begun.secret) });
    const refused = await securityPost(s, { intent: "api-token", code: "000000" });
    expect((refused as { init?: { status?: number } }).init?.status).toBe(400);
    expect(await apiTokenStatus(t.db, { organiserId: s.id })).toBeNull();
    const created = await securityPost(s, { intent: "api-token", code: totpCode(begun.secret, Date.now() + 30_000) });
    expect(created.apiToken).toMatch(/^pdk_/);
  });
});
