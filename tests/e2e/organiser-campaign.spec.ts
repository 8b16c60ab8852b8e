import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { confirmFromMail, dashboardStrings, fill as withValues, linkIn, mailTo, newAddress, setPasswordAndLogIn, signOn, strings } from "./support";

const run = promisify(execFile);
const en = dashboardStrings("en");

async function organiserCreate(email: string, role: string): Promise<string> {
  const env = { ...process.env, ...JSON.parse(process.env.E2E_SERVER_ENV!) };
  const { stdout } = await run(process.execPath, ["--import", "tsx", "app/cli/organiser-create.ts", "--email", email, "--role", role], { env });
  return stdout.trim().split("\n").pop()!;
}

async function newOrganiser(page: Page): Promise<void> {
  const email = newAddress("organiser");
  const link = await organiserCreate(email, "organiser");
  await setPasswordAndLogIn(page, link, email, "a quiet river under teak trees");
  await expect(page).toHaveURL(/\/dashboard$/);
}

async function fill(page: Page, fields: Record<string, string>) {
  for (const [field, value] of Object.entries(fields)) await page.getByLabel(en.translations.fields[field], { exact: true }).fill(value);
  await page.getByRole("button", { name: en.form.save }).click();
  await expect(page.getByRole("status")).toHaveText(en.form.saved);
}

test("an organiser creates a campaign, translates it into Burmese, publishes it and watches a signature arrive", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  await newOrganiser(page);
  const slug = `journalists-${Date.now().toString(36)}`;
  await page.getByRole("link", { name: en.campaigns.new }).click();
  // The title first; the address left empty is suggested from it, and nothing is created yet.
  await page.getByLabel(en.translations.fields.title, { exact: true }).fill("Protect the journalists who fled");
  await page.getByLabel(en.form.goal, { exact: true }).fill("500");
  await page.getByRole("button", { name: en.form.create }).click();
  const addressField = page.getByLabel(en.form.slug, { exact: true });
  await expect(addressField).toHaveValue(/^protect-the-journalists-who-fled(-\d+)?$/);
  await expect(page.getByRole("status")).toHaveText(withValues(en.form.slugSuggested, { slug: await addressField.inputValue() }));
  expect((await page.request.get(`/dashboard/campaigns/${await addressField.inputValue()}`)).status()).toBe(404);
  // An addressField that is not one is refused, with a suggestion in its place.
  await addressField.fill("Journalists Who Fled!");
  await page.getByRole("button", { name: en.form.create }).click();
  await expect(page.getByText(en.errors.slugInvalid, { exact: true })).toBeVisible();
  await expect(addressField).toHaveValue(/^journalists-who-fled(-\d+)?$/);
  await expect(page.getByLabel(en.translations.fields.title, { exact: true })).toHaveValue("Protect the journalists who fled");
  await addressField.fill(slug);
  await page.getByRole("button", { name: en.form.create }).click();
  // The dashboard names it by its title, with a bar to every page of the campaign.
  await expect(page.getByTestId("campaign-title")).toHaveText("Protect the journalists who fled");
  await expect(page.getByRole("navigation", { name: en.campaign.pages }).getByRole("link")).toHaveText([
    en.campaign.overview,
    en.campaign.translations,
    en.campaign.updates,
    en.campaign.moderation,
    en.campaign.partners,
    en.campaign.paper,
    en.campaign.settings,
    en.campaign.preview,
  ]);

  // The default language first: a draft cannot open while it is incomplete.
  await fill(page, { title: "Protect the journalists who fled", summary: "Give visas and safety to reporters at risk." });
  await page.goto(`/dashboard/campaigns/${slug}/settings`);
  await page.getByLabel(en.form.status, { exact: true }).selectOption("open");
  await page.getByRole("button", { name: en.form.save }).click();
  await expect(page.getByRole("alert")).toContainText(en.errors.defaultIncomplete.split("{{")[0].trim());

  await page.goto(`/dashboard/campaigns/${slug}/translations/en`);
  await fill(page, {
    body: "Many reporters had to **flee** the country.\n\nWe ask governments to [give them visas](https://example.org/visas).",
    demand: "Issue emergency visas to journalists at risk.",
    addressed_to: "Governments everywhere",
  });

  // A draft is not public, but its organiser can preview it.
  const anonymous = await browser.newContext();
  expect((await (await anonymous.newPage()).goto(`${baseURL}/en/campaigns/${slug}`))!.status()).toBe(404);
  await page.goto(`/en/campaigns/${slug}`);
  await expect(page.locator(".notice.preview")).toContainText("Preview");

  // The Burmese translation, side by side with the English; the dashboard names languages in its own language.
  const burmese = strings("en").language.names.my;
  await page.goto(`/dashboard/campaigns/${slug}/translations`);
  await expect(page.getByTestId("translations").getByRole("row").filter({ hasText: burmese })).toContainText(en.translations.notStarted);
  await page.getByRole("link", { name: en.translations.editLanguage.replace("{{language}}", burmese) }).click();
  // The English beside each field, to translate from (the desk's title bar names it too).
  await expect(page.locator(".reference-text").getByText("Protect the journalists who fled", { exact: true })).toBeVisible();
  await fill(page, {
    title: "ထွက်ပြေးလာရသော သတင်းထောက်များကို ကာကွယ်ပါ",
    summary: "အန္တရာယ်ရှိသော သတင်းထောက်များအား ဗီဇာနှင့် လုံခြုံရေး ပေးပါ။",
    body: "သတင်းထောက် အများအပြား နိုင်ငံမှ ထွက်ပြေးခဲ့ရသည်။",
    demand: "အန္တရာယ်ရှိသော သတင်းထောက်များအား အရေးပေါ် ဗီဇာ ထုတ်ပေးပါ။",
    addressed_to: "ကမ္ဘာတစ်ဝှမ်းရှိ အစိုးရများ",
  });
  await page.goto(`/dashboard/campaigns/${slug}/translations`);
  await expect(page.getByTestId("translations").getByRole("row").filter({ hasText: burmese })).toContainText(en.translations.complete);

  // Publish.
  await page.goto(`/dashboard/campaigns/${slug}/settings`);
  await page.getByLabel(en.form.status, { exact: true }).selectOption("open");
  await page.getByRole("button", { name: en.form.save }).click();
  await expect(page.getByRole("status")).toHaveText(en.form.saved);

  // A reader in Yangon signs the new campaign in Burmese.
  const reader = await anonymous.newPage();
  await reader.goto(`${baseURL}/my/campaigns/${slug}`);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText("ထွက်ပြေးလာရသော သတင်းထောက်များကို ကာကွယ်ပါ");
  const address = newAddress("new-campaign-signer");
  await signOn(reader, "my", slug, { name: "ကိုဇော်", email: address, country: "MM" });
  const [mail] = await mailTo(address);
  await confirmFromMail(reader, linkIn(mail, /\/my\/confirm\//), "my");
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(strings("my").thanks.title);
  await anonymous.close();

  await page.goto(`/dashboard/campaigns/${slug}`);
  await expect(page.getByTestId("confirmed")).toHaveText("1");
  expect(
    (await page.getByTestId("chart-value").allTextContents())
      .slice(0, 48)
      .map(Number)
      .reduce((a, b) => a + b, 0),
  ).toBe(1);
  const csv = await (await page.request.get(`/dashboard/campaigns/${slug}/signatures.csv`)).text();
  // An organiser's export: no email column, the name as given.
  expect(csv.replace("\uFEFF", "").split("\n").slice(0, 2)).toEqual(["name,country,language,confirmed_at", expect.stringMatching(/^ကိုဇော်,MM,my,/)]);
});

test("Markdown with scripts, javascript: links, event handlers and remote images is inert on the public page", async ({ page, browser, baseURL }) => {
  await newOrganiser(page);
  const slug = `markdown-${Date.now().toString(36)}`;
  await page.goto("/dashboard/campaigns/new");
  await page.getByLabel(en.translations.fields.title, { exact: true }).fill("Markdown test");
  await page.getByLabel(en.form.slug, { exact: true }).fill(slug);
  await page.getByRole("button", { name: en.form.create }).click();
  await fill(page, {
    title: "Markdown test",
    summary: "A summary.",
    body: [
      "<script>alert('script')</script>",
      "[click me](javascript:alert('link'))",
      '<img src="https://tracker.example/pixel.png" onerror="alert(\'img\')">',
      "![remote](https://tracker.example/remote.png)",
      '<a href="#" onclick="alert(\'handler\')">handler</a>',
      "**Still bold**",
    ].join("\n\n"),
    demand: "A demand.",
    addressed_to: "Someone",
  });
  await page.goto(`/dashboard/campaigns/${slug}/settings`);
  await page.getByLabel(en.form.status, { exact: true }).selectOption("open");
  await page.getByRole("button", { name: en.form.save }).click();
  await expect(page.getByRole("status")).toHaveText(en.form.saved);

  const visitor = await browser.newContext();
  const p = await visitor.newPage();
  const dialogs: string[] = [];
  const origins = new Set<string>();
  p.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  p.on("request", (r) => origins.add(new URL(r.url()).origin));
  await p.goto(`${baseURL}/en/campaigns/${slug}`, { waitUntil: "networkidle" });
  await expect(p.locator(".prose strong")).toHaveText("Still bold");
  await p.getByText("handler").click();
  await p.getByText("click me").click();
  await p.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  expect([...origins]).toEqual([new URL(baseURL!).origin]);
  expect(await p.locator(".prose img, .prose script, .prose [onclick], .prose [onerror]").count()).toBe(0);
  await visitor.close();
});
