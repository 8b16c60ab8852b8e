import { expect, test } from "@playwright/test";
import { apiCount, emailStrings, linkIn, mailTo, newAddress, plural, signOn, strings } from "./support";

/** The code a confirmation mail carries: ten Crockford base32 characters, grouped 5-5. */
function codeIn(text: string | undefined): string {
  const code = (text ?? "").match(/\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/)?.[0];
  expect(code, `no confirmation code in:\n${text}`).toBeTruthy();
  return code!;
}

test.describe("signer safety, with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("a signer in Yangon confirms with the code typed on the page instead of the link, then withdraws from the mail's link and the count drops by one", async ({
    page,
    request,
  }) => {
    const my = strings("my");
    const slug = "asean-engage-nug";
    const before = await apiCount(request, slug);
    const address = newAddress("yangon-code");

    await signOn(page, "my", slug, { name: "ဒေါ်နှင်း", email: address, country: "MM" });
    const [mail] = await mailTo(address);
    const code = codeIn(mail.text);
    // Every mail to a signer carries the way out.
    const withdraw = linkIn(mail, /\/my\/signatures\/\d+\/withdraw\//);

    // A wrong code is refused beside the field, in Burmese, and nothing is counted.
    await page.getByLabel(my.checkInbox.codeLabel).fill("00000-00000");
    await page.getByRole("button", { name: my.checkInbox.codeSubmit }).click();
    await expect(page.getByRole("alert")).toHaveText(my.errors.codeInvalid);
    expect(await apiCount(request, slug)).toBe(before);

    // Typed in lower case with spaces, as people do on a phone: still right.
    await page.getByLabel(my.checkInbox.codeLabel).fill(code.toLowerCase().replace("-", " "));
    await page.getByRole("button", { name: my.checkInbox.codeSubmit }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.thanks.title);
    await expect(page.getByTestId("total")).toHaveText(plural(my.thanks, "total", before + 1, "my"));
    expect(await apiCount(request, slug)).toBe(before + 1);
    const title = await page.locator(".lead a").innerText();
    expect(title.length).toBeGreaterThan(5);
    // The thank-you page offers the campaign's address to copy, for apps no button names.
    await expect(page.getByLabel(my.thanks.copyLink, { exact: true })).toHaveValue(new RegExp(`/my/campaigns/${slug}$`));
    // The link in the mail is spent too: it says "already confirmed".
    await page.goto(linkIn(mail, /\/my\/confirm\//));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.confirm.alreadyTitle);

    // Later she withdraws. Opening the link changes nothing (mail scanners open links).
    await page.goto(withdraw);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.withdraw.askTitle);
    // It says which campaign the signature is withdrawn from, before and after.
    await expect(page.getByTestId("withdraw-campaign")).toHaveText(title);
    expect(await apiCount(request, slug)).toBe(before + 1);
    await page.getByRole("button", { name: my.withdraw.button }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.withdraw.doneTitle);
    await expect(page.getByTestId("withdraw-campaign")).toHaveText(title);
    expect(await apiCount(request, slug)).toBe(before);
    // A second visit finds nothing left to withdraw, and the count stays.
    await page.goto(withdraw);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(my.withdraw.goneTitle);
    await expect(page.getByTestId("withdraw-campaign")).toHaveCount(0);
    expect(await apiCount(request, slug)).toBe(before);
    // A forged link is a plain 404.
    const forged = await request.get(withdraw.replace(/\/withdraw\/.+$/, "/withdraw/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    expect(forged.status()).toBe(404);
  });

  test("a supporter asks what Padauk holds about them and gets it only by email, with a link to withdraw", async ({ page }) => {
    const en = strings("en");
    const address = newAddress("my-data");
    await signOn(page, "en", "asean-engage-nug", { name: "A supporter in Chiang Mai", email: address, country: "TH" });
    await mailTo(address, 1);

    const ask = async (email: string) => {
      await page.goto("/en/my-data");
      await page.getByLabel(en.sign.email, { exact: true }).fill(email);
      await page.getByRole("button", { name: en.myData.submit }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.myData.sentTitle);
      return page.locator("main").innerText();
    };
    const known = await ask(address);
    // The page is the same for an address Padauk has never seen: it tells nobody who signed.
    const unknown = await ask(newAddress("never-signed"));
    expect(unknown).toBe(known);

    const [, exported] = await mailTo(address, 2);
    const e = emailStrings("en");
    expect(exported.subject).toBe(e.export.subject);
    expect(exported.text).toContain("A supporter in Chiang Mai");
    expect(exported.text).toContain(e.export.state.pending);
    expect(exported.text).toMatch(/\/en\/signatures\/\d+\/withdraw\//);
    // A bad address gets a message beside the field and keeps what was typed.
    await page.goto("/en/my-data");
    await page.getByLabel(en.sign.email, { exact: true }).fill("not-an-address");
    await page.getByRole("button", { name: en.myData.submit }).click();
    await expect(page.getByRole("alert")).toHaveText(en.errors.emailInvalid);
    await expect(page.getByLabel(en.sign.email, { exact: true })).toHaveValue("not-an-address");
  });
});
