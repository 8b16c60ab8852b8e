import { expect, test } from "@playwright/test";
import { KiB, timeToUsableForm, weighPage } from "../helpers/page-weight";

/**
 * The weight budgets of the public pages, as Chromium receives them on a cold cache: bodies as
 * transferred, fonts apart (unicode-range fetches only the pieces of the font a page shows).
 * `npm run bench:page-weight` reports the same figures.
 */
const BURMESE_PAGE = "/my/campaigns/arms-embargo";
const ENGLISH_PAGE = "/en/campaigns/arms-embargo";

test("the Burmese campaign page stays under 30 KiB without fonts, with Brotli", async ({ browser, baseURL }) => {
  const w = await weighPage(browser, baseURL + BURMESE_PAGE, { javaScriptEnabled: false });
  console.log(`${BURMESE_PAGE}: ${(w.withoutFonts / KiB).toFixed(1)} KiB (${w.encoding}) in ${w.requests} requests`);
  expect(w.encoding).toBe("br");
  expect(w.withoutFonts).toBeGreaterThan(4 * KiB); // the page really was measured
  expect(w.withoutFonts).toBeLessThanOrEqual(30 * KiB);
});

test("the Burmese campaign page stays under 35 KiB without fonts when the server may only use gzip", async ({ browser, baseURL }) => {
  const w = await weighPage(browser, baseURL + BURMESE_PAGE, { javaScriptEnabled: false, gzipOnly: true });
  console.log(`${BURMESE_PAGE}, gzip only: ${(w.withoutFonts / KiB).toFixed(1)} KiB (${w.encoding})`);
  expect(w.encoding).toBe("gzip");
  expect(w.withoutFonts).toBeGreaterThan(4 * KiB);
  expect(w.withoutFonts).toBeLessThanOrEqual(35 * KiB);
});

test("a Burmese page fetches the Burmese cut of the font in both weights, at most 60 KiB", async ({ browser, baseURL }) => {
  const w = await weighPage(browser, baseURL + BURMESE_PAGE, { javaScriptEnabled: false });
  const names = w.fonts.map((f) => new URL(f.url).pathname).sort();
  expect(names).toEqual(["/fonts/myanmar-core-400.woff2", "/fonts/myanmar-core-700.woff2"]);
  expect(w.fontBytes).toBeGreaterThan(10 * KiB);
  expect(w.fontBytes).toBeLessThanOrEqual(60 * KiB);
});

test("a page in another language pays at most 8 KiB of font, for the switcher's Burmese name", async ({ browser, baseURL }) => {
  const w = await weighPage(browser, baseURL + ENGLISH_PAGE, { javaScriptEnabled: false });
  expect(w.fonts.map((f) => new URL(f.url).pathname)).toEqual(["/fonts/myanmar-name-400.woff2"]);
  expect(w.fontBytes).toBeGreaterThan(200);
  expect(w.fontBytes).toBeLessThanOrEqual(8 * KiB);
});

test("the switcher's Burmese name is drawn by the self-hosted cut, not by boxes or a fallback", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(baseURL + ENGLISH_PAGE);
  const link = page.locator('.language-switcher [lang="my"]');
  await expect(link).toHaveText("မြန်မာ");
  const cdp = await context.newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: '.language-switcher [lang="my"]' });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  // Every glyph of the name came from the page's own web font (the cut of Noto Sans Myanmar),
  // not from whatever the system has: the machine running this test has Noto installed too.
  expect(fonts.map((f) => ({ family: f.familyName, webFont: f.isCustomFont, glyphs: f.glyphCount }))).toEqual([
    { family: "Noto Sans Myanmar", webFont: true, glyphs: 6 },
  ]);
  await context.close();
});

test("with JavaScript on, a public page still loads no script at all", async ({ browser, baseURL }) => {
  for (const path of [BURMESE_PAGE, ENGLISH_PAGE, "/my/"]) {
    const w = await weighPage(browser, baseURL + path, { javaScriptEnabled: true });
    expect({ path, scripts: w.scripts }).toEqual({ path, scripts: 0 });
  }
});

test("the signing form takes typing within 2 s on a 400 kbit/s, 400 ms link", async ({ browser, baseURL }) => {
  for (const path of [BURMESE_PAGE, ENGLISH_PAGE]) {
    const { usable, loaded } = await timeToUsableForm(browser, baseURL + path, { javaScriptEnabled: true });
    console.log(`${path}: sign form usable after ${usable} ms on the slow link, page loaded after ${loaded} ms`);
    expect(usable).toBeGreaterThan(400); // the link really was slowed: one round trip at least
    expect(usable).toBeLessThanOrEqual(2_000);
  }
});
