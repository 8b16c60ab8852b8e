import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales");

/** The interface strings of one language, as a reader of that language sees them. */
export function strings(lng: string) {
  return JSON.parse(readFileSync(path.join(localesDir, lng, "common.json"), "utf8"));
}
export function emailStrings(lng: string) {
  return JSON.parse(readFileSync(path.join(localesDir, lng, "email.json"), "utf8"));
}

let n = 0;
/** A fresh address per run, on a reserved domain. */
export function newAddress(who: string): string {
  return `${who}-${Date.now().toString(36)}-${n++}@example.org`;
}

export async function apiCount(request: APIRequestContext, slug: string): Promise<number> {
  const res = await request.get(`/api/v1/campaigns/${slug}`);
  expect(res.status()).toBe(200);
  return (await res.json()).signatureCount;
}

/** Every captured mail to this address, newest first, as the /dev/mail viewer lists them. */
export async function mailsTo(page: Page, address: string) {
  await page.goto("/dev/mail");
  return page.getByRole("row").filter({ hasText: address });
}

/**
 * Opens the newest captured mail to `address` in the mail viewer (waiting for the outbox worker
 * to send it) and returns its plain-text body.
 */
export async function openNewestMail(page: Page, address: string, expectedCount = 1): Promise<string> {
  await expect(async () => {
    const rows = await mailsTo(page, address);
    await expect(rows).toHaveCount(expectedCount, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  const rows = await mailsTo(page, address);
  await rows.first().getByRole("link").click();
  return (await page.locator("pre.mail-body").textContent()) ?? "";
}

export function formatNumber(value: number, lng: string) {
  return new Intl.NumberFormat(lng).format(value);
}
