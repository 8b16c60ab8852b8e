import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simpleParser } from "mailparser";
import { send, type Answer } from "../helpers/http";
import { startServer, type RunningServer } from "../helpers/server";
import { capturedMailTo, partnerCreate, type CreatedPartner } from "../helpers/partners";
import { eventually } from "../helpers/eventually";

/**
 * The embeddable action, as a partner's page frames it: a compact signing page only the
 * partner's listed origins may frame, no script, no cookie, and the whole way to a counted
 * signature inside the frame (the code from the mail typed there).
 */
const SLUG = "arms-embargo";
const BANGKOK = "https://bangkok-rights.example";
let server: RunningServer;
let partner: CreatedPartner;

const csp = (r: Answer) => String(r.headers["content-security-policy"] ?? "");
const frameAncestors = (r: Answer) => /frame-ancestors ([^;]+)/.exec(csp(r))?.[1];

beforeAll(async () => {
  server = await startServer({ env: { WEBHOOK_ALLOW_PRIVATE: "1" } });
  partner = await partnerCreate(server.env, [
    "--campaign",
    SLUG,
    "--name",
    "Bangkok Rights Network",
    "--origin",
    BANGKOK,
    "--origin",
    "http://127.0.0.2:8080",
    "--website",
    "https://bangkok-rights.example/about",
    "--listed",
  ]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("the embed of a campaign on a partner's page", () => {
  it("is framed by exactly the partner's origins, runs no script and sets no cookie", async () => {
    const r = await send(server.baseUrl, "GET", `/embed/en/campaigns/${SLUG}?partner=${partner.partner}`);
    expect(r.status).toBe(200);
    expect(frameAncestors(r)).toBe(`${BANGKOK} http://127.0.0.2:8080`);
    expect(r.headers["x-frame-options"]).toBeUndefined();
    expect(r.headers["set-cookie"]).toBeUndefined();
    expect(r.body).not.toMatch(/<script/i);
    // Title, count, demand, form: no site header, footer or language switcher around it.
    expect(r.body).toContain('<main id="main" class="embed">');
    expect(r.body).not.toContain("site-header");
    expect(r.body.match(/<form /g)?.length).toBe(1);
    expect(r.body).toContain(`name="partner" value="${partner.partner}"`);
    expect(r.body).toContain('name="consent_partner"');
    expect(r.body).toContain("Bangkok Rights Network may email me about its work");
    expect(r.body).toContain(`action="/embed/en/campaigns/${SLUG}?partner=${partner.partner}"`);
  });

  it("without a known partner may not be framed at all, and asks for no partner's consent", async () => {
    for (const q of ["", "?partner=nobody-here", "?partner=%3Cscript%3E"]) {
      const r = await send(server.baseUrl, "GET", `/embed/en/campaigns/${SLUG}${q}`);
      expect(r.status, q).toBe(200);
      expect(frameAncestors(r), q).toBe("'none'");
      expect(r.body, q).not.toContain('name="consent_partner"');
    }
  });

  it("is kept by the page cache like the campaign page", async () => {
    const path = `/embed/my/campaigns/${SLUG}?partner=${partner.partner}`;
    const first = await send(server.baseUrl, "GET", path);
    const second = await send(server.baseUrl, "GET", path);
    expect(first.status).toBe(200);
    expect(second.headers.age).toBe("0");
    expect(second.body).toBe(first.body);
    expect(frameAncestors(second)).toBe(`${BANGKOK} http://127.0.0.2:8080`);
  });

  it("takes a signature inside the frame and counts it once the code from the mail is typed there", async () => {
    const before = JSON.parse((await send(server.baseUrl, "GET", `/api/v1/campaigns/${SLUG}?fresh=1`)).body).signatureCount as number;
    const email = "a-signer-via-bangkok@example.org";
    const signed = await send(server.baseUrl, "POST", `/embed/en/campaigns/${SLUG}?partner=${partner.partner}`, {
      form: { name: "A signer in Mae Sot", email, country: "TH", partner: partner.partner, consent_partner: "on" },
      from: "127.0.0.21",
    });
    expect(signed.status).toBe(303);
    expect(signed.headers.location).toBe(`/embed/en/campaigns/${SLUG}/signed?partner=${partner.partner}`);
    expect(signed.headers["set-cookie"]).toBeUndefined();

    const inbox = await send(server.baseUrl, "GET", String(signed.headers.location));
    expect(inbox.status).toBe(200);
    expect(frameAncestors(inbox)).toBe(`${BANGKOK} http://127.0.0.2:8080`);
    expect(inbox.body).toContain(`action="/embed/en/campaigns/${SLUG}/signed?partner=${partner.partner}"`);

    const [raw] = await eventually(
      () => capturedMailTo(server, email),
      (m) => m.length === 1,
      "the confirmation mail",
    );
    const text = (await simpleParser(raw)).text ?? "";
    const code = /^([0-9A-Z]{5}-?[0-9A-Z]{5})$/m.exec(text)?.[1];
    expect(code).toBeTruthy();

    const wrong = await send(server.baseUrl, "POST", `/embed/en/campaigns/${SLUG}/signed?partner=${partner.partner}`, {
      form: { code: "0000000000" },
      from: "127.0.0.21",
    });
    expect(wrong.status).toBe(400);
    expect(frameAncestors(wrong)).toBe(`${BANGKOK} http://127.0.0.2:8080`);

    const confirmed = await send(server.baseUrl, "POST", `/embed/en/campaigns/${SLUG}/signed?partner=${partner.partner}`, {
      form: { code: code! },
      from: "127.0.0.21",
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe(`/embed/en/campaigns/${SLUG}/thanks?partner=${partner.partner}`);
    expect(confirmed.headers["set-cookie"]).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_100));
    const thanks = await send(server.baseUrl, "GET", String(confirmed.headers.location));
    expect(thanks.status).toBe(200);
    expect(frameAncestors(thanks)).toBe(`${BANGKOK} http://127.0.0.2:8080`);
    const after = JSON.parse((await send(server.baseUrl, "GET", `/api/v1/campaigns/${SLUG}?fresh=2`)).body).signatureCount as number;
    expect(after).toBe(before + 1);
    expect(thanks.body).toContain(`<a class="button" href="/en/campaigns/${SLUG}?partner=${partner.partner}" target="_blank" rel="noopener">`);
  });
});

describe("the campaign page with a partner's link", () => {
  it("asks for the partner's own consent, off by default, and is never framed", async () => {
    const r = await send(server.baseUrl, "GET", `/en/campaigns/${SLUG}?partner=${partner.partner}`);
    expect(r.status).toBe(200);
    expect(r.headers["x-frame-options"]).toBe("DENY");
    expect(frameAncestors(r)).toBe("'none'");
    expect(r.body).toMatch(/<input[^>]*name="consent_partner"(?![^>]*checked)[^>]*>/);
    expect(r.body).toContain(`name="partner" value="${partner.partner}"`);
  });

  it("names the listed partners with a plain link, and loads nothing from their hosts", async () => {
    const r = await send(server.baseUrl, "GET", `/en/campaigns/${SLUG}`);
    expect(r.body).toContain('<a href="https://bangkok-rights.example/about" rel="noopener noreferrer">Bangkok Rights Network</a>');
    expect(r.body).not.toMatch(/(src|srcset)="https:\/\/bangkok-rights/);
    expect(r.body).not.toContain('name="consent_partner"');
  });
});
