import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { confirmFromMail, dashboardStrings, linkIn, mailTo, newAddress, plural, setPasswordAndLogIn, strings } from "./support";

const run = promisify(execFile);
const dash = dashboardStrings("en");

test.use({ javaScriptEnabled: false });

test("a signer who asked for news gets the organiser's update in Burmese and stops further news with JavaScript disabled", async ({
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

  // An administrator posts news in English and Burmese.
  const env = { ...process.env, ...JSON.parse(process.env.E2E_SERVER_ENV!) };
  const admin = newAddress("news-admin");
  const { stdout } = await run(process.execPath, ["--import", "tsx", "app/cli/organiser-create.ts", "--email", admin, "--role", "admin"], { env });
  await setPasswordAndLogIn(page, stdout.trim().split("\n").pop()!, admin, "news travels by slow roads too");
  await page.goto("/dashboard/campaigns/icc-referral/updates");
  await page.locator("#u-title-en").fill("The referral is on the agenda");
  await page.locator("#u-body-en").fill("A member raised the **referral** in the Council.");
  await page.locator("#u-title-my").fill("လွှဲပြောင်းရေးကိစ္စ အစီအစဉ်တွင် ပါဝင်လာပြီ");
  await page.locator("#u-body-my").fill("ကောင်စီတွင် အဖွဲ့ဝင်တစ်ဦးက တင်ပြခဲ့သည်။");
  await page.getByRole("button", { name: dash.updates.post }).click();
  // One mail: she is the only signer of this campaign who asked for news (no other spec ticks that box).
  await expect(page.getByRole("status")).toHaveText(plural(dash.updates, "queued", 1, "en"));

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
  // Nobody left to tell: the only signer who asked for news has stopped them.
  await expect(page.getByRole("status")).toHaveText(plural(dash.updates, "queued", 0, "en"));
  await page.waitForTimeout(2000);
  await mailTo(address, 2); // still two: nothing new reached the unsubscribed signer
});
