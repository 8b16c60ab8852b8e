import { expect, test } from "@playwright/test";
import { strings } from "./support";

/**
 * A signer on a cheap phone: on a 390 × 844 screen, in every language and on every seeded
 * campaign, something to press is on the first screen (the form's first field, or the Sign
 * button that leads to it), and the case for signing — count, summary, demand — comes before the
 * form, which comes before the long text. Without JavaScript, as most public pages are read.
 */
const LANGUAGES = ["en", "my", "fr", "es", "th", "id"] as const;
const SLUGS = ["arms-embargo", "icc-referral", "asean-engage-nug", "free-political-prisoners"];

test.use({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });

for (const lang of LANGUAGES) {
  test(`on a phone in ${lang}, every campaign shows a way to sign on the first screen, and the case for it before the long text`, async ({ page }) => {
    const t = strings(lang);
    for (const slug of SLUGS) {
      expect((await page.goto(`/${lang}/campaigns/${slug}`))?.status(), slug).toBe(200);
      const jump = page.getByRole("link", { name: t.sign.heading, exact: true });
      const field = page.locator("#sign-name");
      const visibleAtOnce = async (box: { y: number; height: number } | null) => !!box && box.y >= 0 && box.y + box.height <= 844;
      const reachable = (await visibleAtOnce(await field.boundingBox())) || (await visibleAtOnce(await jump.boundingBox()));
      expect(reachable, `${lang} ${slug}: the first field or the Sign button within the first 844 px`).toBe(true);

      // The Sign button leads to the form.
      await jump.click();
      await expect(page.locator("#sign-heading")).toBeInViewport();

      // Document order, which is also the order a phone shows: count, summary, demand, form, body.
      const order = await page.evaluate(() => {
        const at = (selector: string) => {
          const el = document.querySelector(selector);
          return el ? [...document.querySelectorAll("*")].indexOf(el) : -1;
        };
        return ["[role=progressbar]", ".summary", ".demand", "#sign-name", ".campaign-main .prose"].map(at);
      });
      expect(
        order.every((i) => i >= 0),
        `${lang} ${slug}: every part present (${order})`,
      ).toBe(true);
      expect(
        [...order].sort((a, b) => a - b),
        `${lang} ${slug}: count, summary, demand, form, then body`,
      ).toEqual(order);
    }
  });
}

test("on a laptop the form stays beside the text, at the top, with no Sign button to jump to it", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}/my/campaigns/arms-embargo`);
  const field = await page.locator("#sign-name").boundingBox();
  const body = await page.locator(".campaign-main .prose").boundingBox();
  expect(field!.y + field!.height).toBeLessThan(900);
  expect(field!.x, "the form in the side column, right of the text").toBeGreaterThan(body!.x + body!.width - 1);
  await expect(page.getByRole("link", { name: strings("my").sign.heading, exact: true })).toBeHidden();
  await context.close();
});
