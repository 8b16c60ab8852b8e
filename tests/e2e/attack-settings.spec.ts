import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  apiCount,
  confirmFromMail,
  dashboardStrings,
  emailStrings,
  fill,
  linkIn,
  mailTo,
  newAddress,
  organiserCreate,
  pastPageCache,
  plural,
  receivedMail,
  setPasswordAndLogIn,
  signOn,
  strings,
  type ReceivedMail,
} from "./support";

/**
 * A campaign under attack (docs/signer-safety.md, "Throttles"): an administrator turns on, in the campaign's settings,
 * the proof of work and the neutral confirmation mail, and narrows the queue that browsers
 * without JavaScript share. What signers then meet, each in a browser of their own.
 */

const d = dashboardStrings("en");
/** The code a confirmation mail carries: ten Crockford base32 characters, grouped 5-5. */
const CODE = /\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/;

async function saveTexts(page: Page, fields: Record<string, string>) {
  for (const [field, value] of Object.entries(fields)) await page.getByLabel(d.translations.fields[field], { exact: true }).fill(value);
  await page.getByRole("button", { name: d.form.save }).click();
  await expect(page.getByRole("status")).toHaveText(d.form.saved);
}

async function setQueue(page: Page, points: string, seconds: string) {
  await page.goto("/dashboard/abuse");
  await page.getByLabel(fill(d.abuse.pointsFor, { name: "sign.nojs" }), { exact: true }).fill(points);
  await page.getByLabel(fill(d.abuse.durationFor, { name: "sign.nojs" }), { exact: true }).fill(seconds);
  await page.getByRole("button", { name: fill(d.abuse.saveFor, { name: "sign.nojs" }), exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(d.form.saved);
  await page.reload();
  await expect(page.getByLabel(fill(d.abuse.pointsFor, { name: "sign.nojs" }), { exact: true })).toHaveValue(points);
  await expect(page.getByLabel(fill(d.abuse.durationFor, { name: "sign.nojs" }), { exact: true })).toHaveValue(seconds);
}

/** A browser of the signer's own, with or without JavaScript. */
async function signerPage(browser: Browser, baseURL: string | undefined, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  return { page: await context.newPage(), close: () => context.close() };
}

/** The neutral confirmation mail, checked whole: a plain sender, a plain subject, the code and two links, nothing else. */
function expectNeutralMail(mail: ReceivedMail, lng: string, forbidden: string[]) {
  const n = emailStrings(lng).neutral;
  expect(mail.from?.value).toEqual([{ name: n.fromName, address: "no-reply@localhost" }]);
  expect(mail.subject).toBe(n.subject);
  expect(mail.headers.get("content-language")).toBe(lng);
  const code = mail.text!.match(CODE)?.[0];
  expect(code, mail.text).toBeTruthy();
  const confirmUrl = linkIn(mail, new RegExp(`/${lng}/confirm/[A-Za-z0-9_-]{43}`));
  const withdrawUrl = linkIn(mail, new RegExp(`/${lng}/signatures/\\d+/withdraw/[A-Za-z0-9_-]+`));
  expect(mail.text).toBe([n.intro, "", code, "", n.codeHint, confirmUrl, "", n.notYou, "", n.withdraw, withdrawUrl, `\n-- \n${n.footer}\n`].join("\n"));
  // Every header as sent, the text and the HTML decoded: no brand, no campaign. (Soft, so that a
  // finding here does not hide what the rest of the test checks.)
  const headers = mail.raw.split(/\r?\n\r?\n/)[0];
  expect(mail.html, "the neutral mail has an HTML part").toContain(code!);
  for (const [part, content] of [
    ["headers", headers],
    ["text", mail.text!],
    ["HTML", String(mail.html)],
  ]) {
    for (const word of ["Padauk", ...forbidden])
      expect.soft(content.toLowerCase(), `"${word}" in the ${lng} neutral mail's ${part}`).not.toContain(word.toLowerCase());
  }
  return { code, confirmUrl };
}

test("an administrator turns on proof of work and neutral mail for a campaign under attack: signers without JavaScript queue, a signer with JavaScript is counted, and the mail names nothing", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const admin = newAddress("attack-admin");
  await setPasswordAndLogIn(page, await organiserCreate(admin, "admin"), admin, "a long watch over the Salween");
  await expect(page).toHaveURL(/\/dashboard$/);

  // A campaign of its own, so that every count below is this test's.
  const slug = `under-attack-${Date.now().toString(36)}`;
  const title = "Release the reporters held in Insein";
  await page.goto("/dashboard/campaigns/new");
  await page.getByLabel(d.translations.fields.title, { exact: true }).fill(title);
  await page.getByLabel(d.form.slug, { exact: true }).fill(slug);
  await page.getByRole("button", { name: d.form.create }).click();
  await saveTexts(page, {
    title,
    summary: "Reporters are jailed for their work.",
    body: "They reported the news. Ask for their release.",
    demand: "Release every jailed reporter.",
    addressed_to: "The authorities",
  });

  // The settings page: open, neutral mails, proof of work.
  await page.goto(`/dashboard/campaigns/${slug}/settings`);
  await page.getByLabel(d.form.status, { exact: true }).selectOption("open");
  await page.getByLabel(d.form.neutralMail, { exact: true }).check();
  await page.getByLabel(d.form.powRequired, { exact: true }).check();
  await page.getByRole("button", { name: d.form.save }).click();
  await expect(page.getByRole("status")).toHaveText(d.form.saved);
  await page.reload();
  await expect(page.getByLabel(d.form.neutralMail, { exact: true })).toBeChecked();
  await expect(page.getByLabel(d.form.powRequired, { exact: true })).toBeChecked();

  // The shared queue for browsers without JavaScript, narrowed to two signatures a minute.
  await page.goto("/dashboard/abuse");
  const usual = {
    points: await page.getByLabel(fill(d.abuse.pointsFor, { name: "sign.nojs" }), { exact: true }).inputValue(),
    seconds: await page.getByLabel(fill(d.abuse.durationFor, { name: "sign.nojs" }), { exact: true }).inputValue(),
  };
  expect(usual).toEqual({ points: "60", seconds: "60" });
  await setQueue(page, "2", "60");
  await pastPageCache();

  // Two signers without JavaScript take the queue's two places, and are sent the neutral mail in their language.
  const queued = [
    { lng: "my", name: "ဒေါ်ခင်ဆွေ", email: newAddress("attack-yangon"), country: "MM" },
    { lng: "th", name: "ผู้ลงชื่อในเชียงใหม่", email: newAddress("attack-chiang-mai"), country: "TH" },
  ];
  for (const s of queued) {
    const signer = await signerPage(browser, baseURL, false);
    await signOn(signer.page, s.lng, slug, s);
    await signer.close();
  }
  for (const s of queued) expectNeutralMail((await mailTo(s.email))[0], s.lng, [title, slug]);

  // The next ones without JavaScript are told, in their language, to come back in a minute or turn JavaScript on.
  const turnedAway = [
    { lng: "fr", name: "Une signataire à Paris", email: newAddress("attack-paris"), country: "FR" },
    { lng: "my", name: "ကိုမင်းထက်", email: newAddress("attack-mandalay"), country: "MM" },
  ];
  for (const s of turnedAway) {
    const t = strings(s.lng);
    const signer = await signerPage(browser, baseURL, false);
    await signer.page.goto(`/${s.lng}/campaigns/${slug}`);
    await signer.page.getByLabel(t.sign.name, { exact: true }).fill(s.name);
    await signer.page.getByLabel(t.sign.email, { exact: true }).fill(s.email);
    await signer.page.getByLabel(t.sign.country, { exact: true }).selectOption(s.country);
    const answer = signer.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === `/${s.lng}/campaigns/${slug}`);
    await signer.page.getByRole("button", { name: t.sign.submit }).click();
    const response = await answer;
    expect(response.status()).toBe(429);
    const retryAfter = Number(response.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Within the minute: "1 minute", in the plural form each language uses for 1 (French "one", Burmese "other").
    const minutes = Math.ceil(retryAfter / 60);
    expect(minutes).toBe(1);
    await expect(signer.page.getByRole("alert")).toHaveText(plural(t.errors, "throttledQueue", minutes, s.lng));
    // What they typed is kept for the next try.
    await expect(signer.page.getByLabel(t.sign.email, { exact: true })).toHaveValue(s.email);
    await signer.close();
  }

  // A supporter in London, with JavaScript: the page's one script, the self-hosted solver,
  // fetches the challenge and solves it, and the queue the others are stuck in does not hold her up.
  const en = strings("en");
  const london = await signerPage(browser, baseURL, true);
  const scripts: string[] = [];
  london.page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  const challenge = london.page.waitForResponse((r) => new URL(r.url()).pathname === `/en/campaigns/${slug}/challenge`);
  const pageAnswer = await london.page.goto(`/en/campaigns/${slug}`);
  expect(pageAnswer!.headers()["content-security-policy"]).toContain("script-src 'self';");
  expect((await challenge).status()).toBe(200);
  await expect(london.page.getByRole("status")).toHaveText(en.sign.powSolved, { timeout: 30_000 });
  expect(scripts).toEqual(["/pow.js"]);
  const address = newAddress("attack-london");
  await london.page.getByLabel(en.sign.name, { exact: true }).fill("A supporter in London");
  await london.page.getByLabel(en.sign.email, { exact: true }).fill(address);
  await london.page.getByLabel(en.sign.country, { exact: true }).selectOption("GB");
  // The browser posts the form itself, the solution in its hidden field.
  const posted = london.page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === `/en/campaigns/${slug}`);
  await london.page.getByRole("button", { name: en.sign.submit }).click();
  const post = await posted;
  expect(post.resourceType()).toBe("document");
  expect(new URLSearchParams(post.postData() ?? "").get("altcha")).toMatch(/^[A-Za-z0-9+/]+=*$/);
  await expect(london.page.getByRole("heading", { level: 1 })).toHaveText(en.checkInbox.title);
  expect(await apiCount(page.request, slug)).toBe(0);

  const [mail] = await mailTo(address);
  const { confirmUrl } = expectNeutralMail(mail, "en", [title, slug]);
  await confirmFromMail(london.page, confirmUrl, "en");
  await expect(london.page.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
  await expect(london.page.getByTestId("total")).toHaveText(plural(en.thanks, "total", 1, "en"));
  await london.close();
  // Counted: she alone confirmed.
  expect(await apiCount(page.request, slug)).toBe(1);
  // Those turned away left nothing behind: no signature, so no mail.
  for (const s of turnedAway) expect((await receivedMail()).filter((m) => m.envelopeTo.includes(s.email))).toHaveLength(0);

  // The attack is over: the queue back to its usual size, both settings off again.
  await setQueue(page, usual.points, usual.seconds);
  await page.goto(`/dashboard/campaigns/${slug}/settings`);
  await page.getByLabel(d.form.neutralMail, { exact: true }).uncheck();
  await page.getByLabel(d.form.powRequired, { exact: true }).uncheck();
  await page.getByRole("button", { name: d.form.save }).click();
  await expect(page.getByRole("status")).toHaveText(d.form.saved);
  await page.reload();
  await expect(page.getByLabel(d.form.neutralMail, { exact: true })).not.toBeChecked();
  await expect(page.getByLabel(d.form.powRequired, { exact: true })).not.toBeChecked();

  // And it shows: a signer without JavaScript signs at once (the queue, still full, no longer
  // applies) and is sent the ordinary mail, which names the campaign.
  await pastPageCache();
  const after = await signerPage(browser, baseURL, false);
  const later = newAddress("attack-after");
  await signOn(after.page, "en", slug, { name: "A signer in Jakarta", email: later, country: "ID" });
  await after.close();
  const [ordinary] = await mailTo(later);
  expect(ordinary.subject).toBe(fill(emailStrings("en").confirm.subject, { title }));
  expect(ordinary.from?.value).toEqual([{ name: "Padauk", address: "no-reply@localhost" }]);
});
