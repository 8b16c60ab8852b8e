import { expect, test } from "@playwright/test";
import { apiCount, confirmFromMail, emailStrings, linkIn, mailTo, newAddress, plural, signOn, strings } from "./support";

test.describe("signing a campaign", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("a signer in Yangon signs in Burmese without JavaScript, confirms from the email and sees the count go up by one", async ({ page, request }) => {
      const my = strings("my");
      const slug = "free-political-prisoners";
      const before = await apiCount(request, slug);
      const address = newAddress("yangon");

      await signOn(page, "my", slug, { name: "ဒေါ်ခင်မာ", email: address, country: "MM" });
      await expect(page.locator("html")).toHaveAttribute("lang", "my");
      expect(await apiCount(request, slug)).toBe(before); // pending signatures do not count

      const [mail] = await mailTo(address);
      expect(mail.headers.get("content-language")).toBe("my");
      expect(mail.text).toContain("ဒေါ်ခင်မာ");
      expect(mail.subject).toContain(emailStrings("my").confirm.subject.split("{{")[0].trim());
      await confirmFromMail(page, linkIn(mail, /\/my\/confirm\//), "my");

      await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.thanks.title);
      await expect(page.getByTestId("total")).toHaveText(plural(my.thanks, "total", before + 1, "my"));
      expect(await apiCount(request, slug)).toBe(before + 1);
      // With few signers from each country, the page says when a country is named, not just "other".
      await page.goto(`/my/campaigns/${slug}`);
      await expect(page.getByText(plural(my.campaign, "byCountryHint", 10, "my"), { exact: true })).toBeVisible();
    });
  });

  test("a supporter in London signs in English with JavaScript on: the page runs no script, the browser posts the form itself, and she confirms", async ({
    page,
    request,
  }) => {
    const en = strings("en");
    const slug = "arms-embargo";
    const before = await apiCount(request, slug);
    const address = newAddress("london");
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });

    await page.goto(`/en/campaigns/${slug}`);
    await page.getByLabel(en.sign.name, { exact: true }).fill("A supporter in London");
    await page.getByLabel(en.sign.email, { exact: true }).fill(address);
    await page.getByLabel(en.sign.country, { exact: true }).selectOption("GB");
    await page.getByLabel(en.sign.showName, { exact: true }).check();
    const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === `/en/campaigns/${slug}`);
    await page.getByRole("button", { name: en.sign.submit }).click();
    // A document post, as without JavaScript: no script took the form over.
    expect((await posted).resourceType()).toBe("document");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.checkInbox.title);
    expect(scripts).toEqual([]);

    const [mail] = await mailTo(address);
    expect(mail.text).toContain("A supporter in London");
    const link = linkIn(mail, /\/en\/confirm\/[A-Za-z0-9_-]{43}/);
    // Opening the link (as a mail scanner does) confirms nothing: the page asks, the count stays.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.confirmSignature.title);
    expect(await apiCount(request, slug)).toBe(before);
    await page.getByRole("button", { name: en.confirmSignature.button, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
    await expect(page.getByTestId("total")).toHaveText(plural(en.thanks, "total", before + 1, "en"));
    expect(await apiCount(request, slug)).toBe(before + 1);

    // The name is shown because the supporter chose it, with the country.
    await page.goto(`/en/campaigns/${slug}`);
    await expect(page.getByRole("listitem").filter({ hasText: "A supporter in London, United Kingdom" })).toHaveCount(1);

    // The same link again, or in another browser: "already confirmed", nothing personal, no new count.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.confirm.alreadyTitle);
    await expect(page.locator("main")).not.toContainText("London");
    await expect(page.locator("main")).not.toContainText(address);
    expect(await apiCount(request, slug)).toBe(before + 1);
  });

  test("a signer who signs twice is counted once and is told by email", async ({ page, request, browser }) => {
    const en = strings("en");
    const mail = emailStrings("en");
    const slug = "asean-engage-nug";
    const before = await apiCount(request, slug);
    const address = newAddress("twice");
    const signer = { name: "A signer who signs twice", country: "TH" };

    await signOn(page, "en", slug, { ...signer, email: address });
    // Exactly the same answer the second time: nobody learns from the site whether an address signed.
    await signOn(page, "en", slug, { ...signer, email: `  ${address.toUpperCase()} ` });
    // While pending, the second signing re-sent a confirmation link.
    const [, second] = await mailTo(address, 2);
    const link = linkIn(second, /\/en\/confirm\//);

    // Confirming in another browser works and shows no personal data.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await confirmFromMail(otherPage, link, "en");
    await expect(otherPage.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
    await other.close();
    expect(await apiCount(request, slug)).toBe(before + 1);

    // Signing once more after confirming: same page, and an email saying they already signed.
    await signOn(page, "en", slug, { ...signer, email: address });
    const third = (await mailTo(address, 3))[2];
    expect(third.text).toContain(mail.already.body.split("“")[0].trim());
    expect(await apiCount(request, slug)).toBe(before + 1);
  });
});
