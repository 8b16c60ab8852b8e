import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { confirmFromMail, dashboardStrings, fill, linkIn, mailTo, newAddress, organiserCreate, plural, setPasswordAndLogIn, strings } from "./support";

const run = promisify(execFile);
const dash = dashboardStrings("en");

test.use({ javaScriptEnabled: false });

test("an organiser previews the news, sends a test to herself, reads it in the SMTP catcher, then sends to 1 signer, who reads it in Burmese and stops further news, all with JavaScript disabled", async ({
  page,
  browser,
  baseURL,
}) => {
  // A signer in Mandalay signs and asks for news.
  const my = strings("my");
  const signer = await browser.newContext({ javaScriptEnabled: false });
  const sp = await signer.newPage();
  const address = newAddress("news");
  await sp.goto(`${baseURL}/my/campaigns/icc-referral`);
  await sp.getByLabel(my.sign.name, { exact: true }).fill("မမြ");
  await sp.getByLabel(my.sign.email, { exact: true }).fill(address);
  await sp.getByLabel(my.sign.country, { exact: true }).selectOption("MM");
  await sp.getByLabel(my.sign.consentUpdates, { exact: true }).check();
  await sp.getByRole("button", { name: my.sign.submit }).click();
  const [confirm] = await mailTo(address);
  await confirmFromMail(sp, linkIn(confirm, /\/my\/confirm\//), "my");

  // An organiser previews news in English and Burmese, sends a test to herself, then sends it.
  const env = { ...process.env, ...JSON.parse(process.env.E2E_SERVER_ENV!) };
  const admin = newAddress("news-admin");
  const { stdout } = await run(process.execPath, ["--import", "tsx", "app/cli/organiser-create.ts", "--email", admin, "--role", "admin"], { env });
  await setPasswordAndLogIn(page, stdout.trim().split("\n").pop()!, admin, "news travels by slow roads too");
  await page.goto("/dashboard/campaigns/icc-referral/updates");
  await page.locator("#u-title-en").fill("The referral is on the agenda");
  await page.locator("#u-body-en").fill("A member raised the **referral** in the [Council](https://example.org/council).");
  await page.locator("#u-title-my").fill("လွှဲပြောင်းရေးကိစ္စ အစီအစဉ်တွင် ပါဝင်လာပြီ");
  await page.locator("#u-body-my").fill("ကောင်စီတွင် အဖွဲ့ဝင်တစ်ဦးက **တင်ပြ**ခဲ့သည်။");

  // "Preview" keeps what was typed and shows it as the campaign page would; nothing is stored.
  await page.getByRole("button", { name: dash.form.preview, exact: true }).click();
  await expect(page.locator("#u-title-en")).toHaveValue("The referral is on the agenda");
  await expect(page.getByTestId("preview-en").locator("strong")).toHaveText("referral");
  await expect(page.getByTestId("preview-my").locator("strong")).toHaveText("တင်ပြ");
  await page.getByRole("button", { name: dash.updates.post }).click();

  // The confirmation: nothing sent yet, one Burmese reader, the mail as she will get it.
  await expect(page).toHaveURL(/\?draft=\d+$/);
  // One h1 on the page: the mail's own heading sits under the language's.
  await expect(page.locator("h1")).toHaveCount(1);
  const burmese = page.getByTestId("audience-my");
  await expect(burmese.getByRole("heading", { level: 3 })).toHaveText(plural(dash.updates, "audience", 1, "en", { language: "Burmese" }));
  await expect(page.getByTestId("news-confirmation").getByRole("heading", { level: 3 })).toHaveCount(1);
  await expect(burmese.getByTestId("mail-text-my")).toContainText("ကောင်စီတွင် အဖွဲ့ဝင်တစ်ဦးက တင်ပြခဲ့သည်။");
  await expect(burmese.getByTestId("mail-html-my").locator("strong")).toHaveText("တင်ပြ");
  await page.getByRole("button", { name: dash.updates.sendTest }).click();
  await expect(page.getByRole("status")).toHaveText(fill(dash.updates.testQueued, { email: admin }));
  const [test] = await mailTo(admin);
  // Her dashboard speaks English: the test is the English version, marked as a test.
  expect(test.subject).toBe("[Test] The referral is on the agenda");
  expect(test.text).toContain("A member raised the referral in the Council (https://example.org/council).");
  await page.waitForTimeout(1500);
  await mailTo(address, 1); // the signer still has only her confirmation mail

  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const draftUrl = page.url();
  const draft = new URL(draftUrl).searchParams.get("draft")!;
  await page.getByRole("button", { name: plural(dash.updates, "confirmSend", 1, "en") }).click();
  // One mail: she is the only signer of this campaign who asked for news (no other spec ticks that box).
  await expect(page.getByRole("status")).toHaveText(plural(dash.updates, "queued", 1, "en"));
  await expect(page.getByTestId("news-confirmation")).toHaveCount(0);
  // The same confirm again (a resent form) sends nothing more.
  const again = await page.request.post(draftUrl, { form: { csrf, intent: "confirm", draft }, headers: { Origin: baseURL! } });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain(dash.updates.alreadySent);

  // The news arrives in Burmese and shows on the campaign page.
  const [, news] = await mailTo(address, 2);
  expect(news.subject).toBe("လွှဲပြောင်းရေးကိစ္စ အစီအစဉ်တွင် ပါဝင်လာပြီ");
  await sp.goto(`${baseURL}/my/campaigns/icc-referral`);
  await expect(sp.getByRole("heading", { name: "လွှဲပြောင်းရေးကိစ္စ အစီအစဉ်တွင် ပါဝင်လာပြီ" })).toBeVisible();

  // One click (well, two without JavaScript: the link, then the button) and no more news.
  await sp.goto(linkIn(news, /\/unsubscribe\//));
  await expect(sp.getByRole("heading", { level: 1 })).toHaveText(my.unsubscribe.title);
  await sp.getByRole("button", { name: my.unsubscribe.button }).click();
  await expect(sp.getByRole("heading", { level: 1 })).toHaveText(my.unsubscribe.doneTitle);
  await signer.close();

  await page.goto("/dashboard/campaigns/icc-referral/updates");
  await page.locator("#u-title-en").fill("Second news");
  await page.locator("#u-body-en").fill("More.");
  await page.getByRole("button", { name: dash.updates.post }).click();
  await page.getByRole("button", { name: plural(dash.updates, "confirmSend", 0, "en") }).click();
  // Nobody left to tell: the only signer who asked for news has stopped them.
  await expect(page.getByRole("status")).toHaveText(plural(dash.updates, "queued", 0, "en"));
  await page.waitForTimeout(2000);
  await mailTo(address, 2); // still two: nothing new reached the unsubscribed signer
  await mailTo(admin, 1); // and the organiser got her one test only
});

test("an organiser previews a campaign text as the public page renders it, and nothing is saved", async ({ page }) => {
  const admin = newAddress("preview-admin");
  await setPasswordAndLogIn(page, await organiserCreate(admin, "admin"), admin, "a preview saves nothing at all");
  await page.goto("/dashboard/campaigns/icc-referral/translations/en");
  const body = page.locator("#tr-body");
  const saved = await body.inputValue();
  await body.fill("## Why now\n\nThe **Court** can act. Read [the statute](https://example.org/statute).");
  await page.getByRole("button", { name: dash.form.preview, exact: true }).click();
  const preview = page.getByTestId("body-preview");
  await expect(preview.getByRole("heading", { level: 2, name: "Why now" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("Court");
  await expect(preview.getByRole("link", { name: "the statute" })).toHaveAttribute("href", "https://example.org/statute");
  await expect(body).toHaveValue("## Why now\n\nThe **Court** can act. Read [the statute](https://example.org/statute).");
  await page.goto("/dashboard/campaigns/icc-referral/translations/en");
  await expect(page.locator("#tr-body")).toHaveValue(saved);
});
