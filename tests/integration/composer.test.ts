import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto } from "../../app/lib/crypto.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { signerProofCookie } from "../../app/web/signer-cookie.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import * as composer from "../../app/routes/$lang.campaigns.$slug_.write";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { offeredTargets } from "../helpers/letters";
import { ZAWGYI_SAMPLES } from "../fixtures/myanmar-script-samples";

let t: TestDatabase;
let smtp: TestSmtp;
let context: AppLoadContext;
const crypto = createCrypto("composer-secret-of-at-least-32-characters");

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
  context = testContext(t.db, crypto);
});
afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});

const worker = () =>
  new OutboxWorker({
    db: t.db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/x" }),
    publicUrl: "http://padauk.test",
  });
async function drain() {
  const w = worker();
  while ((await w.runOnce()) > 0);
}

function post(slug: string, fields: [string, string][], headers: Record<string, string> = {}) {
  const body = new URLSearchParams(fields);
  const request = new Request(`http://padauk.test/en/campaigns/${slug}/write`, { method: "POST", body, headers });
  return composer.action({ request, params: { lang: "en", slug }, context });
}
const status = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
const outboxRows = async () => (await t.db.selectFrom("outbox").select("id").execute()).length;

const letter = (targets: string[], over: Record<string, string> = {}): [string, string][] => [
  ...targets.map((id): [string, string] => ["target", id]),
  ["subject", over.subject ?? "Please support an arms embargo"],
  ["body", over.body ?? "I ask your country to act."],
  ["name", over.name ?? "A supporter in Bangkok"],
  ["email", over.email ?? "bkk@example.org"],
  ["country", over.country ?? "TH"],
  ["area", over.area ?? ""],
];

describe("the composer's action", () => {
  it("refuses a target that is not on the campaign's list, and queues nothing", async () => {
    const asean = await offeredTargets(t.db, "asean-engage-nug");
    const unsc = await offeredTargets(t.db, "arms-embargo");
    const before = await outboxRows();
    // An ASEAN ministry smuggled into a Security Council letter.
    const r = await post("arms-embargo", letter([unsc[0].publicId, asean[0].publicId]));
    expect(status(r)).toBe(400);
    expect((r as { data: { errors: Record<string, string> } }).data.errors.target).toBe("targetUnknown");
    // A made-up id.
    expect(status(await post("arms-embargo", letter(["AAAAAAAAAAAA"])))).toBe(400);
    // Another country's government on a per-country list.
    const gb = await offeredTargets(t.db, "free-political-prisoners", "GB");
    expect(status(await post("free-political-prisoners", letter([gb[0].publicId], { country: "TH" })))).toBe(400);
    expect(await outboxRows()).toBe(before);
    expect((await t.db.selectFrom("messages").select("id").execute()).length).toBe(0);
  });

  it("neutralises header injection in name, email and subject", async () => {
    const [target] = await offeredTargets(t.db, "icc-referral");
    // Name and email carrying a line break are refused outright.
    expect(status(await post("icc-referral", letter([target.publicId], { name: "Eve\r\nBcc: victim@example.org" })))).toBe(400);
    expect(status(await post("icc-referral", letter([target.publicId], { email: "eve@example.org\r\nBcc: victim@example.org" })))).toBe(400);
    // A subject's line breaks become spaces: it stays one header.
    const ok = await post(
      "icc-referral",
      letter([target.publicId], { subject: "Hello\r\nBcc: victim@example.org\r\n\r\nInjected body", email: "eve@example.org" }),
      {
        Cookie: await signerProofCookie(
          context.config,
          crypto,
          (await findPublicCampaign(t.db, "icc-referral", "en"))!.id,
          crypto.emailHmac("eve@example.org"),
        ),
      },
    );
    expect(status(ok)).toBe(303);
    await drain();
    expect(smtp.messages).toHaveLength(1);
    const m = smtp.messages[0];
    expect(m.subject).toBe("Hello Bcc: victim@example.org Injected body");
    expect(m.headers.has("bcc")).toBe(false);
    expect((m.to as { value: unknown[] }).value).toHaveLength(1);
    expect(m.text).not.toContain("victim@example.org\n");
  });

  it("skips the second confirmation only for the browser that just confirmed a signature with that address", async () => {
    const [, target] = await offeredTargets(t.db, "arms-embargo");
    const campaign = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    const proof = await signerProofCookie(context.config, crypto, campaign.id, crypto.emailHmac("signer@example.org"));

    const withProof = (await post("arms-embargo", letter([target.publicId], { email: "Signer@Example.org" }), { Cookie: proof })) as Response;
    expect(withProof.headers.get("Location")).toMatch(/^\/en\/messages\/[A-Za-z0-9_-]{22}$/);

    // Someone else typing that address, or the signer with another address: a confirmation mail.
    const stranger = (await post("arms-embargo", letter([target.publicId], { email: "signer@example.org" }))) as Response;
    expect(stranger.headers.get("Location")).toBe("/en/campaigns/arms-embargo/write/sent");
    const other = (await post("arms-embargo", letter([target.publicId], { email: "other@example.org" }), { Cookie: proof })) as Response;
    expect(other.headers.get("Location")).toBe("/en/campaigns/arms-embargo/write/sent");
    // A forged cookie is ignored.
    const forged = (await post("arms-embargo", letter([target.publicId], { email: "signer@example.org" }), {
      Cookie: proof.replace(/\.[^.;]+/, ".AAAA"),
    })) as Response;
    expect(forged.headers.get("Location")).toBe("/en/campaigns/arms-embargo/write/sent");
  });

  it("answers bad input with 400 and the typed values, and too-long texts with their limits", async () => {
    const [target] = await offeredTargets(t.db, "arms-embargo");
    const r = await post("arms-embargo", letter([target.publicId], { subject: "x".repeat(201), body: "y".repeat(5001), area: "z".repeat(101) }));
    expect(status(r)).toBe(400);
    const d = (r as { data: { errors: Record<string, string>; values: { body: string } } }).data;
    expect(d.errors).toMatchObject({ subject: "subjectTooLong", body: "bodyTooLong", area: "areaTooLong" });
    expect(d.values.body).toHaveLength(5001);
    expect(status(await post("arms-embargo", letter([])))).toBe(400);
  });

  it("converts a Zawgyi line typed into the Burmese template and stores the rest of the letter as it was", async () => {
    const [target] = await offeredTargets(t.db, "asean-engage-nug");
    const template = (await findPublicCampaign(t.db, "asean-engage-nug", "my"))!.content.messageBody;
    const paragraphs = template.split("\n\n");
    expect(paragraphs.length).toBeGreaterThan(1);
    // The signer adds one line of their own after the first paragraph, with a Zawgyi keyboard.
    const added = ZAWGYI_SAMPLES[10];
    const typed = [paragraphs[0], added.zawgyi, ...paragraphs.slice(1)].join("\n\n");
    const email = "zawgyi-writer@example.org";
    const body = new URLSearchParams(letter([target.publicId], { body: typed.replace(/\n/g, "\r\n"), email, name: "A signer in Mandalay" }));
    // As a browser posts a textarea: CRLF line breaks, on the Burmese page.
    const request = new Request("http://padauk.test/my/campaigns/asean-engage-nug/write", { method: "POST", body });
    const r = await composer.action({ request, params: { lang: "my", slug: "asean-engage-nug" }, context });
    expect(status(r)).toBe(303);

    const row = await t.db
      .selectFrom("messages")
      .select(["body_enc", "locale"])
      .where("supporter_hmac", "=", Buffer.from(crypto.emailHmac(email)))
      .executeTakeFirstOrThrow();
    expect(row.locale).toBe("my");
    expect(crypto.decrypt(row.body_enc!)).toBe([paragraphs[0], added.unicode, ...paragraphs.slice(1)].join("\n\n"));
  });
});
