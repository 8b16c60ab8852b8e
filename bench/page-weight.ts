/**
 * What a signer's phone downloads for a campaign page, with and without JavaScript, on a cold
 * cache: the sum of every response's headers and (compressed) body, as Chromium received them.
 *   npm run build && npm run bench:page-weight
 */
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { startServer } from "../tests/helpers/server";

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const rows: string[] = [];
try {
  for (const path of ["/my/campaigns/arms-embargo", "/en/campaigns/arms-embargo", "/en/"]) {
    for (const javaScriptEnabled of [false, true]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const responses: Promise<number>[] = [];
      page.on("requestfinished", (req) => {
        responses.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
      });
      await page.goto(server.baseUrl + path, { waitUntil: "networkidle" });
      const sizes = await Promise.all(responses);
      const total = sizes.reduce((a, b) => a + b, 0);
      rows.push(`| ${path} | ${javaScriptEnabled ? "on" : "off"} | ${sizes.length} | ${(total / 1024).toFixed(1)} KiB |`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`page weight, cold cache, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| page | JavaScript | requests | transferred |\n|---|---|---|---|");
console.log(rows.join("\n"));
