import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { confirmFromMail, dashboardStrings, emailStrings, formatNumber, linkIn, mailTo, newAddress, organiserCreate, partnerCreate, strings } from "./support";

/**
 * A coalition campaign, end to end: an administrator adds a partner in Bangkok and invites its
 * coordinator; the coordinator copies the embed snippet from the partner view onto the
 * partner's own site (another origin on loopback); a signer with JavaScript off signs inside
 * the frame and confirms with the code from the mail, never leaving the partner's page; the
 * partner sees +1, receives a correctly signed webhook, and can export that supporter because they
 * ticked its box; a second signer who did not tick it reaches the webhook without email or name.
 * A page the partner did not list cannot frame the action at all.
 */
const d = dashboardStrings("en");
const t = strings("en");
const PASSWORD = "seven green lanterns over Mandalay";

/** A partner's website: one page, on its own loopback address (another origin, another site). */
async function partnerSite(host: string, html: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html());
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
}

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The partner's CRM endpoint for webhooks, on loopback: it keeps what it receives and answers 200. */
async function webhookReceiver(): Promise<{ server: Server; url: string; received: Delivery[]; confirmations: () => Delivery[] }> {
  const received: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  // Milestones may arrive too (the campaign's count crosses its thresholds as other specs sign): only confirmations are counted here.
  const confirmations = () => received.filter((d) => JSON.parse(d.body).type === "signature.confirmed");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/padauk`, received, confirmations };
}

/** The receiver's check, as docs/webhooks.md tells partners to write it. */
function signedBy(secret: string, d: Delivery): boolean {
  const [t, v1] = String(d.headers["padauk-signature"])
    .split(",")
    .map((p) => p.split("=")[1]);
  return v1 === createHmac("sha256", secret).update(`${t}.${d.body}`).digest("hex");
}

async function choosePassword(page: Page, link: string) {
  await page.goto(new URL(link).pathname);
  await page.getByLabel(d.setPassword.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(d.setPassword.confirm, { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: d.setPassword.submit }).click();
}

test.use({ javaScriptEnabled: false });

test("a partner in Bangkok embeds the action on its own site; a signer signs and confirms inside the frame with JavaScript off", async ({ browser }) => {
  let snippet = "";
  const bangkok = await partnerSite(
    "127.0.0.2",
    () => `<!doctype html><html lang="en"><title>Bangkok Rights Network</title><h1>Act with us</h1>${snippet}</html>`,
  );
  const stranger = await partnerSite("127.0.0.3", () => `<!doctype html><html><title>Not a partner</title>${snippet}</html>`);
  const crm = await webhookReceiver();
  try {
    // An administrator adds the partner, naming the one origin that may frame the action.
    const adminPage = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await choosePassword(adminPage, await organiserCreate(newAddress("admin"), "admin"));
    await adminPage.goto("/dashboard/campaigns/arms-embargo/partners");
    await adminPage.getByLabel(d.partners.name, { exact: true }).fill("Bangkok Rights Network");
    await adminPage.getByLabel(d.partners.origins, { exact: true }).fill(bangkok.origin);
    await adminPage.getByLabel(d.partners.webhook, { exact: true }).fill(crm.url);
    await adminPage.getByRole("button", { name: d.partners.addButton }).click();
    await expect(adminPage.getByTestId("new-token")).toHaveText(/^pdk_[A-Za-z0-9_-]{43}$/);
    const secret = (await adminPage.getByTestId("webhook-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await adminPage.getByRole("link", { name: d.partners.open.replace("{{name}}", "Bangkok Rights Network") }).click();

    // …and invites the partner's coordinator, whose mail carries the link.
    const coordinator = newAddress("coordinator");
    await adminPage.getByLabel(d.login.email, { exact: true }).fill(coordinator);
    await adminPage.getByRole("button", { name: d.partners.inviteButton }).click();
    const [invite] = await mailTo(coordinator);
    expect(invite.subject).toBe(emailStrings("en").invite.subjectPartner.replace("{{partner}}", "Bangkok Rights Network"));
    const link = /https?:\/\/\S+\/set-password\/[A-Za-z0-9_-]{43}/.exec(invite.text ?? "")![0];

    // The coordinator lands on the partner view, and nowhere else of the dashboard.
    const partnerContext = await browser.newContext({ javaScriptEnabled: false });
    const partnerPage = await partnerContext.newPage();
    await choosePassword(partnerPage, link);
    await expect(partnerPage).toHaveURL(/\/dashboard\/partner$/);
    await expect(partnerPage.getByRole("heading", { level: 1 })).toHaveText("Bangkok Rights Network");
    await expect(partnerPage.getByTestId("partner-confirmed")).toHaveText(formatNumber(0, "en"));
    await partnerPage.goto("/dashboard/campaigns/arms-embargo");
    await expect(partnerPage).toHaveURL(/\/dashboard\/partner$/);
    snippet = await partnerPage.getByLabel(d.partners.snippet, { exact: true }).inputValue();
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/en\/campaigns\/arms-embargo\?partner=bangkok-rights-network" /);

    // A signer in Mae Sot, JavaScript off, on the partner's page.
    const signer = newAddress("signer-mae-sot");
    const signerPage = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await signerPage.goto(bangkok.origin);
    const frame = signerPage.frameLocator("iframe");
    await frame.getByLabel(t.sign.name, { exact: true }).fill("A signer in Mae Sot");
    await frame.getByLabel(t.sign.email, { exact: true }).fill(signer);
    await frame.getByLabel(t.sign.country, { exact: true }).selectOption("TH");
    const consent = frame.getByLabel(t.sign.consentPartner.replace("{{partner}}", "Bangkok Rights Network"), { exact: true });
    await expect(consent).not.toBeChecked();
    await consent.check();
    await frame.getByRole("button", { name: t.sign.submit }).click();
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText(t.checkInbox.title);
    // The partner's page is still the page; the frame moved on.
    expect(signerPage.url()).toBe(`${bangkok.origin}/`);

    const [mail] = await mailTo(signer);
    const code = /^([0-9A-Z]{5}-?[0-9A-Z]{5})$/m.exec(mail.text ?? "")![1];
    await frame.getByLabel(t.checkInbox.codeLabel, { exact: true }).fill(code);
    await frame.getByRole("button", { name: t.checkInbox.codeSubmit }).click();
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText(t.thanks.title);
    expect(signerPage.url()).toBe(`${bangkok.origin}/`);

    // The partner sees +1.
    await partnerPage.goto("/dashboard/partner");
    await expect(partnerPage.getByTestId("partner-signups")).toHaveText(formatNumber(1, "en"));
    await expect(partnerPage.getByTestId("partner-confirmed")).toHaveText(formatNumber(1, "en"));
    await expect(partnerPage.getByTestId("partner-consenting")).toHaveText(formatNumber(1, "en"));
    // Its CRM got the confirmation, signed with its secret, with the person: they ticked the box.
    await expect.poll(() => crm.confirmations().length, { timeout: 15_000 }).toBe(1);
    const first = crm.confirmations()[0];
    expect(signedBy(secret, first)).toBe(true);
    const event = JSON.parse(first.body);
    expect(first.headers["padauk-event-id"]).toBe(event.id);
    expect(event.type).toBe("signature.confirmed");
    expect(event.data).toMatchObject({ campaign: "arms-embargo", partner: "bangkok-rights-network", country: "TH", language: "en" });
    expect(event.data.person).toEqual({ email: signer, name: "A signer in Mae Sot" });

    // A second signer in the frame leaves the partner's box unticked: the webhook says who came, not who they are.
    const second = newAddress("signer-chiang-mai");
    await signerPage.goto(bangkok.origin);
    await frame.getByLabel(t.sign.name, { exact: true }).fill("A signer in Chiang Mai");
    await frame.getByLabel(t.sign.email, { exact: true }).fill(second);
    await frame.getByLabel(t.sign.country, { exact: true }).selectOption("TH");
    await frame.getByRole("button", { name: t.sign.submit }).click();
    const [secondMail] = await mailTo(second);
    await frame.getByLabel(t.checkInbox.codeLabel, { exact: true }).fill(/^([0-9A-Z]{5}-?[0-9A-Z]{5})$/m.exec(secondMail.text ?? "")![1]);
    await frame.getByRole("button", { name: t.checkInbox.codeSubmit }).click();
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText(t.thanks.title);
    await expect.poll(() => crm.confirmations().length, { timeout: 15_000 }).toBe(2);
    const secondDelivery = crm.confirmations()[1];
    expect(signedBy(secret, secondDelivery)).toBe(true);
    const secondEvent = JSON.parse(secondDelivery.body);
    expect(secondEvent.data.person).toBe(null);
    expect(secondDelivery.body).not.toContain(second);
    expect(secondDelivery.body).not.toContain("Chiang Mai");
    // Every delivery, milestones included, is signed with the partner's secret.
    expect(crm.received.every((x) => signedBy(secret, x))).toBe(true);

    // The partner sees both deliveries in its log, and may still export only the first signer.
    await partnerPage.goto("/dashboard/partner");
    await expect(partnerPage.getByTestId("partner-confirmed")).toHaveText(formatNumber(2, "en"));
    await expect(partnerPage.getByTestId("partner-consenting")).toHaveText(formatNumber(1, "en"));
    await expect(partnerPage.getByTestId("webhook-log").locator("tbody tr")).toHaveCount(crm.received.length);
    const csv = await partnerContext.request.get("/dashboard/partner/supporters.csv");
    expect(csv.status()).toBe(200);
    const rows = (await csv.text()).trim().split(/\r?\n/);
    expect(rows).toHaveLength(2);
    expect(rows[1].startsWith(`${signer},A signer in Mae Sot,TH,en,`)).toBe(true);

    // A site the partner did not list gets nothing in its frame: the browser refuses it.
    const strangerPage = await (await browser.newContext()).newPage();
    const refused = strangerPage.waitForEvent("console", (m) => m.text().includes("frame-ancestors"));
    await strangerPage.goto(stranger.origin);
    expect((await refused).text()).toContain(`frame-ancestors ${bangkok.origin}`);
    await expect(strangerPage.frameLocator("iframe").getByRole("button", { name: t.sign.submit })).toHaveCount(0);
  } finally {
    bangkok.server.close();
    stranger.server.close();
    crm.server.close();
  }
});

test("a partner's CRM records a signature through the OSDI API; it counts once the person confirms from the mail, and the partner reads back only what each signer allowed", async ({
  browser,
  request,
}) => {
  const crm = await partnerCreate(["--campaign", "arms-embargo", "--name", "Mae Sot Community Network"]);
  const other = await partnerCreate(["--campaign", "arms-embargo", "--name", "Diaspora Voices"]);
  const api = (path: string, token: string, init: { method?: string; data?: unknown } = {}) =>
    request.fetch(`/api/osdi/v1${path}`, { method: init.method ?? "GET", data: init.data, headers: { "OSDI-API-Token": token } });
  const total = async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    return ((await (await api("/petitions/arms-embargo", crm.token)).json()) as { total_signatures: number }).total_signatures;
  };
  const before = await total();

  // The CRM records a supporter who agreed, at the partner's stall, to hear from it.
  const person = newAddress("crm-supporter");
  const recorded = await api("/petitions/arms-embargo/signatures", crm.token, {
    method: "POST",
    data: {
      person: { given_name: "A supporter in Mae Sot", email_addresses: [{ address: person }], postal_addresses: [{ country: "TH" }], languages_spoken: ["en"] },
      consent_partner: true,
    },
  });
  expect(recorded.status()).toBe(202);
  // Pending until its owner confirms: the count has not moved.
  expect(await total()).toBe(before);
  const [mail] = await mailTo(person);
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await confirmFromMail(page, linkIn(mail, /\/en\/confirm\//), "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.thanks.title);
  expect(await total()).toBe(before + 1);

  // A second supporter comes by the partner's link and does not tick its box.
  const second = newAddress("crm-second");
  await page.goto(`/en/campaigns/arms-embargo?partner=${crm.partner}`);
  await page.getByLabel(t.sign.name, { exact: true }).fill("A signer in Chiang Mai");
  await page.getByLabel(t.sign.email, { exact: true }).fill(second);
  await page.getByLabel(t.sign.country, { exact: true }).selectOption("TH");
  await page.getByRole("button", { name: t.sign.submit }).click();
  const [secondMail] = await mailTo(second);
  await confirmFromMail(page, linkIn(secondMail, /\/en\/confirm\//), "en");

  type Listed = {
    total_records: number;
    _embedded: {
      "osdi:signatures": {
        _embedded: { "osdi:person": { given_name?: string; email_addresses?: { address: string }[]; postal_addresses: { country: string }[] } };
      }[];
    };
  };
  const mine = (await (await api("/petitions/arms-embargo/signatures", crm.token)).json()) as Listed;
  expect(mine.total_records).toBe(2);
  const people = mine._embedded["osdi:signatures"].map((x) => x._embedded["osdi:person"]);
  // Newest first: the one who did not tick the box is a country and a language, nothing more.
  expect(people[0]).toEqual({ postal_addresses: [{ country: "TH" }], languages_spoken: ["en"] });
  expect(people[1].given_name).toBe("A supporter in Mae Sot");
  expect(people[1].email_addresses).toEqual([{ address: person, primary: true }]);

  // Another partner's key reads none of them.
  const theirs = (await (await api("/petitions/arms-embargo/signatures", other.token)).json()) as Listed;
  expect(theirs.total_records).toBe(0);
  expect((await api("/petitions/arms-embargo/signatures", "pdk_" + "x".repeat(43))).status()).toBe(401);
});
