import { expect, test, type Page } from "@playwright/test";
import { send } from "../helpers/http";
import {
  apiCount,
  confirmFromMail,
  dashboardStrings,
  linkIn,
  mailTo,
  newAddress,
  organiserCreate,
  plural,
  receivedMail,
  setPasswordAndLogIn,
  signOn,
  type ReceivedMail,
} from "./support";

/**
 * An organiser moderates a campaign: finds a signer by exact address (a POST, audited), removes
 * signatures with a reason, and answers a flood from one email domain with its signal's button.
 * Every change is checked in the public API's count, to the signature.
 */

const d = dashboardStrings("en");
const SLUG = "free-political-prisoners";

async function search(page: Page, email: string) {
  await page.goto(`/dashboard/campaigns/${SLUG}/moderation`);
  await page.getByLabel(d.moderation.search, { exact: true }).fill(email);
  await page.getByRole("button", { name: d.moderation.find, exact: true }).click();
}

/** Waits until exactly `count` mails to addresses at `domain` have arrived. */
async function mailsAt(domain: string, count: number): Promise<ReceivedMail[]> {
  let found: ReceivedMail[] = [];
  await expect
    .poll(
      async () => {
        found = (await receivedMail()).filter((m) => m.envelopeTo.some((a) => a.toLowerCase().endsWith(`@${domain}`)));
        return found.length;
      },
      { timeout: 30_000 },
    )
    .toBe(count);
  return found;
}

test("an organiser finds signers by exact address, invalidates them with a reason, and removes a flood from one domain: the public count drops by exactly as many, and every search is in the audit log", async ({
  page,
  browser,
  baseURL,
  request,
}) => {
  test.setTimeout(180_000);
  // An administrator gives an organiser this campaign.
  const admin = newAddress("moderation-admin");
  await setPasswordAndLogIn(page, await organiserCreate(admin, "admin"), admin, "a moderator's lamp in Sittwe");
  await expect(page).toHaveURL(/\/dashboard$/);
  const organiser = newAddress("moderator");
  const organiserLink = await organiserCreate(organiser, "organiser");
  await page.goto("/dashboard/organisers");
  const row = page.getByRole("row").filter({ has: page.getByText(organiser, { exact: true }) });
  // Campaigns are offered by title, in the administrator's language.
  const { titles } = (await (await page.request.get(`/api/v1/campaigns/${SLUG}`)).json()) as { titles: Record<string, string> };
  await row.getByLabel(d.organisers.addTo, { exact: true }).selectOption({ label: titles.en });
  await row.getByRole("button", { name: d.organisers.addTo, exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(d.form.saved);

  const orgContext = await browser.newContext({ baseURL });
  const mod = await orgContext.newPage();
  await setPasswordAndLogIn(mod, organiserLink, organiser, "careful hands on the ledger");
  await expect(mod).toHaveURL(/\/dashboard$/);

  // Two signers: one confirms, one never does.
  const signers = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const sp = await signers.newPage();
  const confirmedAddress = newAddress("moderation-yangon");
  await signOn(sp, "en", SLUG, { name: "A signer in Yangon", email: confirmedAddress, country: "MM" });
  await confirmFromMail(sp, linkIn((await mailTo(confirmedAddress))[0], /\/en\/confirm\//), "en");
  const pendingAddress = newAddress("moderation-pending");
  await signOn(sp, "en", SLUG, { name: "A signer in Mawlamyine", email: pendingAddress, country: "MM" });
  await mailTo(pendingAddress);
  await signers.close();
  const start = await apiCount(request, SLUG);

  // The old way, the address in the URL, finds nothing any more (and is not audited).
  await mod.goto(`/dashboard/campaigns/${SLUG}/moderation?email=${encodeURIComponent(confirmedAddress)}`);
  await expect(mod.getByTestId("found")).toHaveCount(0);

  // Found by exact address, through the POST form: the address stays out of the URL.
  await search(mod, confirmedAddress);
  await expect(mod).toHaveURL(new RegExp(`/dashboard/campaigns/${SLUG}/moderation$`));
  const found = mod.getByTestId("found");
  await expect(found.getByRole("checkbox")).toHaveCount(1);
  await expect(found.getByRole("checkbox")).toBeChecked();
  await expect(found.getByRole("listitem")).toHaveText(
    new RegExp(`^A signer in Yangon · MM · en · ${d.moderation.status.confirmed} · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`),
  );
  await mod.getByLabel(d.moderation.reason, { exact: true }).fill("Signed for someone else, by their own account");
  await mod.getByRole("button", { name: d.moderation.invalidate, exact: true }).click();
  await expect(mod.getByRole("status")).toHaveText(plural(d.moderation, "removed", 1, "en"));
  expect(await apiCount(request, SLUG)).toBe(start - 1);

  // The pending one: invalidated too, but it never counted, so the count stays.
  await search(mod, pendingAddress);
  await expect(found.getByRole("listitem")).toHaveText(new RegExp(`^A signer in Mawlamyine · MM · en · ${d.moderation.status.pending} · `));
  await mod.getByLabel(d.moderation.reason, { exact: true }).fill("A duplicate");
  await mod.getByRole("button", { name: d.moderation.invalidate, exact: true }).click();
  await expect(mod.getByRole("status")).toHaveText(plural(d.moderation, "removed", 0, "en"));
  expect(await apiCount(request, SLUG)).toBe(start - 1);
  // Searching again shows the signature as invalidated, with its reason.
  await search(mod, confirmedAddress);
  await expect(found.getByRole("listitem")).toHaveText(
    new RegExp(` · ${d.moderation.status.invalidated} · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} · Signed for someone else, by their own account$`),
  );

  // An address that never signed: nothing found (and that search is audited too).
  await search(mod, newAddress("moderation-never"));
  await expect(mod.getByText(d.moderation.none, { exact: true })).toBeVisible();
  await expect(found).toHaveCount(0);

  // A flood: 21 signatures from addresses at one domain, each from a client address of its own,
  // 20 of them confirmed through their mail's link and button.
  const domain = `flood-${Date.now().toString(36)}.example.net`;
  const flood = Array.from({ length: 21 }, (_, i) => ({ email: `signer-${i}@${domain}`, from: `127.0.0.${101 + i}` }));
  for (const f of flood) {
    const r = await send(baseURL!, "POST", `/en/campaigns/${SLUG}`, { form: { name: "A signer from a flood", email: f.email, country: "TH" }, from: f.from });
    expect(r.status, f.email).toBe(303);
  }
  const mails = await mailsAt(domain, 21);
  for (const f of flood.slice(0, 20)) {
    const mail = mails.find((m) => m.envelopeTo.includes(f.email))!;
    const token = new URL(linkIn(mail, /\/en\/confirm\/[A-Za-z0-9_-]{43}/)).pathname;
    const r = await send(baseURL!, "POST", token, { form: {}, from: f.from });
    expect(r.status, f.email).toBe(303);
    expect(r.headers.location).toBe(`/en/campaigns/${SLUG}/thanks`);
  }
  expect(await apiCount(request, SLUG)).toBe(start - 1 + 20);

  // The signal: the domain with its 21 signatures (pending ones included), and a button.
  await mod.goto(`/dashboard/campaigns/${SLUG}/moderation`);
  const signal = mod.locator("form.signal").filter({ hasText: domain });
  await expect(signal).toHaveCount(1);
  await expect(signal.getByRole("paragraph")).toHaveText(plural(d.moderation, "domainSignal", 21, "en", { domain }));
  await signal.getByLabel(d.moderation.reason, { exact: true }).fill("One operator's flood");
  await signal.getByRole("button", { name: d.moderation.invalidateDomain, exact: true }).click();
  await expect(mod.getByRole("status")).toHaveText(plural(d.moderation, "removed", 20, "en"));
  expect(await apiCount(request, SLUG)).toBe(start - 1);
  await mod.reload();
  await expect(mod.locator("form.signal").filter({ hasText: domain })).toHaveCount(0);
  await orgContext.close();

  // The administrator reads it all in the audit log: each search (found or not) and each removal, with its count.
  await page.goto("/dashboard/audit");
  // The organiser's moderation rows (setting the password is on record too, with subject "self").
  const rows = page
    .getByTestId("audit")
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: organiser, exact: true }) })
    .filter({ has: page.getByRole("cell", { name: SLUG, exact: true }) });
  const expected = [
    ["invalidate.domain", "20"],
    ["view.signature_by_email", "0"],
    ["view.signature_by_email", "1"],
    ["invalidate.signatures", "0"],
    ["view.signature_by_email", "1"],
    ["invalidate.signatures", "1"],
    ["view.signature_by_email", "1"],
  ];
  await expect(rows).toHaveCount(expected.length);
  for (const [i, [action, count]] of expected.entries()) {
    await expect(rows.nth(i).getByRole("cell")).toHaveText([/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, organiser, action, SLUG, count]);
  }
});
