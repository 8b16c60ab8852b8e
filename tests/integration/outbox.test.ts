import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { signAs } from "../helpers/signing";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import myEmail from "../../locales/my/email.json";
import enEmail from "../../locales/en/email.json";

const crypto = createCrypto("outbox-secret-of-at-least-32-characters!");
const PUBLIC_URL = "http://padauk.test";
let t: TestDatabase;
let smtp: TestSmtp;
let worker: OutboxWorker;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
  const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" });
  // Driven by hand (runOnce), so each test decides when a pass happens.
  worker = new OutboxWorker({ db: t.db, crypto, mailer, publicUrl: PUBLIC_URL });
});
afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});
beforeEach(() => {
  smtp.messages.length = 0;
});

const sign = (email: string, locale = "my", slug = "free-political-prisoners") => signAs(t.db, crypto, { email, locale, slug, name: "ကိုအောင်" });

const states = async () =>
  (await t.db.selectFrom("outbox").select(["status", "payload_enc", "attempts", "last_error"]).orderBy("id").execute()).map((r) => ({
    status: r.status,
    hasPayload: r.payload_enc !== null,
    attempts: r.attempts,
  }));
/** Stand-in for the passing of time: make every waiting retry due now. */
const makeRetriesDue = () => sql`update outbox set next_attempt_at = now() where status = 'failed_temporary'`.execute(t.db);

describe(`outbox worker and SMTP (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("delivers the confirmation in the signer's language over real SMTP, with a link that confirms", async () => {
    await sign("mail-my@example.org");
    expect(await worker.runOnce()).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const m = smtp.messages[0];
    const campaign = (await findPublicCampaign(t.db, "free-political-prisoners", "my"))!;
    expect(m.subject).toBe(myEmail.confirm.subject.replace("{{title}}", campaign.content.title));
    expect(m.headers.get("content-language")).toBe("my");
    expect(m.from?.text).toContain("no-reply@padauk.test");
    expect((m.to as { text: string }).text).toBe("mail-my@example.org");
    expect(m.messageId).toMatch(/@padauk\.test>?$/);
    expect(m.text).toContain("ကိုအောင်");
    expect(m.html).toContain('lang="my"');
    // No images or remote resources in the HTML: nothing to track an opening.
    expect(m.html).not.toMatch(/<img|src=/i);

    const link = m.text!.match(/http:\/\/padauk\.test\/my\/confirm\/([A-Za-z0-9_-]{43})/);
    expect(link).not.toBeNull();
    expect((await confirmSignature(t.db, link![1])).status).toBe("confirmed");
    // Once sent, the outbox keeps no address or token.
    expect(await states()).toEqual([{ status: "sent", hasPayload: false, attempts: 1 }]);
  });

  it("keeps the mail while SMTP is down and delivers it, once, when SMTP returns", async () => {
    await smtp.stop();
    await sign("mail-down@example.org", "en", "arms-embargo");
    expect(await worker.runOnce()).toBe(1);
    let rows = await states();
    // An unreachable server is not the message's fault: the attempt is not counted against it,
    // and it is tried again within seconds, not pushed up the hour-long backoff.
    expect(rows.at(-1)).toEqual({ status: "failed_temporary", hasPayload: true, attempts: 0 });
    const due = await t.db
      .selectFrom("outbox")
      .select(sql<number>`extract(epoch from next_attempt_at - now())`.as("s"))
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(Number(due.s)).toBeGreaterThan(2);
    expect(Number(due.s)).toBeLessThanOrEqual(5);
    // Not due yet: a pass right away does not retry it.
    expect(await worker.runOnce()).toBe(0);

    await makeRetriesDue();
    expect(await worker.runOnce()).toBe(1); // still down: second attempt fails too
    expect((await states()).at(-1)).toEqual({ status: "failed_temporary", hasPayload: true, attempts: 0 });

    await smtp.start();
    await makeRetriesDue();
    expect(await worker.runOnce()).toBe(1);
    rows = await states();
    expect(rows.at(-1)).toEqual({ status: "sent", hasPayload: false, attempts: 1 });
    expect(smtp.messages.map((m) => (m.to as { text: string }).text)).toEqual(["mail-down@example.org"]);
    expect(smtp.messages[0].subject).toContain(enEmail.confirm.subject.split("{{")[0].trim());
    expect(await worker.runOnce()).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  });

  it("gives up at once on a permanent failure (550) and does not retry", async () => {
    smtp.rejectRecipients.add("no-such-user@example.org");
    await sign("no-such-user@example.org", "en", "icc-referral");
    expect(await worker.runOnce()).toBe(1);
    const last = await t.db.selectFrom("outbox").select(["status", "payload_enc", "last_error"]).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(last.status).toBe("failed_permanent");
    expect(last.payload_enc).toBeNull();
    expect(last.last_error).toMatch(/550|no such mailbox/i);
    await makeRetriesDue();
    expect(await worker.runOnce()).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it("re-sends a row whose worker died mid-send, with the same Message-ID", async () => {
    await sign("mail-crash@example.org", "en", "asean-engage-nug");
    // A worker claims the row and dies before recording anything.
    const claimed = await sql<{ id: string; message_id: string }>`
      update outbox set status = 'sending', attempts = attempts + 1, locked_until = now() - interval '1 second'
      where status = 'queued' returning id, message_id`.execute(t.db);
    expect(claimed.rows).toHaveLength(1);
    // Its lease has run out, so another worker takes the row over.
    expect(await worker.runOnce()).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(`<${smtp.messages[0].messageId?.replace(/^<|>$/g, "")}>`).toBe(claimed.rows[0].message_id);
  });

  it("runs as a loop: a wake-up sends new mail without waiting for the poll", async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" });
    const looping = new OutboxWorker({ db: t.db, crypto, mailer, publicUrl: PUBLIC_URL, pollMs: 60_000 });
    looping.start();
    try {
      await sign("mail-loop@example.org", "en", "arms-embargo");
      looping.wake();
      await expect.poll(() => smtp.messages.length, { timeout: 5000 }).toBe(1);
    } finally {
      await looping.stop();
    }
  });
});

describe("SMTP_URL", () => {
  it("takes host, port, TLS, credentials and options from the URL", async () => {
    const { smtpOptionsFromUrl } = await import("../../app/lib/mail-transport.server");
    expect(
      smtpOptionsFromUrl(new URL("smtps://user%40x:p%3Ass@mail.example.org?tls.rejectUnauthorized=false&connectionTimeout=5000&__proto__.polluted=1")),
    ).toEqual({
      host: "mail.example.org",
      port: 465,
      secure: true,
      auth: { user: "user@x", pass: "p:ss" },
      tls: { rejectUnauthorized: false },
      connectionTimeout: 5000,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(smtpOptionsFromUrl(new URL("smtp://127.0.0.1:2525"))).toEqual({ host: "127.0.0.1", port: 2525, secure: false });
  });

  it("delivers over implicit TLS (smtps://)", async () => {
    const tls = await startTestSmtp({ secure: true });
    try {
      const mailer = createMailer({ smtpUrl: `${tls.url}?tls.rejectUnauthorized=false`, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" });
      await mailer.verify();
      await mailer.send({ to: "tls@example.org", subject: "over TLS", text: "hello", messageId: "<tls-1@padauk.test>", lang: "en" });
      mailer.close();
      expect(tls.messages.map((m) => m.subject)).toEqual(["over TLS"]);
    } finally {
      await tls.stop();
    }
  });
});
