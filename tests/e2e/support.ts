import { execFile } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { simpleParser, type ParsedMail } from "mailparser";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales");

/** The interface strings of one language, as a reader of that language sees them. */
export function strings(lng: string) {
  return JSON.parse(readFileSync(path.join(localesDir, lng, "common.json"), "utf8"));
}
export function dashboardStrings(lng: string) {
  return JSON.parse(readFileSync(path.join(localesDir, lng, "dashboard.json"), "utf8"));
}
export function emailStrings(lng: string) {
  return JSON.parse(readFileSync(path.join(localesDir, lng, "email.json"), "utf8"));
}

let n = 0;
/** A fresh address per run, on a reserved domain. */
export function newAddress(who: string): string {
  return `${who}-${Date.now().toString(36)}-${n++}@example.org`;
}

/**
 * Each app process keeps public pages and API answers for a second
 * (app/lib/page-cache.server.ts): waiting just over that, a visitor arriving now sees the
 * database as it is.
 */
export const pastPageCache = () => new Promise((r) => setTimeout(r, 1_100));

/** The campaign as the public API shows it: the database's count, so an unchanged count really is unchanged. */
export async function apiCampaign(request: APIRequestContext, slug: string) {
  await pastPageCache();
  const res = await request.get(`/api/v1/campaigns/${slug}`);
  expect(res.status()).toBe(200);
  return res.json();
}
export async function apiCount(request: APIRequestContext, slug: string): Promise<number> {
  return (await apiCampaign(request, slug)).signatureCount;
}

export interface ReceivedMail extends ParsedMail {
  /** Every address the SMTP server was asked to deliver this message to. */
  envelopeTo: string[];
  /** The message as it crossed the wire (headers and every part), without our X-Envelope-To line. */
  raw: string;
}

/** Everything the loopback SMTP server has received so far, oldest first. */
export async function receivedMail(): Promise<ReceivedMail[]> {
  const dir = process.env.E2E_MAILDIR!;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort();
  return Promise.all(
    files.map(async (f) => {
      const raw = readFileSync(path.join(dir, f));
      const parsed = (await simpleParser(raw)) as ReceivedMail;
      parsed.envelopeTo = String(parsed.headers.get("x-envelope-to") ?? "")
        .split(/,\s*/)
        .filter(Boolean);
      parsed.raw = raw.toString("utf8").replace(/^X-Envelope-To: [^\r\n]*\r\n/, "");
      return parsed;
    }),
  );
}

/** Waits until exactly `count` mails to `address` have reached the SMTP server; returns them, oldest first. */
export async function mailTo(address: string, count = 1): Promise<ReceivedMail[]> {
  let found: ReceivedMail[] = [];
  await expect
    .poll(
      async () => {
        // Mailbox names are compared case-insensitively, as mail servers do.
        found = (await receivedMail()).filter((m) => m.envelopeTo.some((a) => a.toLowerCase() === address.toLowerCase()));
        return found.length;
      },
      { timeout: 15_000 },
    )
    .toBe(count);
  return found;
}

/** The first link in a mail's text that matches `pattern`. */
export function linkIn(mail: ParsedMail, pattern: RegExp): string {
  const link = (mail.text ?? "").match(new RegExp(`https?://\\S+${pattern.source}\\S*`))?.[0];
  expect(link, `no link matching ${pattern} in:\n${mail.text}`).toBeTruthy();
  return link!;
}

/**
 * Follows a confirmation link from a mail and presses its one button: opening the link alone
 * changes nothing (mail scanners open links).
 */
export async function confirmFromMail(page: Page, link: string, lng: string) {
  await page.goto(link);
  await page.getByRole("button", { name: strings(lng).confirmSignature.button, exact: true }).click();
}

/** Follows a letter's confirmation link and presses "Send my letter". */
export async function sendLetterFromMail(page: Page, link: string, lng: string) {
  await page.goto(link);
  await page.getByRole("button", { name: strings(lng).confirmLetter.button, exact: true }).click();
}

/** A signer fills the form on a campaign page (in the page's language) and sends it. */
export async function signOn(page: Page, lng: string, slug: string, s: { name: string; email: string; country: string; showName?: boolean }, query = "") {
  const t = strings(lng);
  await page.goto(`/${lng}/campaigns/${slug}${query}`);
  await page.getByLabel(t.sign.name, { exact: true }).fill(s.name);
  await page.getByLabel(t.sign.email, { exact: true }).fill(s.email);
  await page.getByLabel(t.sign.country, { exact: true }).selectOption(s.country);
  if (s.showName) await page.getByLabel(t.sign.showName, { exact: true }).check();
  await page.getByRole("button", { name: t.sign.submit }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.checkInbox.title);
}

export function formatNumber(value: number, lng: string) {
  if (lng === "my") return new Intl.NumberFormat("en").format(value).replace(/[0-9]/g, (d) => String.fromCharCode(0x1040 + Number(d)));
  return new Intl.NumberFormat(lng).format(value);
}

/**
 * A new organiser's first step: choose a password at the set-password link, which logs them in
 * (the dashboard's first page, with their address in the header). `email` is checked there.
 */
export async function setPasswordAndLogIn(page: Page, link: string, email: string, password: string) {
  const d = dashboardStrings("en");
  await page.goto(new URL(link).pathname);
  await page.getByLabel(d.setPassword.password, { exact: true }).fill(password);
  await page.getByLabel(d.setPassword.confirm, { exact: true }).fill(password);
  await page.getByRole("button", { name: d.setPassword.submit }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator("nav.dashboard-nav .hint")).toContainText(email);
}

/**
 * From now on the loopback SMTP server answers RCPT TO `address` with 550 (no such mailbox), as a
 * mail server does for an address that no longer exists (tests/helpers/smtp.ts, `rejectFile`).
 */
export function rejectAtSmtp(address: string) {
  appendFileSync(process.env.E2E_SMTP_REJECT_FILE!, `${address.toLowerCase()}\n`);
}

const run = promisify(execFile);

/** `npm run organiser:create` against the running e2e server's data, as an operator types it: the set-password link. */
export async function organiserCreate(email: string, role: "admin" | "organiser"): Promise<string> {
  const env = { ...process.env, ...JSON.parse(process.env.E2E_SERVER_ENV!) };
  const { stdout } = await run(process.execPath, ["--import", "tsx", "app/cli/organiser-create.ts", "--email", email, "--role", role], { env });
  return stdout.trim().split("\n").pop()!;
}

/** `npm run partner:create` against the running e2e server's data: its last line, parsed. */
export async function partnerCreate(args: string[]): Promise<{ partner: string; token: string; webhookSecret: string | null }> {
  const env = { ...process.env, ...JSON.parse(process.env.E2E_SERVER_ENV!) };
  const { stdout } = await run(process.execPath, ["--import", "tsx", "app/cli/partner-create.ts", ...args], { env });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

/**
 * A locale string with its {{placeholders}} filled as i18next fills them (`{{count, number}}`
 * with the reader's digits); a placeholder left unfilled fails the test.
 */
export function fill(template: string, values: Record<string, string | number>, lng = "en"): string {
  const out = template.replace(/\{\{\s*(\w+)\s*(?:,\s*(number))?\s*\}\}/g, (whole, name: string, format?: string) => {
    if (!(name in values)) return whole;
    const v = values[name];
    return format === "number" ? formatNumber(Number(v), lng) : String(v);
  });
  expect(out, `unfilled placeholder in "${template}"`).not.toMatch(/\{\{/);
  return out;
}

/** The plural form i18next picks for `count` in `lng` (key_one, key_other, key_many…), filled in. */
export function plural(group: Record<string, string>, key: string, count: number, lng: string, values: Record<string, string | number> = {}): string {
  const form = new Intl.PluralRules(lng).select(count);
  const template = group[`${key}_${form}`];
  expect(template, `${lng} has no ${key}_${form}`).toBeDefined();
  return fill(template, { count, ...values }, lng);
}
