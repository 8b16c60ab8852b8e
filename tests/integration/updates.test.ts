import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { campaignResponses, campaignUpdates, postUpdate, recordResponse } from "../../app/models/update.server";
import * as unsubscribeRoute from "../../app/routes/$lang.unsubscribe.$signature.$mac";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { testContext } from "../helpers/context";
import { latestConfirmToken, signAs } from "../helpers/signing";

const crypto = createCrypto("updates-secret-of-at-least-32-characters!");
const SECRET = "t".repeat(40); // testContext's APP_SECRET
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
    secret: SECRET,
  });
  while ((await w.runOnce()) > 0);
}
async function signed(email: string, locale: string, consent: boolean, confirm = true) {
  await signAs(t.db, crypto, { slug: "arms-embargo", email, locale, consentUpdates: consent });
  if (confirm) await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
}

describe(`news for signers (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("mails an update only to confirmed signers who asked for news, each in their language, with one-click unsubscribe", async () => {
    await signed("news-my@example.org", "my", true);
    await signed("news-fr@example.org", "fr", true);
    await signed("news-th@example.org", "th", true); // no Thai text: gets the default language
    await signed("quiet@example.org", "en", false);
    await signed("pending@example.org", "en", true, false);
    await drain();
    smtp.messages.length = 0;

    const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    const organiser = await t.db
      .insertInto("organisers")
      .values({ email_hmac: crypto.emailHmac("o@example.org"), email_enc: crypto.encrypt("o@example.org"), role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const queued = await postUpdate(
      t.db,
      crypto,
      c.id,
      organiser.id,
      {
        en: { title: "The Council will meet", body: "The **Security Council** meets next week." },
        my: { title: "လုံခြုံရေးကောင်စီ အစည်းအဝေး", body: "လာမည့်အပတ်တွင် အစည်းအဝေး ရှိပါမည်။" },
        fr: { title: "Le Conseil se réunira", body: "Le Conseil se réunit la semaine prochaine." },
      },
      "padauk.test",
    );
    expect(queued).toBe(3);
    await drain();
    const to = (m: (typeof smtp.messages)[number]) => (m.to as { text: string }).text;
    expect(smtp.messages.map(to).sort()).toEqual(["news-fr@example.org", "news-my@example.org", "news-th@example.org"]);
    const byTo = Object.fromEntries(smtp.messages.map((m) => [to(m), m]));
    expect(byTo["news-my@example.org"].subject).toBe("လုံခြုံရေးကောင်စီ အစည်းအဝေး");
    expect(byTo["news-fr@example.org"].subject).toBe("Le Conseil se réunira");
    expect(byTo["news-th@example.org"].subject).toBe("The Council will meet");
    expect(byTo["news-fr@example.org"].html).toContain("Le Conseil");
    const header = (name: string) => byTo["news-my@example.org"].headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, "") ?? "";
    const unsub = header("list-unsubscribe");
    expect(unsub).toMatch(/^<http:\/\/padauk\.test\/my\/unsubscribe\/\d+\/[A-Za-z0-9_-]{32}>$/);
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");

    // The one-click POST a mail client sends, with no page and no cookie.
    const [, id, mac] = unsub.match(/unsubscribe\/(\d+)\/([^>]+)>/)!;
    const context = testContext(t.db, crypto);
    const request = new Request(`http://padauk.test/my/unsubscribe/${id}/${mac}`, { method: "POST", body: "List-Unsubscribe=One-Click" });
    expect(await unsubscribeRoute.action({ request, params: { lang: "my", signature: id, mac }, context })).toEqual({ done: true });
    // A forged link is a 404, and unsubscribes nobody.
    await expect(unsubscribeRoute.action({ request, params: { lang: "my", signature: id, mac: "A".repeat(32) }, context })).rejects.toSatisfy(
      (e: unknown) => (e as { init?: { status: number } }).init?.status === 404,
    );

    smtp.messages.length = 0;
    await postUpdate(t.db, crypto, c.id, organiser.id, { en: { title: "Second", body: "More news." } }, "padauk.test");
    await drain();
    expect(smtp.messages.map(to).sort()).toEqual(["news-fr@example.org", "news-th@example.org"]);
    // The signature still counts.
    expect((await findPublicCampaign(t.db, "arms-embargo", "en"))!.signatureCount).toBe(4);

    // The page shows updates in the reader's language where written.
    const updates = await campaignUpdates(t.db, c.id, "my", "en");
    expect(updates.map((u) => u.title)).toEqual(["Second", "လုံခြုံရေးကောင်စီ အစည်းအဝေး"]);
  });

  it("records an official's response", async () => {
    const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    await recordResponse(t.db, c.id, {
      responder: "A Security Council member's mission",
      respondedOn: "2026-11-20",
      text: "We will raise it.",
      url: "https://example.org/response",
    });
    expect(await campaignResponses(t.db, c.id)).toEqual([
      expect.objectContaining({ responder: "A Security Council member's mission", respondedOn: "2026-11-20", url: "https://example.org/response" }),
    ]);
  });
});
