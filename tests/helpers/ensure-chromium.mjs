#!/usr/bin/env node
// Finds a Chromium for the end-to-end tests before they start (docs/testing.md, "A browser"): CHROMIUM_PATH,
// then Debian's /usr/bin/chromium, then Playwright's own download where the network allows it,
// then apt-get when running as root on Debian; otherwise one line that says what to do.
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const say = (line) => console.log(`ensure-chromium: ${line}`);

if (process.env.CHROMIUM_PATH) {
  if (existsSync(process.env.CHROMIUM_PATH)) process.exit(0);
  console.error(`ensure-chromium: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
  process.exit(1);
}
if (existsSync("/usr/bin/chromium")) process.exit(0);
try {
  if (existsSync(chromium.executablePath())) process.exit(0);
} catch {}

say("no Chromium found; trying Playwright's download");
const pw = spawnSync("npx", ["--no-install", "playwright", "install", "chromium"], { stdio: "inherit", timeout: 300_000 });
try {
  if (pw.status === 0 && existsSync(chromium.executablePath())) process.exit(0);
} catch {}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (isRoot && existsSync("/etc/debian_version")) {
  say("installing Debian's chromium and fonts-noto-core with apt-get");
  try {
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core", {
      stdio: "inherit",
    });
    if (existsSync("/usr/bin/chromium")) process.exit(0);
  } catch {}
}
console.error("ensure-chromium: no browser for the end-to-end tests; install one (Debian: apt-get install chromium fonts-noto-core) or set CHROMIUM_PATH");
process.exit(1);
