import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { confirmFromMail, linkIn, mailTo, newAddress, signOn, strings } from "./support";

/** Every request the page makes, by origin. */
function recordOrigins(page: Page): Set<string> {
  const origins = new Set<string>();
  page.on("request", (r) => origins.add(new URL(r.url()).origin));
  return origins;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });
    test("a reader in Mandalay loads the campaign page without any request to another host", async ({ page, baseURL }) => {
      const origins = recordOrigins(page);
      await page.goto("/my/campaigns/arms-embargo", { waitUntil: "networkidle" });
      // The Burmese text made the browser fetch the self-hosted font.
      const fonts = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter((n) => n.includes(".woff")),
      );
      expect(fonts.length).toBeGreaterThan(0);
      expect([...origins]).toEqual([new URL(baseURL!).origin]);
    });
  });
}

test("the campaign page tells apart text shown in a fallback language", async ({ page }) => {
  const th = strings("th");
  await page.goto("/th/campaigns/icc-referral");
  await expect(page.locator("html")).toHaveAttribute("lang", "th");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "en");
  await expect(page.getByText(th.campaign.translationMissing.split("{{")[0].trim())).toBeVisible();
  // The switcher offers the languages this campaign is written in.
  const switcher = page.getByRole("navigation", { name: th.language.label });
  await expect(switcher.getByRole("link")).toHaveText(["English", "Español", "Français", "မြန်မာ"]);
});

test("a visitor is sent to their language and the switcher remembers an explicit choice", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: "my-MM", extraHTTPHeaders: { "Accept-Language": "my-MM,my;q=0.9" } });
  const page = await context.newPage();
  await page.goto(baseURL + "/");
  expect(new URL(page.url()).pathname).toBe("/my/");
  await expect(page.locator("html")).toHaveAttribute("lang", "my");
  await page
    .getByRole("navigation", { name: strings("my").language.label })
    .getByRole("link", { name: "Français" })
    .click();
  expect(new URL(page.url()).pathname).toBe("/fr/");
  await page.goto(baseURL + "/");
  expect(new URL(page.url()).pathname).toBe("/fr/");
  await context.close();
});

test("axe finds no serious or critical problem on the home, campaign, check-inbox and thank-you pages", async ({ page }) => {
  const en = strings("en");
  const check = async (label: string) => {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${label}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
  };
  for (const lng of ["en", "my"]) {
    await page.goto(`/${lng}/`);
    await check(`${lng} home`);
    await page.goto(`/${lng}/campaigns/free-political-prisoners`);
    await check(`${lng} campaign`);
  }
  const address = newAddress("axe");
  await signOn(page, "en", "free-political-prisoners", { name: "A careful reader", email: address, country: "ID" });
  await check("check inbox");
  const [mail] = await mailTo(address);
  await confirmFromMail(page, linkIn(mail, /\/en\/confirm\//), "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
  await check("thank-you");
  await page.getByRole("link", { name: en.write.cta }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.write.heading);
  await check("composer, country step");
  await page.getByLabel(en.sign.country, { exact: true }).selectOption("GB");
  await page.getByRole("button", { name: en.write.findTargets }).click();
  await expect(page.getByLabel(en.write.subject, { exact: true })).toBeVisible();
  await check("composer, letter");
  // The form with errors, too.
  await page.goto("/en/campaigns/free-political-prisoners");
  await page.getByRole("button", { name: en.sign.submit }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await check("form errors");
});

test("the API and health check answer without personal data", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ ok: true });
  const list = await (await request.get("/api/v1/campaigns")).json();
  // The four seeded campaigns at least (organisers' tests open more).
  expect(list.campaigns.map((c: { slug: string }) => c.slug)).toEqual(
    expect.arrayContaining(["arms-embargo", "icc-referral", "asean-engage-nug", "free-political-prisoners"]),
  );
  for (const c of list.campaigns) {
    expect(Object.keys(c)).toEqual(expect.arrayContaining(["slug", "status", "goal", "signatureCount", "titles"]));
    // The seeded campaigns are complete in English and Burmese.
    if (["arms-embargo", "icc-referral", "asean-engage-nug", "free-political-prisoners"].includes(c.slug)) {
      expect(Object.keys(c.titles)).toEqual(expect.arrayContaining(["en", "my"]));
    }
  }
  const one = await request.get("/api/v1/campaigns/arms-embargo");
  expect(one.headers()["cache-control"]).toContain("max-age");
  const body = await one.json();
  expect(typeof body.signaturesByCountry).toBe("object");
  for (const [country, count] of Object.entries(body.signaturesByCountry)) {
    if (country !== "other") expect(count as number).toBeGreaterThanOrEqual(10);
  }
  expect(JSON.stringify(body)).not.toMatch(/@example\.org/);
  expect((await request.get("/api/v1/campaigns/nope")).status()).toBe(404);
});

test("no page raises a script error in any language, and the login page hydrates what the server rendered", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  for (const lng of ["en", "my", "th", "id", "fr", "es"]) {
    for (const path of [
      `/${lng}/`,
      `/${lng}/campaigns/arms-embargo`,
      `/${lng}/campaigns/arms-embargo/write`,
      `/${lng}/campaigns/free-political-prisoners/write?country=GB`,
    ]) {
      await page.goto(path, { waitUntil: "networkidle" });
    }
  }
  // The login page hydrates; a mismatch between the server's HTML and the client's would throw.
  await page.goto("/login", { waitUntil: "networkidle" });
  expect(await page.evaluate(() => typeof (window as unknown as { __remixContext?: object }).__remixContext)).toBe("object");
  expect(errors).toEqual([]);
});

test("public pages run no script at all, and the dashboard's scripts carry the nonce of a strict policy", async ({ page, request }) => {
  const res = await request.get("/en/campaigns/arms-embargo");
  const h = res.headers();
  const csp = h["content-security-policy"];
  expect(csp).toContain("default-src 'self'");
  // A public page is HTML and CSS: its policy allows no script whatever is injected into it.
  expect(csp).toContain("script-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["permissions-policy"]).toContain("camera=()");
  const html = await res.text();
  expect(html.match(/<script/g)).toBeNull();
  expect(html).not.toContain("__remixContext");

  // The login page is the dashboard's door and hydrates: its scripts carry the header's nonce,
  // which is new for every answer.
  const login = await request.get("/login");
  const loginCsp = login.headers()["content-security-policy"];
  expect(loginCsp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(loginCsp).not.toMatch(/script-src[^;]*unsafe-inline/);
  const nonce = /'nonce-([^']+)'/.exec(loginCsp)![1];
  const loginHtml = await login.text();
  // Every script the browser would run (the strings for i18next are data, not code).
  const scripts = (loginHtml.match(/<script\b[^>]*>/g) ?? []).filter((tag) => !tag.includes('type="application/json"'));
  expect(scripts.length).toBeGreaterThan(1);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
  const again = (await request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toBe(loginCsp);

  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  for (const path of ["/en/", "/my/campaigns/arms-embargo", "/en/campaigns/arms-embargo/write", "/login"]) {
    await page.goto(path, { waitUntil: "networkidle" });
  }
  // On the login page the client took over (so its scripts ran under the policy).
  expect(await page.evaluate(() => typeof (window as unknown as { __remixContext?: object }).__remixContext)).toBe("object");
  expect(violations).toEqual([]);
});
