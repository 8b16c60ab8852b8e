import { expect, test, type Page } from "@playwright/test";
import { apiCampaign, emailStrings, linkIn, mailTo, newAddress, receivedMail, sendLetterFromMail, strings } from "./support";

/** Three Security Council members a supporter in Bangkok chooses to write to. */
const CHOSEN = ["France", "the United Kingdom", "Panama"];

async function writeToThree(page: Page, lng: string, slug: string, address: string, body: string) {
  const t = strings(lng);
  await page.goto(`/${lng}/campaigns/${slug}`);
  await page.getByRole("link", { name: t.write.cta }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.write.heading);
  // Every member is ticked at first; keep three.
  const boxes = page.getByRole("checkbox");
  await expect(boxes).toHaveCount(15);
  for (const box of await boxes.all()) {
    const label = (await box.locator("xpath=following-sibling::label").textContent()) ?? "";
    if (!CHOSEN.some((c) => label.includes(`Permanent Representative of ${c}`))) await box.uncheck();
  }
  // The letter starts from the campaign's template in this language; the supporter adds a line.
  const bodyField = page.getByLabel(t.write.body, { exact: true });
  await expect(bodyField).not.toHaveValue("");
  await bodyField.fill(`${body}\n\n${await bodyField.inputValue()}`);
  const subject = await page.getByLabel(t.write.subject, { exact: true }).inputValue();
  await page.getByLabel(t.sign.name, { exact: true }).fill("ผู้สนับสนุนในกรุงเทพฯ");
  await page.getByLabel(t.sign.email, { exact: true }).fill(address);
  await page.getByLabel(t.sign.country, { exact: true }).selectOption("TH");
  await page.getByLabel(t.write.area, { exact: true }).fill("Bangkok 10330");
  await page.getByRole("button", { name: t.write.submit }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.messageSent.title);
  return subject;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a supporter in Bangkok writes in Thai to three Security Council missions, confirms, and exactly three letters reach the SMTP server", async ({
      page,
      request,
    }) => {
      const th = strings("th");
      const slug = javaScriptEnabled ? "arms-embargo" : "icc-referral";
      const before = await apiCampaign(request, slug);
      const address = newAddress("bangkok");
      const ownLine = `ข้าพเจ้าเขียนจากกรุงเทพฯ (${javaScriptEnabled ? "JS" : "no JS"})`;
      const subject = await writeToThree(page, "th", slug, address, ownLine);

      // Only the confirmation mail so far, in Thai; nothing has gone to the officials.
      const [confirm] = await mailTo(address);
      expect(confirm.subject).toContain(emailStrings("th").messageConfirm.subject.split("{{")[0].trim());
      // It quotes the letter as written, so the writer confirms what they read.
      const lines = confirm.text!.split("\n");
      const quoteAt = lines.indexOf(emailStrings("th").messageConfirm.letter);
      expect(quoteAt).toBeGreaterThan(0);
      expect(lines[quoteAt + 2]).toBe(subject);
      expect(lines.filter((line) => line === `> ${ownLine}`)).toHaveLength(1);
      expect(String(confirm.html)).toContain(ownLine);
      const lettersBefore = (await receivedMail()).filter((m) => m.replyTo?.value[0]?.address === address);
      expect(lettersBefore).toHaveLength(0);

      await sendLetterFromMail(page, linkIn(confirm, /\/th\/messages\/confirm\//), "th");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(th.receipt.title);
      const receipt = page.getByTestId("receipt");
      await expect(receipt.getByRole("listitem")).toHaveCount(3);
      for (const c of CHOSEN) await expect(receipt).toContainText(`Permanent Representative of ${c}`);

      let letters: Awaited<ReturnType<typeof receivedMail>> = [];
      await expect
        .poll(
          async () => {
            letters = (await receivedMail()).filter((m) => m.replyTo?.value[0]?.address === address);
            return letters.length;
          },
          { timeout: 15_000 },
        )
        .toBe(3);
      expect(letters.flatMap((m) => m.envelopeTo).sort()).toEqual([
        "placeholder-unsc-fr@example.org",
        "placeholder-unsc-gb@example.org",
        "placeholder-unsc-pa@example.org",
      ]);
      for (const m of letters) {
        expect(m.replyTo?.value[0]).toMatchObject({ address, name: "ผู้สนับสนุนในกรุงเทพฯ" });
        expect(m.subject).toBe(subject);
        expect(m.text).toContain(ownLine);
        expect(m.text).toContain("ผู้สนับสนุนในกรุงเทพฯ\nBangkok 10330, ");
        expect(m.text).toMatch(/Padauk/);
      }
      // Each letter greets its own official.
      for (const c of CHOSEN) expect(letters.some((m) => m.text!.includes(`Permanent Representative of ${c}`))).toBe(true);

      await expect.poll(async () => (await apiCampaign(request, slug)).messagesSent, { timeout: 10_000 }).toBe(before.messagesSent + 3);
      const after = await apiCampaign(request, slug);
      expect(after.targetsCount).toBeGreaterThanOrEqual(3);
      // Officials' addresses never appear in public responses.
      expect(JSON.stringify(after)).not.toContain("@example.org");
      await page.goto(`/th/campaigns/${slug}/write`);
      expect(await page.content()).not.toContain("@example.org");
    });
  });
}

test("a supporter from Thailand finds no government to write to for the prisoners campaign, then picks another country", async ({ page }) => {
  const en = strings("en");
  await page.goto("/en/campaigns/free-political-prisoners/write");
  await expect(page.getByText(en.write.countryIntro)).toBeVisible();
  await page.getByLabel(en.sign.country, { exact: true }).selectOption("MM");
  await page.getByRole("button", { name: en.write.findTargets }).click();
  await expect(page.getByText(en.write.noTargets.replace("{{country}}", "Myanmar (Burma)"))).toBeVisible();
  await page.getByLabel(en.sign.country, { exact: true }).selectOption("TH");
  await page.getByRole("button", { name: en.write.findTargets }).click();
  await expect(page.getByRole("checkbox")).toHaveCount(1);
  await expect(page.getByText("Ministry of Foreign Affairs of the Kingdom of Thailand")).toBeVisible();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("a supporter in Bangkok sends her letter with the code from the mail, typed on the page, without opening the link", async ({ page }) => {
    const th = strings("th");
    const address = newAddress("bangkok-code");
    await writeToThree(page, "th", "icc-referral", address, "ข้าพเจ้ายืนยันด้วยรหัส");
    const [confirm] = await mailTo(address);
    const code = confirm.text!.match(/\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b/)?.[0];
    expect(code, confirm.text).toBeTruthy();
    const lines = confirm.text!.split("\n");
    expect(lines[lines.indexOf(emailStrings("th").messageConfirm.code) + 1]).toBe(code);

    // A wrong code is refused beside the field, in Thai; nothing goes out.
    await page.getByLabel(th.checkInbox.codeLabel, { exact: true }).fill("00000-00000");
    await page.getByRole("button", { name: th.messageSent.codeSubmit }).click();
    await expect(page.getByRole("alert")).toHaveText(th.errors.codeInvalid);
    await expect(page.getByLabel(th.checkInbox.codeLabel, { exact: true })).toBeFocused();

    // Typed in lower case with a space, as on a phone: the letter is on its way.
    await page.getByLabel(th.checkInbox.codeLabel, { exact: true }).fill(code!.toLowerCase().replace("-", " "));
    await page.getByRole("button", { name: th.messageSent.codeSubmit }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(th.receipt.title);
    await expect(page.getByTestId("receipt").getByRole("listitem")).toHaveCount(3);
    await expect.poll(async () => (await receivedMail()).filter((m) => m.replyTo?.value[0]?.address === address).length, { timeout: 15_000 }).toBe(3);
    // The link in the mail is spent: it leads to the same receipt, and nothing more is sent.
    await page.goto(linkIn(confirm, /\/th\/messages\/confirm\//));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(th.receipt.title);
    expect((await receivedMail()).filter((m) => m.replyTo?.value[0]?.address === address)).toHaveLength(3);
  });
});
