import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  confirmFromMail,
  dashboardStrings,
  emailStrings,
  fill,
  linkIn,
  mailTo,
  newAddress,
  organiserCreate,
  receivedMail,
  rejectAtSmtp,
  sendLetterFromMail,
  setPasswordAndLogIn,
  signOn,
  strings,
  type ReceivedMail,
} from "./support";

/**
 * Letters to officials: who must confirm by mail and who need not, and what happens when an
 * official's address bounces. On the ASEAN campaign, whose ministries no other spec writes to.
 */

const SLUG = "asean-engage-nug";
const en = strings("en");
const d = dashboardStrings("en");

/** The ministries this spec writes to, as db/seed/targets.ts lists them. */
const MINISTRY = {
  SG: { name: "The Minister for Foreign Affairs", organisation: "Ministry of Foreign Affairs, Singapore", email: "placeholder-mfa-sg@example.org" },
  PH: { name: "The Secretary of Foreign Affairs", organisation: "Department of Foreign Affairs, Philippines", email: "placeholder-mfa-ph@example.org" },
  LA: { name: "The Minister for Foreign Affairs", organisation: "Ministry of Foreign Affairs, Lao PDR", email: "placeholder-mfa-la@example.org" },
  VN: { name: "The Minister for Foreign Affairs", organisation: "Ministry of Foreign Affairs, Viet Nam", email: "placeholder-mfa-vn@example.org" },
  MY: { name: "The Minister for Foreign Affairs", organisation: "Ministry of Foreign Affairs, Malaysia", email: "placeholder-mfa-my@example.org" },
};
type Ministry = (typeof MINISTRY)[keyof typeof MINISTRY];

/** Fills the composer (it opens with every ministry ticked) for `to`, and sends it. */
async function writeTo(page: Page, who: { name: string; email: string; country: string }, to: Ministry[]) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en.write.heading);
  const boxes = page.getByRole("checkbox");
  await expect(boxes).toHaveCount(10);
  for (const box of await boxes.all()) {
    const label = (await page.locator(`label[for="${await box.getAttribute("id")}"]`).textContent()) ?? "";
    if (!to.some((m) => label.endsWith(m.organisation))) await box.uncheck();
  }
  await expect(page.getByRole("checkbox", { checked: true })).toHaveCount(to.length);
  await page.getByLabel(en.sign.name, { exact: true }).fill(who.name);
  await page.getByLabel(en.sign.email, { exact: true }).fill(who.email);
  await page.getByLabel(en.sign.country, { exact: true }).selectOption(who.country);
  await page.getByRole("button", { name: en.write.submit }).click();
}

/** The receipt's lines, sorted (officials with the same name come in no fixed order). */
const receipt = async (page: Page) => (await page.getByTestId("receipt").getByRole("listitem").allTextContents()).sort();
const line = (m: Ministry, state: string) => `${m.name} (${m.organisation}): ${state}`;
/** Reloads the receipt until it says `lines`. */
async function receiptSays(page: Page, lines: string[]) {
  await expect(async () => {
    await page.reload();
    expect(await receipt(page)).toEqual([...lines].sort());
  }).toPass({ timeout: 20_000 });
}

/** Letters that reached the SMTP server with `supporter` as their Reply-To. */
const lettersFrom = async (supporter: string): Promise<ReceivedMail[]> =>
  (await receivedMail()).filter((m) => m.replyTo?.value[0]?.address?.toLowerCase() === supporter.toLowerCase());
async function waitForLetters(supporter: string, count: number): Promise<ReceivedMail[]> {
  let found: ReceivedMail[] = [];
  await expect.poll(async () => (found = await lettersFrom(supporter)).length, { timeout: 20_000 }).toBe(count);
  return found;
}

async function newBrowser(browser: Browser, baseURL: string | undefined, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  return { page: await context.newPage(), close: () => context.close() };
}

test("a signer who just confirmed writes without a second mail; the same address in another browser must confirm; a bounced ministry's letters wait until an administrator corrects its address", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const title = (await (await page.request.get(`/api/v1/campaigns/${SLUG}`)).json()).titles.en as string;

  // A signer in Jakarta signs and confirms; in that same browser she writes to two ministries.
  const jakarta = await newBrowser(browser, baseURL, true);
  const address = newAddress("letters-jakarta");
  const who = { name: "A signer in Jakarta", email: address, country: "ID" };
  await signOn(jakarta.page, "en", SLUG, who);
  await confirmFromMail(jakarta.page, linkIn((await mailTo(address))[0], /\/en\/confirm\//), "en");
  await expect(jakarta.page.getByRole("heading", { level: 1 })).toHaveText(en.thanks.title);
  await jakarta.page.getByRole("link", { name: en.write.cta }).click();
  await writeTo(jakarta.page, who, [MINISTRY.SG, MINISTRY.PH]);
  // Straight to the receipt: no "check your inbox".
  await expect(jakarta.page.getByRole("heading", { level: 1 })).toHaveText(en.receipt.title);
  const first = await waitForLetters(address, 2);
  expect(first.flatMap((m) => m.envelopeTo).sort()).toEqual([MINISTRY.PH.email, MINISTRY.SG.email]);
  await receiptSays(jakarta.page, [line(MINISTRY.SG, en.receipt.stateSent), line(MINISTRY.PH, en.receipt.stateSent)]);
  // Her only mail is the signature's confirmation.
  expect((await receivedMail()).filter((m) => m.envelopeTo.includes(address))).toHaveLength(1);
  await jakarta.close();

  // The same address, typed in another browser (no proof of the address there): a mail must confirm it.
  const other = await newBrowser(browser, baseURL, false);
  await other.page.goto(`/en/campaigns/${SLUG}/write`);
  await writeTo(other.page, who, [MINISTRY.LA, MINISTRY.SG]);
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(en.messageSent.title);
  const [, confirmLetter] = await mailTo(address, 2);
  expect(confirmLetter.subject).toBe(fill(emailStrings("en").messageConfirm.subject, { title }));
  // Nothing goes to the officials before the button.
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await lettersFrom(address)).toHaveLength(2);
  await sendLetterFromMail(other.page, linkIn(confirmLetter, /\/en\/messages\/confirm\//), "en");
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(en.receipt.title);
  const second = await waitForLetters(address, 3);
  expect(second.flatMap((m) => m.envelopeTo).sort()).toEqual([MINISTRY.LA.email, MINISTRY.PH.email, MINISTRY.SG.email]);
  // Singapore already had her letter: not sent twice.
  await receiptSays(other.page, [line(MINISTRY.LA, en.receipt.stateSent), line(MINISTRY.SG, en.receipt.stateAlreadyWritten)]);
  await other.close();

  // An administrator, logged in, watches the officials' addresses.
  const admin = newAddress("letters-admin");
  await setPasswordAndLogIn(page, await organiserCreate(admin, "admin"), admin, "a ledger of letters by the Mekong");
  await expect(page).toHaveURL(/\/dashboard$/);
  const listRow = async () => {
    await page.goto("/dashboard/targets");
    return page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "ASEAN foreign ministries", exact: true }) })
      .getByRole("cell");
  };
  await expect(await listRow()).toHaveText(["ASEAN foreign ministries", "10", "0"]);

  // Viet Nam's ministry address stops existing: the mail server answers 550.
  rejectAtSmtp(MINISTRY.VN.email);
  const hanoi = await newBrowser(browser, baseURL, false);
  const hanoiAddress = newAddress("letters-hanoi");
  await hanoi.page.goto(`/en/campaigns/${SLUG}/write`);
  await writeTo(hanoi.page, { name: "A supporter in Hanoi", email: hanoiAddress, country: "VN" }, [MINISTRY.VN]);
  await sendLetterFromMail(hanoi.page, linkIn((await mailTo(hanoiAddress))[0], /\/en\/messages\/confirm\//), "en");
  await receiptSays(hanoi.page, [line(MINISTRY.VN, en.receipt.stateFailed)]);
  await hanoi.close();
  // The bounce marks the address as failing.
  await expect(async () => expect(await (await listRow()).allTextContents()).toEqual(["ASEAN foreign ministries", "10", "1"])).toPass({ timeout: 10_000 });

  // The next letter to Viet Nam is held; the same supporter's letter to Malaysia goes.
  const kl = await newBrowser(browser, baseURL, false);
  const klAddress = newAddress("letters-kuala-lumpur");
  await kl.page.goto(`/en/campaigns/${SLUG}/write`);
  await writeTo(kl.page, { name: "A supporter in Kuala Lumpur", email: klAddress, country: "MY" }, [MINISTRY.VN, MINISTRY.MY]);
  await sendLetterFromMail(kl.page, linkIn((await mailTo(klAddress))[0], /\/en\/messages\/confirm\//), "en");
  const toMalaysia = await waitForLetters(klAddress, 1);
  expect(toMalaysia[0].envelopeTo).toEqual([MINISTRY.MY.email]);
  // The worker passes every second: a few passes later, Viet Nam's letter is still waiting.
  await new Promise((r) => setTimeout(r, 4_000));
  expect(await lettersFrom(klAddress)).toHaveLength(1);
  await receiptSays(kl.page, [line(MINISTRY.VN, en.receipt.stateQueued), line(MINISTRY.MY, en.receipt.stateSent)]);

  // The administrator corrects the address on the list's page; the held letter goes to it.
  const corrected = newAddress("corrected-mfa-vn");
  await page.getByRole("link", { name: "ASEAN foreign ministries", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ASEAN foreign ministries");
  const fix = page.getByLabel(d.targets.newAddress, { exact: true });
  await expect(fix).toHaveCount(1);
  await expect(fix).toHaveValue(MINISTRY.VN.email);
  await fix.fill(corrected);
  await page.getByRole("button", { name: d.targets.fix, exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(d.targets.fixed);

  const held = await waitForLetters(klAddress, 2);
  const toVietNam = held.filter((m) => !m.envelopeTo.includes(MINISTRY.MY.email));
  expect(toVietNam.map((m) => m.envelopeTo)).toEqual([[corrected]]);
  expect(toVietNam[0].replyTo?.value[0]).toMatchObject({ address: klAddress, name: "A supporter in Kuala Lumpur" });
  await receiptSays(kl.page, [line(MINISTRY.VN, en.receipt.stateSent), line(MINISTRY.MY, en.receipt.stateSent)]);
  await kl.close();
  // Only the held letter: the one that bounced is not sent again, to either address.
  await new Promise((r) => setTimeout(r, 2_000));
  expect((await receivedMail()).filter((m) => m.envelopeTo.includes(corrected))).toHaveLength(1);
  expect(await lettersFrom(hanoiAddress)).toHaveLength(0);
  await expect(await listRow()).toHaveText(["ASEAN foreign ministries", "10", "0"]);
});
