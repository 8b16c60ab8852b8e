/**
 * What a signer's phone downloads for the public pages, on a cold cache, as Chromium received
 * it: bodies as transferred (compressed), fonts apart, with the server free to use Brotli and
 * again when it may only use gzip (as behind a proxy that re-compresses); and how long until the
 * signing form takes typing on an emulated 400 kbit/s, 400 ms link. The budgets of
 * tests/e2e/page-weight.spec.ts are the same numbers.
 *   npm run build && npm run bench:page-weight
 */
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { KiB, timeToUsableForm, weighPage } from "../tests/helpers/page-weight";
import { startServer } from "../tests/helpers/server";

const PAGES = ["/my/campaigns/arms-embargo", "/en/campaigns/arms-embargo", "/my/", "/en/", "/my/campaigns/icc-referral"];
const SIGN_PAGES = ["/my/campaigns/arms-embargo", "/en/campaigns/arms-embargo"];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const kib = (n: number) => `${(n / KiB).toFixed(1)} KiB`;
const weights: string[] = [];
const timings: string[] = [];
try {
  for (const path of PAGES) {
    for (const javaScriptEnabled of [false, true]) {
      const br = await weighPage(browser, server.baseUrl + path, { javaScriptEnabled });
      const gz = await weighPage(browser, server.baseUrl + path, { javaScriptEnabled, gzipOnly: true });
      const fonts = br.fonts.map((f) => `${f.url.split("/").pop()} ${kib(f.body)}`).join(", ") || "none";
      weights.push(
        `| ${path} | ${javaScriptEnabled ? "on" : "off"} | ${br.requests} | ${br.scripts} | ${kib(br.withoutFonts)} (${br.encoding}) | ${kib(gz.withoutFonts)} (${gz.encoding}) | ${kib(br.fontBytes)}: ${fonts} |`,
      );
    }
  }
  for (const path of SIGN_PAGES) {
    for (const javaScriptEnabled of [false, true]) {
      const runs: { usable: number; loaded: number }[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await timeToUsableForm(browser, server.baseUrl + path, { javaScriptEnabled }));
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const usable = runs.map((r) => r.usable);
      const loaded = runs.map((r) => r.loaded);
      timings.push(`| ${path} | ${javaScriptEnabled ? "on" : "off"} | ${usable.join(", ")} | ${median(usable)} | ${loaded.join(", ")} | ${median(loaded)} |`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`page weight, cold cache, ${new Date().toISOString().slice(0, 10)}\n`);
console.log("| page | JavaScript | requests | scripts | without fonts, Brotli allowed | without fonts, gzip only | fonts |\n|---|---|---|---|---|---|---|");
console.log(weights.join("\n"));
console.log(`\ntime until the sign form takes typing, and until the page has loaded, 400 kbit/s and 400 ms round trips, ${RUNS} runs (ms)\n`);
console.log("| page | JavaScript | usable, runs | usable, median | loaded, runs | loaded, median |\n|---|---|---|---|---|---|");
console.log(timings.join("\n"));
