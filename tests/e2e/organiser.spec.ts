import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { confirmFromMail, dashboardStrings, formatNumber, linkIn, mailTo, newAddress, setPasswordAndLogIn, signOn } from "./support";

const dashboard = dashboardStrings("en");

const run = promisify(execFile);

/** `npm run organiser:create` against the running e2e server's data, as an operator would type it. */
async function organiserCreate(email: string, role: string): Promise<string> {
  const env = { ...process.env, ...JSON.parse(process.env.E2E_SERVER_ENV!) };
  const { stdout } = await run(process.execPath, ["--import", "tsx", "app/cli/organiser-create.ts", "--email", email, "--role", role], { env });
  return stdout.trim().split("\n").pop()!;
}

test.use({ javaScriptEnabled: false });

test("an administrator created on the command line sets a password, logs in, sees a new signature on the dashboard and exports it", async ({
  page,
  browser,
}) => {
  const admin = newAddress("admin");
  // The server is running: on the embedded database the command hands its request to it.
  const link = await organiserCreate(admin, "admin");
  expect(link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);

  await page.goto(new URL(link).pathname);
  await page.getByLabel(dashboard.setPassword.password, { exact: true }).fill("short");
  await page.getByLabel(dashboard.setPassword.confirm, { exact: true }).fill("short");
  await page.getByRole("button", { name: dashboard.setPassword.submit }).click();
  await expect(page.getByRole("alert")).toHaveText(dashboard.errors.passwordTooShort.replace("{{min}}", "12"));
  // Long enough, and still one of the first guesses of any attacker.
  await page.getByLabel(dashboard.setPassword.password, { exact: true }).fill("password1234");
  await page.getByLabel(dashboard.setPassword.confirm, { exact: true }).fill("password1234");
  await page.getByRole("button", { name: dashboard.setPassword.submit }).click();
  await expect(page.getByRole("alert")).toHaveText(dashboard.errors.passwordWeak);
  const password = "seven green lanterns over Mandalay";
  await page.getByLabel(dashboard.setPassword.password, { exact: true }).fill(password);
  await page.getByLabel(dashboard.setPassword.confirm, { exact: true }).fill(password);
  await page.getByRole("button", { name: dashboard.setPassword.submit }).click();
  // Setting the password logs the new organiser in.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(dashboard.nav.signedInAs.replace("{{email}}", admin).replace("{{role}}", dashboard.roles.admin))).toBeVisible();
  // The link works once.
  expect((await page.goto(new URL(link).pathname))!.status()).toBe(410);
  await page.context().clearCookies();

  // Anonymous visitors to the dashboard are sent to the login page, and back after it.
  await page.goto("/dashboard/campaigns/arms-embargo");
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel(dashboard.login.email, { exact: true }).fill(admin);
  await page.getByLabel(dashboard.login.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: dashboard.login.submit }).click();
  await expect(page).toHaveURL(/\/dashboard\/campaigns\/arms-embargo$/);
  const before = Number((await page.getByTestId("confirmed").textContent())!.replace(/\D/g, ""));
  const hourlyBefore = (await page.getByTestId("chart-value").allTextContents())
    .slice(0, 48)
    .map(Number)
    .reduce((a, b) => a + b, 0);

  // A supporter signs, through a partner's link, in another browser.
  const signer = await browser.newContext({ javaScriptEnabled: false, baseURL: page.url().replace(/\/dashboard.*$/, "") });
  const signerPage = await signer.newPage();
  const address = newAddress("dashboard-signer");
  await signOn(signerPage, "en", "arms-embargo", { name: "A signer the organiser will see", email: address, country: "ID" }, "?source=partner-x");
  const [mail] = await mailTo(address);
  await confirmFromMail(signerPage, linkIn(mail, /\/en\/confirm\//), "en");
  await signer.close();

  await page.reload();
  await expect(page.getByTestId("confirmed")).toHaveText(new Intl.NumberFormat("en").format(before + 1));
  const hourlyAfter = (await page.getByTestId("chart-value").allTextContents())
    .slice(0, 48)
    .map(Number)
    .reduce((a, b) => a + b, 0);
  expect(hourlyAfter).toBe(hourlyBefore + 1);
  await expect(page.locator("svg[role=img]").first()).toBeVisible();
  // The partner's tag shows where the signature came from: one row, and its count is exactly 1.
  const partnerRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "partner-x", exact: true }) });
  await expect(partnerRow).toHaveCount(1);
  await expect(partnerRow.getByRole("cell")).toHaveText(formatNumber(1, "en"));

  // The export is a plain link answering CSV with a header row; the download is audited.
  const response = await page.request.get("/dashboard/campaigns/arms-embargo/signatures.csv");
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const csv = (await response.text()).replace("\uFEFF", "");
  expect(csv.split("\n")[0]).toBe("name,country,language,confirmed_at,email");
  expect(csv).toContain("A signer the organiser will see,ID,en,");
  // The audit log names who exported what and how many rows: every confirmed signature, the new one included.
  await page.goto("/dashboard/audit");
  const adminRows = page
    .getByTestId("audit")
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: admin, exact: true }) });
  // Setting the password is on record too, then the export.
  await expect(adminRows.getByRole("cell", { name: "organiser.password_set", exact: true })).toHaveCount(1);
  const exportRow = adminRows.filter({ has: page.getByRole("cell", { name: "export.signatures_with_email", exact: true }) });
  await expect(exportRow).toHaveCount(1);
  await expect(exportRow.getByRole("cell")).toHaveText([
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    admin,
    "export.signatures_with_email",
    "arms-embargo",
    String(before + 1),
  ]);
});

test("an administrator invites a new organiser, who gets the link by mail, chooses a password and logs in", async ({ page, browser }) => {
  const admin = newAddress("inviting-admin");
  await setPasswordAndLogIn(page, await organiserCreate(admin, "admin"), admin, "a lantern by the Irrawaddy at dusk");
  await expect(page).toHaveURL(/\/dashboard$/);

  const invitee = newAddress("invited-organiser");
  await page.goto("/dashboard/organisers");
  await page.getByLabel(dashboard.login.email, { exact: true }).fill(invitee);
  await page.getByRole("button", { name: dashboard.organisers.inviteButton }).click();
  await expect(page.getByRole("status")).toContainText(dashboard.organisers.mailed.replace("{{email}}", invitee));
  const shown = await page.getByTestId("invite-link").textContent();

  // The new organiser, in a browser of their own, reads the mail and follows its link.
  const [mail] = await mailTo(invitee);
  const link = linkIn(mail, /\/set-password\/[A-Za-z0-9_-]{43}/);
  expect(link).toBe(shown);
  const other = await browser.newContext({ javaScriptEnabled: false, baseURL: page.url().replace(/\/dashboard.*$/, "") });
  const newcomer = await other.newPage();
  await setPasswordAndLogIn(newcomer, link, invitee, "monsoon letters from a quiet harbour");
  await expect(newcomer).toHaveURL(/\/dashboard$/);
  await other.close();
});
