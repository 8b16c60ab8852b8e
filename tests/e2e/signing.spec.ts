import { expect, test } from "@playwright/test";
import { apiCount, emailStrings, formatNumber, newAddress, openNewestMail, strings } from "./support";

test.describe("signing a campaign", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("a signer in Yangon signs in Burmese without JavaScript, confirms from the email and sees the count go up by one", async ({
      page,
      request,
    }) => {
      const my = strings("my");
      const slug = "free-political-prisoners";
      const before = await apiCount(request, slug);
      const address = newAddress("yangon");

      await page.goto(`/my/campaigns/${slug}`);
      await expect(page.locator("html")).toHaveAttribute("lang", "my");
      await page.getByLabel(my.sign.name, { exact: true }).fill("ဒေါ်ခင်မာ");
      await page.getByLabel(my.sign.email, { exact: true }).fill(address);
      await page.getByLabel(my.sign.country, { exact: true }).selectOption("MM");
      await page.getByRole("button", { name: my.sign.submit }).click();

      await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.checkInbox.title);
      expect(await apiCount(request, slug)).toBe(before); // pending signatures do not count

      const body = await openNewestMail(page, address);
      expect(body).toContain("ဒေါ်ခင်မာ");
      await page.getByRole("link", { name: /\/my\/confirm\// }).click();

      await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.thanks.title);
      await expect(page.getByTestId("total")).toContainText(formatNumber(before + 1, "my"));
      expect(await apiCount(request, slug)).toBe(before + 1);
    });
  });

  test("a supporter in London signs in English with JavaScript, without a page reload, and confirms", async ({ page, request }) => {
    const en = strings("en");
    const slug = "arms-embargo";
    const before = await apiCount(request, slug);
    const address = newAddress("london");

    await page.goto(`/en/campaigns/${slug}`);
    // Mark the document: a full page load would lose the mark, a client-side transition keeps it.
    await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 42));
    await page.getByLabel(en.sign.name, { exact: true }).fill("A supporter in London");
    await page.getByLabel(en.sign.email, { exact: true }).fill(address);
    await page.getByLabel(en.sign.country, { exact: true }).selectOption("GB");
    await page.getByLabel(en.sign.showName, { exact: true }).check();
    await page.getByRole("button", { name: en.sign.submit }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.checkInbox.title);
    expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(42);

    const body = await openNewestMail(page, address);
    expect(body).toContain("A supporter in London");
    const link = body.match(/https?:\/\/\S+\/en\/confirm\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
    await expect(page.getByTestId("total")).toContainText(formatNumber(before + 1, "en"));
    expect(await apiCount(request, slug)).toBe(before + 1);

    // The name is shown because the supporter chose it, with the country.
    await page.goto(`/en/campaigns/${slug}`);
    await expect(page.getByRole("listitem").filter({ hasText: "A supporter in London, United Kingdom" })).toHaveCount(1);

    // The same link again, or in another browser: "already confirmed", nothing personal, no new count.
    await page.goto(link!);
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

    const sign = async (email: string) => {
      await page.goto(`/en/campaigns/${slug}`);
      await page.getByLabel(en.sign.name, { exact: true }).fill("A signer who signs twice");
      await page.getByLabel(en.sign.email, { exact: true }).fill(email);
      await page.getByLabel(en.sign.country, { exact: true }).selectOption("TH");
      await page.getByRole("button", { name: en.sign.submit }).click();
      // Exactly the same answer every time: nobody learns from the site whether an address signed.
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.checkInbox.title);
    };

    await sign(address);
    await sign(`  ${address.toUpperCase()} `);
    // While pending, the second signing re-sent a confirmation link.
    const second = await openNewestMail(page, address, 2);
    const link = second.match(/https?:\/\/\S+\/en\/confirm\/[A-Za-z0-9_-]{43}/)![0];

    // Confirming in another browser works and shows no personal data.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(link);
    await expect(otherPage.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
    await other.close();
    expect(await apiCount(request, slug)).toBe(before + 1);

    // Signing once more after confirming: same page, and an email saying they already signed.
    await sign(address);
    const third = await openNewestMail(page, address, 3);
    expect(third).toContain(mail.already.body.split("“")[0].trim());
    expect(await apiCount(request, slug)).toBe(before + 1);
  });
});
