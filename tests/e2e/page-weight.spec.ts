import { expect, test, type Page } from "@playwright/test";

/**
 * The weight budget of the campaign page (issue: works where it is hard to reach): what Chromium
 * actually received over the wire on a cold cache, by kind. Bodies as transferred (compressed);
 * fonts are counted apart, since unicode-range fetches them only for scripts the page shows.
 */
const KiB = 1024;

async function weigh(page: Page, url: string) {
  const sizes: { type: string; url: string; body: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on("requestfinished", (req) => {
    pending.push(
      req.sizes().then((s) => {
        sizes.push({ type: req.resourceType(), url: req.url(), body: s.responseBodySize });
      }),
    );
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await Promise.all(pending);
  const sum = (types: string[]) => sizes.filter((s) => types.includes(s.type)).reduce((a, s) => a + s.body, 0);
  return {
    htmlCss: sum(["document", "stylesheet"]),
    withJs: sum(["document", "stylesheet", "script", "fetch"]),
    fonts: sizes.filter((s) => s.type === "font"),
  };
}

for (const lang of ["en", "my"] as const) {
  test.describe(`campaign page weight (${lang})`, () => {
    test(`without JavaScript the ${lang} campaign page's HTML and CSS stay under 30 KiB compressed`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const w = await weigh(await context.newPage(), `${baseURL}/${lang}/campaigns/arms-embargo`);
      console.log(
        `${lang} campaign page, no JS: HTML+CSS ${(w.htmlCss / KiB).toFixed(1)} KiB, fonts ${w.fonts.map((f) => `${(f.body / KiB).toFixed(1)} KiB`).join(" + ") || "none"}`,
      );
      expect(w.htmlCss).toBeGreaterThan(5 * KiB); // the page really was measured
      expect(w.htmlCss).toBeLessThan(30 * KiB);
      // Only the Myanmar subset of the self-hosted font exists; Latin text uses the system's font.
      for (const f of w.fonts) expect(f.url).toMatch(/noto-sans-myanmar-myanmar-(400|700)-normal/);
      // A Burmese page needs both weights; an English page only the regular one, for the
      // language switcher's "မြန်မာ".
      expect(w.fonts.length).toBe(lang === "my" ? 2 : 1);
      await context.close();
    });

    test(`with JavaScript the ${lang} campaign page's HTML, CSS and scripts stay under 120 KiB compressed`, async ({ browser, baseURL }) => {
      const context = await browser.newContext({ javaScriptEnabled: true });
      const w = await weigh(await context.newPage(), `${baseURL}/${lang}/campaigns/arms-embargo`);
      console.log(`${lang} campaign page, JS: HTML+CSS+JS ${(w.withJs / KiB).toFixed(1)} KiB`);
      expect(w.withJs).toBeGreaterThan(w.htmlCss + 50 * KiB); // the scripts really were counted
      expect(w.withJs).toBeLessThan(120 * KiB);
      await context.close();
    });
  });
}
