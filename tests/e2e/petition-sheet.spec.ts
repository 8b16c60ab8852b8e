import { expect, test } from "@playwright/test";
import { strings } from "./support";

/**
 * The petition sheet as a printer gets it: Chromium's print layout on A4, JavaScript off. One
 * page, the site's header and footer left off, the QR code printed about 30 mm wide, nothing
 * fetched from another host, and (in Burmese) only the core piece of the Myanmar font.
 */
/** 210 × 297 mm in PDF points. */
const A4_POINTS = [595.28, 841.89];

for (const lng of ["my", "en"]) {
  test(`a partner in Mae Sot prints the ${lng} petition sheet on one A4 page, without script, with nothing from another host`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const res = await page.goto(`${baseURL}/${lng}/campaigns/arms-embargo/sheet`);
    expect(res?.status()).toBe(200);
    await page.evaluate(() => document.fonts.ready);
    await page.emulateMedia({ media: "print" });

    const s = strings(lng);
    await expect(page.locator(".site-header")).toBeHidden();
    await expect(page.getByText(s.sheet.printHint)).toBeHidden();
    const qr = page.getByRole("img", { name: s.sheet.qr });
    await expect(qr).toBeVisible();
    const box = (await qr.boundingBox())!;
    // 30 mm at CSS's 96 px to the inch.
    expect(Math.round(box.width)).toBe(113);
    await expect(page.getByRole("columnheader")).toHaveText([s.sheet.number, s.sheet.name, s.sheet.country, s.sheet.signature]);

    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    const pages = [...pdf.matchAll(/\/Type\s*\/Page\b(?!s)/g)];
    expect(pages, "pages printed").toHaveLength(1);
    const media = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)!;
    expect([Number(media[1]), Number(media[2])].map(Math.round)).toEqual(A4_POINTS.map(Math.round));

    expect(requests.filter((u) => new URL(u).origin !== new URL(baseURL!).origin)).toEqual([]);
    expect(requests.some((u) => u.endsWith(".js"))).toBe(false);
    const fonts = requests.filter((u) => u.includes("/fonts/")).map((u) => new URL(u).pathname);
    if (lng === "my") expect(fonts.sort()).toEqual(["/fonts/myanmar-core-400.woff2", "/fonts/myanmar-core-700.woff2"]);
    await context.close();
  });
}
