/**
 * What a signer's phone downloads for a campaign page, with and without JavaScript, on a cold
 * cache, as Chromium received it: compressed bodies by kind (the budget counts HTML+CSS, then
 * with scripts; fonts apart), and everything including headers.
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
      const responses: Promise<{ type: string; body: number; all: number }>[] = [];
      page.on("requestfinished", (req) => {
        responses.push(req.sizes().then((s) => ({ type: req.resourceType(), body: s.responseBodySize, all: s.responseBodySize + s.responseHeadersSize })));
      });
      await page.goto(server.baseUrl + path, { waitUntil: "networkidle" });
      const sizes = await Promise.all(responses);
      const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      const body = (types: string[]) => sizes.filter((s) => types.includes(s.type)).reduce((a, s) => a + s.body, 0);
      const total = sizes.reduce((a, s) => a + s.all, 0);
      rows.push(
        `| ${path} | ${javaScriptEnabled ? "on" : "off"} | ${sizes.length} | ${kib(body(["document", "stylesheet"]))} | ${kib(body(["document", "stylesheet", "script", "fetch"]))} | ${kib(body(["font"]))} | ${kib(total)} |`,
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`page weight, cold cache, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| page | JavaScript | requests | HTML+CSS bodies | HTML+CSS+JS bodies | fonts | everything, with headers |\n|---|---|---|---|---|---|---|");
console.log(rows.join("\n"));
