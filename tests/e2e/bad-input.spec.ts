import { expect, test } from "@playwright/test";
import { apiCount, confirmFromMail, linkIn, mailTo, newAddress, pastPageCache, signOn, strings } from "./support";

for (const javaScriptEnabled of [false, true]) {
  test.describe(`bad input (JavaScript ${javaScriptEnabled ? "on" : "off"})`, () => {
    test.use({ javaScriptEnabled });

    test("a hurried signer gets messages beside the fields, keeps what they typed, and nothing is stored", async ({ page, request }) => {
      const fr = strings("fr");
      const slug = "icc-referral";
      const before = await apiCount(request, slug);
      await page.goto(`/fr/campaigns/${slug}`);
      await page.getByLabel(fr.sign.name, { exact: true }).fill("Achetez sur https://spam.example");
      await page.getByLabel(fr.sign.email, { exact: true }).fill("pas-une-adresse");
      const responsePromise = page.waitForResponse((r) => r.request().method() === "POST");
      await page.getByRole("button", { name: fr.sign.submit }).click();
      const response = await responsePromise;
      expect(response.status()).toBe(400);

      const name = page.getByLabel(fr.sign.name, { exact: true });
      const email = page.getByLabel(fr.sign.email, { exact: true });
      const country = page.getByLabel(fr.sign.country, { exact: true });
      await expect(page.getByRole("alert")).toHaveText(fr.sign.errorSummary);
      await expect(name).toHaveAttribute("aria-invalid", "true");
      await expect(email).toHaveAttribute("aria-invalid", "true");
      await expect(country).toHaveAttribute("aria-invalid", "true");
      await expect(page.locator("#name-error")).toHaveText(fr.errors.nameHasLink);
      await expect(page.locator("#email-error")).toHaveText(fr.errors.emailInvalid);
      await expect(page.locator("#country-error")).toHaveText(fr.errors.countryRequired);
      await expect(name).toHaveValue("Achetez sur https://spam.example");
      await expect(email).toHaveValue("pas-une-adresse");
      await expect(name).toBeFocused();
      expect(await apiCount(request, slug)).toBe(before);
    });
  });
}

test("hand-made requests get 4xx answers in the visitor's language, never a 500", async ({ request }) => {
  const th = strings("th");
  const post = (path: string, form: Record<string, string>) => request.post(path, { form, maxRedirects: 0 });

  const long = await post("/th/campaigns/arms-embargo", { name: "ก".repeat(10_000), email: "a@example.org", country: "TH" });
  expect(long.status()).toBe(400);
  const html = await long.text();
  expect(html).toContain(th.errors.nameTooLong.replace("{{max}}", "100"));

  expect((await post("/th/campaigns/arms-embargo", { name: "A", email: "a@example.org", country: "ZZ" })).status()).toBe(400);
  expect((await post("/th/campaigns/arms-embargo", { name: "A\u0007", email: "a@example.org", country: "TH" })).status()).toBe(400);
  expect((await post("/th/campaigns/arms-embargo", {})).status()).toBe(400);
  expect((await post("/th/campaigns/no-such-campaign", { name: "A", email: "a@example.org", country: "TH" })).status()).toBe(404);
  const badBody = await request.post("/en/campaigns/arms-embargo", {
    headers: { "Content-Type": "multipart/form-data; boundary=nothing" },
    data: "garbage",
    maxRedirects: 0,
  });
  expect(badBody.status()).toBe(400);

  for (const [path, status] of [
    ["/xx/", 404],
    ["/en/campaigns/does-not-exist", 404],
    ["/en/confirm/not-a-token", 400],
    ["/en/confirm/" + "A".repeat(43), 404],
    ["/th/nothing/here", 404],
  ] as const) {
    const res = await request.get(path, { headers: { "Accept-Language": "th" } });
    expect(res.status(), path).toBe(status);
  }
  const unknownLang = await request.get("/xx/", { headers: { "Accept-Language": "th" } });
  expect(await unknownLang.text()).toContain(th.errors.notFoundTitle);
  const badToken = await request.get("/th/confirm/not-a-token");
  expect(await badToken.text()).toContain(th.confirm.invalidTitle);
});

test("names with quotes, angle brackets and SQL are shown as text", async ({ page }) => {
  const en = strings("en");
  const slug = "arms-embargo";
  const name = `O'Brien "<b>x</b>"; DROP TABLE signatures;--`;
  const address = newAddress("obrien");
  await signOn(page, "en", slug, { name, email: address, country: "IE", showName: true });
  const [mail] = await mailTo(address);
  expect(mail.text).toContain(name);
  await confirmFromMail(page, linkIn(mail, /\/en\/confirm\//), "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
  // A visitor arriving a moment later (the page may be a second old).
  await pastPageCache();
  await page.goto(`/en/campaigns/${slug}`);
  await expect(page.getByRole("listitem").filter({ hasText: `${name}, Ireland` })).toHaveCount(1);
  await expect(page.locator("main b", { hasText: "x" })).toHaveCount(0);
});
