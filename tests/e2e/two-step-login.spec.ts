import { expect, test, type Browser } from "@playwright/test";
import { totpCode } from "../../app/models/totp.server";
import { dashboardStrings, newAddress, organiserCreate, setPasswordAndLogIn } from "./support";

const d = dashboardStrings("en");

/**
 * An organiser turns on two-step login in the browser, then logs in with password and code. The
 * code page used to render the password form again (it was nested in the login route, which has
 * no outlet), so nobody with two-step login on could get in through a browser.
 */
async function organiserWithTwoStepLogin(browser: Browser, javaScriptEnabled: boolean) {
  const email = newAddress(javaScriptEnabled ? "two-step" : "two-step-nojs");
  const password = "paper lanterns along the Chindwin river";
  const context = await browser.newContext({ javaScriptEnabled, baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  await setPasswordAndLogIn(page, await organiserCreate(email, "organiser"), email, password);

  await page.getByRole("link", { name: d.nav.security, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: d.totp.status.off })).toHaveText(d.totp.status.off);
  await page.getByRole("button", { name: d.totp.begin, exact: true }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const enabledAt = Date.now();
  await page.getByLabel(d.totp.code, { exact: true }).fill(totpCode(secret, enabledAt));
  await page.getByRole("button", { name: d.totp.confirm, exact: true }).click();
  await expect(page.getByText(d.totp.changed.on, { exact: true })).toBeVisible();
  await expect(page.getByText(d.totp.status.on, { exact: true })).toBeVisible();
  return { email, password, secret, enabledAt, context, page };
}

for (const javaScriptEnabled of [true, false]) {
  test(`an organiser with two-step login logs in with password and code (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser }) => {
    const o = await organiserWithTwoStepLogin(browser, javaScriptEnabled);
    const { page } = o;

    // Without a current code, the second factor cannot be moved or removed from this session.
    const reenrol = page.locator("form").filter({ has: page.getByRole("button", { name: d.totp.reenrol, exact: true }) });
    await reenrol.getByLabel(d.totp.code, { exact: true }).fill("000000");
    await reenrol.getByRole("button", { name: d.totp.reenrol, exact: true }).click();
    await expect(page.getByRole("alert")).toHaveText(d.totp.wrong);
    await expect(page.getByTestId("totp-secret")).toHaveCount(0);
    await expect(page.getByText(d.totp.status.on, { exact: true })).toBeVisible();

    await page.getByRole("button", { name: d.nav.logout, exact: true }).click();
    await page.goto("/login");
    await page.getByLabel(d.login.email, { exact: true }).fill(o.email);
    await page.getByLabel(d.login.password, { exact: true }).fill(o.password);
    await page.getByRole("button", { name: d.login.submit, exact: true }).click();

    // The code page: its own heading and one field, not the password form again.
    await expect(page).toHaveURL(/\/login\/code\?next=%2Fdashboard$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(d.totp.loginTitle);
    await expect(page.getByLabel(d.login.password, { exact: true })).toHaveCount(0);
    await page.getByLabel(d.totp.code, { exact: true }).fill("123456");
    await page.getByRole("button", { name: d.login.submit, exact: true }).click();
    await expect(page.getByRole("alert")).toHaveText(d.totp.wrong);
    // The next step's code (the one that turned it on cannot be used twice).
    await page.getByLabel(d.totp.code, { exact: true }).fill(totpCode(o.secret, o.enabledAt + 30_000));
    await page.getByRole("button", { name: d.login.submit, exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.locator("nav.dashboard-nav .hint")).toHaveText(d.nav.signedInAs.replace("{{email}}", o.email).replace("{{role}}", d.roles.organiser));
    await o.context.close();
  });
}
