import type { Browser } from "@playwright/test";

/**
 * What Chromium receives for one page on a cold cache, as the server sends it: bodies as
 * transferred (compressed), by kind, fonts apart; and, on an emulated slow link, how long until
 * the signing form can be used. Shared by tests/e2e/page-weight.spec.ts (the budgets) and
 * bench/page-weight.ts (the report).
 */
export interface PageWeight {
  requests: number;
  /** Every body but fonts: the document, stylesheets, scripts, fetches, images. */
  withoutFonts: number;
  scripts: number;
  fonts: { url: string; body: number }[];
  fontBytes: number;
  /** The document's Content-Encoding. */
  encoding: string | null;
}

export const KiB = 1024;

/** 400 kbit/s both ways and 400 ms round trips: a throttled mobile connection. */
export const SLOW_LINK = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

export async function weighPage(browser: Browser, url: string, options: { javaScriptEnabled: boolean; gzipOnly?: boolean }): Promise<PageWeight> {
  // A proxy that re-compresses may leave the server only gzip: the browser then offers only that.
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled,
    extraHTTPHeaders: options.gzipOnly ? { "Accept-Encoding": "gzip" } : {},
  });
  try {
    const page = await context.newPage();
    const sizes: Promise<{ type: string; url: string; body: number }>[] = [];
    page.on("requestfinished", (req) => sizes.push(req.sizes().then((s) => ({ type: req.resourceType(), url: req.url(), body: s.responseBodySize }))));
    const response = await page.goto(url, { waitUntil: "networkidle" });
    const all = await Promise.all(sizes);
    const fonts = all.filter((s) => s.type === "font").map(({ url, body }) => ({ url, body }));
    return {
      requests: all.length,
      withoutFonts: all.filter((s) => s.type !== "font").reduce((a, s) => a + s.body, 0),
      scripts: all.filter((s) => s.type === "script").length,
      fonts,
      fontBytes: fonts.reduce((a, f) => a + f.body, 0),
      encoding: (await response?.allHeaders())?.["content-encoding"] ?? null,
    };
  } finally {
    await context.close();
  }
}

/**
 * Milliseconds from asking for the page to its signing form's first field being on screen and
 * taking typing (`usable`), and to the page's load event, every script and font in (`loaded`),
 * over Chromium's emulated slow link on a cold cache.
 */
export async function timeToUsableForm(browser: Browser, url: string, options: { javaScriptEnabled: boolean }): Promise<{ usable: number; loaded: number }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", SLOW_LINK);
    const started = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    // Visible means laid out with its stylesheet: the page shows nothing before that.
    await page.locator("#sign-name").waitFor({ state: "visible", timeout: 30_000 });
    // Polled from here, not in the page: a page without JavaScript runs no polling of its own.
    const styled = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].every((link) => link.sheet !== null && link.sheet.cssRules.length > 0),
      );
    while (!(await styled())) {
      if (Date.now() - started > 30_000) throw new Error(`${url}: the stylesheet never applied`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const usable = Date.now() - started;
    // It takes typing: the field is enabled and editable.
    await page.locator("#sign-name").fill("x", { timeout: 1_000 });
    await page.waitForLoadState("load", { timeout: 60_000 });
    const loaded = Date.now() - started;
    return { usable, loaded };
  } finally {
    await context.close();
  }
}
