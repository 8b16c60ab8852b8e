import { expect, test } from "@playwright/test";
import { startServer } from "../helpers/server";
import { newAddress, signOn, strings } from "./support";

test("a new user starting Padauk reads one line saying where it listens, which database and where mail goes", async ({ baseURL }) => {
  const line = process.env.E2E_STARTUP_LINE ?? "";
  const port = new URL(baseURL!).port;
  expect(line).toContain(`Padauk listening on http://localhost:${port}`);
  expect(line).toMatch(process.env.DATABASE_URL ? /database: postgres:\/\/127\.0\.0\.1:5432\/padauk_test_/ : /database: embedded PGlite in \S+\/pg/);
  expect(line).toMatch(/mail via smtp:\/\/127\.0\.0\.1:\d+/);
  expect(line).not.toMatch(/postgres:\/\/[^@\s]*@/); // never prints credentials
});

test("a new user without an SMTP server reads the captured mail at /dev/mail and confirms from it", async ({ browser }) => {
  // Its own server, started as `npm start` starts it on a fresh machine: no SMTP_URL.
  const server = await startServer();
  try {
    expect(server.startupLine).toContain(`mail captured, read it at http://localhost:${new URL(server.baseUrl).port}/dev/mail`);
    const context = await browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false });
    const page = await context.newPage();
    const en = strings("en");
    const address = newAddress("devmail");
    await signOn(page, "en", "icc-referral", { name: "A new user", email: address, country: "FR" });
    await expect(async () => {
      await page.goto("/dev/mail");
      await expect(page.getByRole("row").filter({ hasText: address })).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("row").filter({ hasText: address }).getByRole("link").click();
    // The confirmation link in the mail's text is a real link in the viewer.
    await page.locator("pre.mail-body a", { hasText: "/en/confirm/" }).click();
    await page.getByRole("button", { name: en.confirmSignature.button, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
    await context.close();
  } finally {
    await server.stop();
  }
});
