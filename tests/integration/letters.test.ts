import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { claimDue } from "../../app/models/outbox.server";
import { confirmMessage, isPersonalised } from "../../app/models/message.server";
import { eraseOldMessages } from "../../app/models/message-retention.server";
import { messageReceipt, messageTotals } from "../../app/models/message-receipt.server";
import { setTargetAddress } from "../../app/models/target.server";
import { letterStats } from "../../app/models/campaign-stats.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { offeredTargets, writeLetter } from "../helpers/letters";
import enEmail from "../../locales/en/email.json";

const crypto = createCrypto("letters-secret-of-at-least-32-characters!");
let t: TestDatabase;
let smtp: TestSmtp;
let worker: OutboxWorker;

const newWorker = (opts: { clock?: () => Date } = {}) =>
  new OutboxWorker({
    db: t.db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" }),
    publicUrl: "http://padauk.test",
    batchSize: 100,
    ...opts,
  });

/** Run passes until nothing is due. */
async function drain(w = worker) {
  while ((await w.runOnce()) > 0);
}

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
  worker = newWorker();
});
afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});
beforeEach(() => {
  smtp.messages.length = 0;
});

const to = (m: { to?: unknown }) => (m.to as { text: string }).text;
const confirmToken = (text: string) => text.match(/\/messages\/confirm\/([A-Za-z0-9_-]{43})/)![1];

describe(`letters to officials (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("sends nothing until the supporter confirms, then one letter per official with the supporter as Reply-To", async () => {
    // France on purpose: its letter's footer must be French, with the campaign's French title.
    const offered = await offeredTargets(t.db, "arms-embargo");
    const targets = ["France", "the United Kingdom", "China"].map((c) => offered.find((x) => x.name === `Permanent Representative of ${c}`)!);
    const body = "I am writing from Bangkok because my friends in Yangon cannot.\n\nPlease act now.";
    const created = await writeLetter(t.db, crypto, {
      slug: "arms-embargo",
      email: "bangkok@example.org",
      targetIds: targets.map((x) => x.id),
      locale: "th",
      subject: "ขอให้ท่านสนับสนุนการห้ามขายอาวุธ",
      body,
    });
    expect(created.confirmed).toBe(false);

    await drain();
    // Only the confirmation mail to the supporter, in Thai.
    expect(smtp.messages.map(to)).toEqual(["bangkok@example.org"]);
    expect(smtp.messages[0].headers.get("content-language")).toBe("th");
    const token = confirmToken(smtp.messages[0].text!);
    smtp.messages.length = 0;

    const confirmed = await confirmMessage(t.db, crypto, token, "padauk.test");
    expect(confirmed.status).toBe("confirmed");
    await drain();
    expect(smtp.messages).toHaveLength(3);
    for (const m of smtp.messages) {
      expect(m.from?.value).toEqual([{ address: "no-reply@padauk.test", name: "Padauk" }]);
      expect(m.replyTo?.value).toEqual([{ address: "bangkok@example.org", name: "A supporter in Bangkok" }]);
      expect(m.subject).toBe("ขอให้ท่านสนับสนุนการห้ามขายอาวุธ");
      expect(m.html).toBeFalsy();
    }
    expect(smtp.messages.map(to).sort()).toEqual(["placeholder-unsc-cn@example.org", "placeholder-unsc-fr@example.org", "placeholder-unsc-gb@example.org"]);
    // Each letter is addressed to its own official and greets in the letter's language (Thai);
    // the footer is in the official's language where we speak it (French for France), else English.
    const footers: Record<string, string> = {
      fr: "A supporter in Bangkok a rédigé cette lettre et vous l’a adressée par l’intermédiaire de Padauk, dans le cadre de la campagne «\u00a0Imposez un embargo sur les armes et le carburant d’aviation au Myanmar\u00a0» (http://padauk.test/fr/campaigns/arms-embargo). Vous pouvez répondre directement à A supporter in Bangkok en répondant à cet e-mail.",
      en: "A supporter in Bangkok wrote this letter and sent it through Padauk for the campaign “Cut off the junta’s weapons and fuel: impose a UN arms embargo on Myanmar” (http://padauk.test/en/campaigns/arms-embargo). Reply to this email to answer A supporter in Bangkok directly.",
    };
    for (const [x, address, footer] of [
      [targets[0], "placeholder-unsc-fr@example.org", footers.fr],
      [targets[1], "placeholder-unsc-gb@example.org", footers.en],
      [targets[2], "placeholder-unsc-cn@example.org", footers.en],
    ] as const) {
      const m = smtp.messages.find((y) => to(y) === address)!;
      expect(m.text).toBe(
        [
          x.name,
          `${x.role}, ${x.organisation}`,
          "",
          "เรียน ท่านเอกอัครราชทูต",
          "",
          body,
          "",
          "ขอแสดงความนับถือ",
          "A supporter in Bangkok",
          "Bangkok, ไทย",
          "",
          "-- ",
          footer,
          "",
        ].join("\n"),
      );
    }

    const campaign = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    expect(await messageTotals(t.db, campaign.id)).toEqual({ messagesSent: 3, targetsCount: 3 });
    const receipt = (await messageReceipt(t.db, confirmed.status === "confirmed" ? confirmed.publicId : ""))!;
    expect(receipt.targets.map((x) => x.state)).toEqual(["sent", "sent", "sent"]);

    // The link again: nothing more is sent.
    expect((await confirmMessage(t.db, crypto, token, "padauk.test")).status).toBe("already-confirmed");
    await drain();
    expect(smtp.messages).toHaveLength(3);
  });

  it("writes at most once per supporter, official and campaign", async () => {
    const [a, b] = await offeredTargets(t.db, "icc-referral");
    const first = await writeLetter(t.db, crypto, { slug: "icc-referral", email: "once@example.org", targetIds: [a.id], verified: true });
    await drain();
    expect(smtp.messages).toHaveLength(1);
    // Same supporter (another spelling of the address), the same official again plus a new one.
    const second = await writeLetter(t.db, crypto, { slug: "icc-referral", email: " ONCE@example.org", targetIds: [a.id, b.id], verified: true });
    await drain();
    expect(smtp.messages).toHaveLength(2);
    const receipt = (await messageReceipt(t.db, second.publicId))!;
    expect(Object.fromEntries(receipt.targets.map((x) => [x.name, x.state]))).toEqual({ [a.name]: "already-written", [b.name]: "sent" });
    expect((await messageReceipt(t.db, first.publicId))!.targets.map((x) => x.state)).toEqual(["sent"]);
  });

  it("keeps letters while SMTP refuses and delivers each once when it is back", async () => {
    const [, , c] = await offeredTargets(t.db, "icc-referral");
    await smtp.stop();
    await writeLetter(t.db, crypto, { slug: "icc-referral", email: "patient@example.org", targetIds: [c.id], verified: true });
    await worker.runOnce();
    await sql`update outbox set next_attempt_at = now() where status = 'failed_temporary'`.execute(t.db);
    await worker.runOnce();
    const state = await t.db.selectFrom("outbox").select(["status", "attempts"]).where("target_id", "=", c.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    await smtp.start();
    expect(state).toEqual({ status: "failed_temporary", attempts: 0 }); // an outage costs the letter no attempts
    await sql`update outbox set next_attempt_at = now() where status = 'failed_temporary'`.execute(t.db);
    await drain(newWorker());
    expect(smtp.messages.map(to)).toEqual([(await t.db.selectFrom("targets").select("email").where("id", "=", c.id).executeTakeFirstOrThrow()).email]);
  });

  it("flags an official's address after a permanent bounce and holds further letters until it is fixed", async () => {
    const [, , , d] = await offeredTargets(t.db, "icc-referral");
    const address = (await t.db.selectFrom("targets").select("email").where("id", "=", d.id).executeTakeFirstOrThrow()).email;
    smtp.rejectRecipients.add(address);
    await writeLetter(t.db, crypto, { slug: "icc-referral", email: "bounce-1@example.org", targetIds: [d.id], verified: true });
    await drain();
    const first = await t.db
      .selectFrom("outbox")
      .select(["status", "last_error"])
      .where("target_id", "=", d.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(first.status).toBe("failed_permanent");
    const target = await t.db.selectFrom("targets").select(["email_status", "email_failure"]).where("id", "=", d.id).executeTakeFirstOrThrow();
    expect(target.email_status).toBe("failing");
    expect(target.email_failure).toMatch(/550/);

    // A later letter to the same official waits instead of bouncing again.
    await writeLetter(t.db, crypto, { slug: "icc-referral", email: "bounce-2@example.org", targetIds: [d.id], verified: true });
    await drain();
    expect(smtp.messages).toHaveLength(0);
    const waiting = await t.db.selectFrom("outbox").select("status").where("target_id", "=", d.id).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(waiting.status).toBe("queued");

    // An organiser corrects the address: the held letter goes out, to the new address.
    smtp.rejectRecipients.clear();
    await setTargetAddress(t.db, d.id, "corrected-mission@example.org");
    await drain();
    expect(smtp.messages.map(to)).toEqual(["corrected-mission@example.org"]);
  });

  it("sends every letter exactly once when a worker dies between claiming and sending", async () => {
    const targets = (await offeredTargets(t.db, "asean-engage-nug")).slice(0, 4);
    await writeLetter(t.db, crypto, { slug: "asean-engage-nug", email: "crash@example.org", targetIds: targets.map((x) => x.id), verified: true });
    // The dying worker's first step, then nothing: the process is gone.
    const claimed = await claimDue(t.db, 100);
    expect(claimed).toHaveLength(4);
    // A fresh worker sees nothing until the dead one's lease runs out…
    await drain(newWorker());
    expect(smtp.messages).toHaveLength(0);
    // …and then takes every row over (its clock is past the lease).
    const later = newWorker({ clock: () => new Date(Date.now() + 301_000) });
    await drain(later);
    expect(smtp.messages).toHaveLength(4);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(4);
    const bare = (id: string | undefined) => (id ?? "").replace(/^<|>$/g, "");
    expect(new Set(smtp.messages.map((m) => bare(m.messageId)))).toEqual(new Set(claimed.map((c) => bare(c.messageId))));
    await drain(later);
    expect(smtp.messages).toHaveLength(4);
  });

  it("holds the 501st letter of the day to one official and sends it the next day", async () => {
    const [target] = await offeredTargets(t.db, "free-political-prisoners", "GB");
    const today = new Date();
    const c = (await findPublicCampaign(t.db, "free-political-prisoners", "en"))!;
    expect(c.dailyTargetCap).toBe(500);
    let last = "";
    for (let i = 0; i < 501; i++) {
      last = (
        await writeLetter(t.db, crypto, { slug: "free-political-prisoners", email: `cap-${i}@example.org`, targetIds: [target.id], verified: true, now: today })
      ).publicId;
    }
    await drain(newWorker());
    expect(smtp.messages).toHaveLength(500);
    expect((await messageReceipt(t.db, last))!.targets[0].state).toBe("held");

    const tomorrow = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, 0, 0, 5));
    await drain(newWorker({ clock: () => tomorrow }));
    expect(smtp.messages).toHaveLength(501);
    expect((await messageReceipt(t.db, last, tomorrow))!.targets[0].state).toBe("sent");
    expect((await messageTotals(t.db, c.id)).messagesSent).toBe(501);
  }, 180_000);

  it("erases letters after the retention period and keeps the counts", async () => {
    const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    const before = await messageTotals(t.db, c.id);
    const in31Days = new Date(Date.now() + 31 * 86_400_000);
    expect(await eraseOldMessages(t.db, 30, in31Days)).toBeGreaterThan(0);
    const left = await t.db
      .selectFrom("messages")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("campaign_id", "=", c.id)
      .where((eb) => eb.or([eb("body_enc", "is not", null), eb("supporter_email_enc", "is not", null)]))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    expect(await messageTotals(t.db, c.id)).toEqual(before);
  });

  it("counts a letter as personalised only when it is more than the template with a few characters changed", () => {
    const template = enEmail.footer.repeat(5);
    const touched = template.replace("Padauk", "PADAUK!!");
    expect(touched).not.toBe(template);
    expect(isPersonalised(template, template)).toBe(false);
    expect(isPersonalised(touched, template)).toBe(false);
    expect(isPersonalised(`I have family in Sagaing and I ask you personally to act. ${template}`, template)).toBe(true);
  });

  it('keeps officials who share a name apart on the dashboard (nine ministries are all "The Minister for Foreign Affairs")', async () => {
    const ministries = (await offeredTargets(t.db, "asean-engage-nug")).filter((x) => x.name === "The Minister for Foreign Affairs").slice(0, 3);
    expect(ministries).toHaveLength(3);
    await writeLetter(t.db, crypto, {
      slug: "asean-engage-nug",
      email: "three-ministries@example.org",
      targetIds: ministries.map((x) => x.id),
      verified: true,
    });
    const c = (await findPublicCampaign(t.db, "asean-engage-nug", "en"))!;
    const rows = (await letterStats(t.db, c.id)).targets.filter((r) => ministries.some((m) => m.id === r.id));
    const byOrganisation = (a: (string | number)[], b: (string | number)[]) => String(a[0]).localeCompare(String(b[0]));
    expect(rows.map((r) => [r.organisation, r.states.queued]).sort(byOrganisation)).toEqual(ministries.map((m) => [m.organisation, 1]).sort(byOrganisation));
  });
});
