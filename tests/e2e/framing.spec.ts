import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { apiCampaign } from "./support";

/**
 * Clickjacking: a campaign page framed by another site is refused by the browser itself
 * (CSP frame-ancestors), while frames of that site's own still render.
 */
const SLUG = "arms-embargo";

test.describe("framing", () => {
  let other: Server;
  let otherOrigin: string;

  test.beforeAll(async ({ baseURL }) => {
    // A page on another origin that frames the campaign page, and (as a control) one of its own.
    other = createServer((req, res) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      if (req.url === "/own") return res.end("<!doctype html><title>own</title><h1>A frame of our own</h1>");
      res.end(
        `<!doctype html><title>framing</title>` +
          `<iframe id="control" title="control" src="/own"></iframe>` +
          `<iframe id="victim" title="victim" src="${baseURL}/en/campaigns/${SLUG}"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => other?.close(resolve));
  });

  test("a campaign page placed in another site's iframe is refused by the browser", async ({ page, request, baseURL }) => {
    expect(new URL(otherOrigin).origin).not.toBe(new URL(baseURL!).origin);
    const title = (await apiCampaign(request, SLUG)).titles.en as string;
    const logs: string[] = [];
    page.on("console", (m) => logs.push(m.text()));
    const served = page.waitForResponse((r) => r.url() === `${baseURL}/en/campaigns/${SLUG}`);
    await page.goto(`${otherOrigin}/frame`);
    // The server answered the frame's request: what follows is the browser refusing to show it.
    expect((await served).status()).toBe(200);

    // Control: frames do render on that page.
    await expect(page.frameLocator("#control").getByRole("heading", { name: "A frame of our own" })).toBeVisible();

    const frame = await (await page.locator("#victim").elementHandle())!.contentFrame();
    expect(frame).not.toBeNull();
    await expect.poll(() => frame!.url()).not.toBe("about:blank");
    expect(frame!.url(), "the frame shows Chromium's error page, not the campaign").not.toContain(`/campaigns/${SLUG}`);
    await expect(page.frameLocator("#victim").getByRole("heading", { name: title })).toHaveCount(0);
    await expect(page.frameLocator("#victim").locator("form")).toHaveCount(0);
    await expect.poll(() => logs.some((m) => /frame-ancestors|X-Frame-Options/i.test(m))).toBe(true);
  });
});
