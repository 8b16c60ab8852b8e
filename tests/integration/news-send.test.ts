import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { campaignUpdates } from "../../app/models/update.server";
import { confirmNews, draftNews, newsConfirmation, previewNews, sendNewsTest } from "../../app/services/news-send.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { testContext } from "../helpers/context";
import { latestConfirmToken, signAs } from "../helpers/signing";

const crypto = createCrypto("news-send-secret-of-at-least-32-characters!");
let t: TestDatabase;
let smtp: TestSmtp;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
});
afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});

async function drain() {
  const w = new OutboxWorker({
    db: t.db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <n@padauk.test>", dataDir: "/x" }),
    publicUrl: "http://padauk.test",
    secret: "t".repeat(40),
  });
  while ((await w.runOnce()) > 0);
}
async function signed(email: string, locale: string, consent: boolean, confirm = true) {
  await signAs(t.db, crypto, { slug: "arms-embargo", email, locale, consentUpdates: consent });
  if (confirm) await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
}
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const to = (m: TestSmtp["messages"][number]) => (m.to as { text: string }).text;

describe(`news previewed, tested and confirmed (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("an organiser previews the news, sends a test to herself, reads it in the SMTP catcher, then sends to 4 signers", async () => {
    await signed("yangon-1@example.org", "my", true);
    await signed("yangon-2@example.org", "my", true);
    await signed("lyon@example.org", "fr", true);
    await signed("chiang-mai@example.org", "th", true); // no Thai version: the worker sends the default language's
    await signed("quiet@example.org", "en", false);
    await signed("pending@example.org", "en", true, false);
    await drain();
    smtp.messages.length = 0;

    const ctx = testContext(t.db, crypto);
    const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    const campaign = { id: c.id, slug: c.slug, defaultLocale: "en" };
    const organiser = await t.db
      .insertInto("organisers")
      .values({ email_hmac: crypto.emailHmac("organiser@example.org"), email_enc: crypto.encrypt("organiser@example.org"), role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const texts = {
      title_en: "The Council will meet",
      body_en: "The **Security Council** meets [next week](https://example.org/agenda).\n\n- a vote\n- a statement",
      title_my: "လုံခြုံရေးကောင်စီ အစည်းအဝေး",
      body_my: "လာမည့်အပတ်တွင် **အစည်းအဝေး** ရှိပါမည်။",
      title_fr: "Le Conseil se réunira",
      body_fr: "Le Conseil se réunit la semaine prochaine.",
    };

    // "Preview" renders the bodies and stores nothing.
    const preview = await previewNews(ctx, organiser.id, campaign, form(texts));
    expect(preview).toMatchObject({ kind: "preview", values: { en: { html: expect.stringContaining("<strong>Security Council</strong>") } } });
    expect(await t.db.selectFrom("campaign_updates").select("id").execute()).toEqual([]);

    // Without the default language's title nothing is stored.
    expect(await draftNews(ctx, organiser.id, campaign, form({ ...texts, title_en: "" }))).toEqual({ kind: "invalid", error: "updateDefaultMissing" });
    expect(await t.db.selectFrom("campaign_updates").select("id").execute()).toEqual([]);

    const drafted = await draftNews(ctx, organiser.id, campaign, form(texts));
    if (drafted.kind !== "drafted") throw new Error(drafted.kind);
    // A draft is on no public page, and nothing is queued.
    expect(await campaignUpdates(t.db, c.id, "en", "en")).toEqual([]);
    await drain();
    expect(smtp.messages).toHaveLength(0);

    const confirmation = (await newsConfirmation(ctx, campaign, String(drafted.id)))!;
    expect(confirmation.total).toBe(4);
    const byLang = Object.fromEntries(confirmation.audience.map((a) => [a.lang, a]));
    expect(Object.fromEntries(confirmation.audience.map((a) => [a.lang, [a.count, a.versionLocale]]))).toEqual({
      my: [2, "my"],
      fr: [1, "fr"],
      th: [1, "en"],
    });
    expect(byLang.my.mail.subject).toBe("လုံခြုံရေးကောင်စီ အစည်းအဝေး");
    expect(byLang.th.mail.subject).toBe("The Council will meet");
    // The plain-text part reads Markdown as text.
    expect(byLang.th.mail.text).toContain("The Security Council meets next week (https://example.org/agenda).\n\n- a vote\n- a statement");
    expect(byLang.th.mail.text).not.toContain("**");
    expect(byLang.th.htmlBody).toContain("<strong>Security Council</strong>");

    // The test: exactly one mail, to her own address, marked as a test in her language.
    expect(await sendNewsTest(ctx, { id: organiser.id, email: "organiser@example.org" }, campaign, form({ draft: String(drafted.id) }), "my")).toEqual({
      kind: "tested",
      to: "organiser@example.org",
    });
    await drain();
    expect(smtp.messages.map(to)).toEqual(["organiser@example.org"]);
    expect(smtp.messages[0].subject).toBe("[အစမ်း] လုံခြုံရေးကောင်စီ အစည်းအဝေး");
    expect(smtp.messages[0].text).toContain("အစည်းအဝေး ရှိပါမည်။");
    expect(smtp.messages[0].text).not.toContain("**");
    smtp.messages.length = 0;
    // Still a draft after the test.
    expect((await newsConfirmation(ctx, campaign, String(drafted.id)))!.total).toBe(4);

    // The send: exactly the four signers who asked for news, once.
    expect(await confirmNews(ctx, organiser.id, campaign, form({ draft: String(drafted.id) }))).toEqual({ kind: "posted", queued: 4 });
    await drain();
    expect(smtp.messages.map(to).sort()).toEqual(["chiang-mai@example.org", "lyon@example.org", "yangon-1@example.org", "yangon-2@example.org"]);
    expect(smtp.messages.find((m) => to(m) === "lyon@example.org")!.subject).toBe("Le Conseil se réunira");
    smtp.messages.length = 0;

    // A second confirm of the same draft sends nothing more.
    expect(await confirmNews(ctx, organiser.id, campaign, form({ draft: String(drafted.id) }))).toEqual({ kind: "already-sent" });
    await drain();
    expect(smtp.messages).toHaveLength(0);
    expect(await newsConfirmation(ctx, campaign, String(drafted.id))).toBeUndefined();
    expect((await campaignUpdates(t.db, c.id, "en", "en")).map((u) => u.title)).toEqual(["The Council will meet"]);
    // Another campaign's id, or none, is not found.
    expect(await confirmNews(ctx, organiser.id, { ...campaign, id: c.id + 1000 }, form({ draft: String(drafted.id) }))).toEqual({ kind: "not-found" });
    expect(await confirmNews(ctx, organiser.id, campaign, form({ draft: "x" }))).toEqual({ kind: "not-found" });
  });
});
