import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto } from "../../app/lib/crypto.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { recentPublicSigners } from "../../app/models/signature-list.server";
import { decodePayload } from "../../app/models/outbox.server";
import * as confirmRoute from "../../app/routes/$lang.confirm.$token";
import * as confirmLetterRoute from "../../app/routes/$lang.messages.confirm.$token";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { latestConfirmToken, signAs } from "../helpers/signing";
import { offeredTargets, writeLetter } from "../helpers/letters";

/**
 * Mail security scanners fetch every link in a mail. A confirmation that happened on GET would
 * let anyone who typed a stranger's address (and a name, with "show my name") have it confirmed
 * by the stranger's own scanner. Opening a link must change nothing; only its button confirms.
 */
let t: TestDatabase;
let context: AppLoadContext;
const crypto = createCrypto("link-scanner-secret-of-at-least-32-characters");

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto);
});
afterAll(async () => {
  await t?.close();
});

const status = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
const dataOf = <T>(r: unknown) => (r as { data: T }).data;
const req = (path: string, method = "GET") => new Request(`http://padauk.test${path}`, { method, body: method === "POST" ? new URLSearchParams() : undefined });

async function signatureState(email: string) {
  return t.db.selectFrom("signatures").select(["status", "confirmed_at"]).where("email_hmac", "=", crypto.emailHmac(email)).executeTakeFirstOrThrow();
}
async function count(slug: string) {
  return (await findPublicCampaign(t.db, slug, "en"))!.signatureCount;
}

describe("a confirmation link opened by a scanner", () => {
  it("shows the campaign and a button, and confirms only when the button is pressed", async () => {
    const email = "scanned-signer@example.org";
    await signAs(t.db, crypto, { email, name: "A name someone else typed", showName: true, slug: "icc-referral" });
    const token = await latestConfirmToken(t.db, crypto);
    const campaign = (await findPublicCampaign(t.db, "icc-referral", "en"))!;
    const before = await count("icc-referral");
    const path = `/en/confirm/${token}`;

    // Three fetches, as scanners and link previews make them.
    for (let i = 0; i < 3; i++) {
      const opened = await confirmRoute.loader({ request: req(path), params: { lang: "en", token }, context });
      expect(status(opened)).toBe(200);
      expect(dataOf<{ outcome: string; campaign: { title: string } }>(opened)).toMatchObject({ outcome: "ask", campaign: { title: campaign.content.title } });
    }
    expect(await signatureState(email)).toEqual({ status: "pending", confirmed_at: null });
    expect(await count("icc-referral")).toBe(before);
    expect((await recentPublicSigners(t.db, crypto, campaign.id)).map((s) => s.name)).not.toContain("A name someone else typed");
    const unused = await t.db
      .selectFrom("signature_tokens")
      .select("used_at")
      .where("purpose", "=", "confirm")
      .orderBy("expires_at", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(unused.used_at).toBeNull();

    // The button's POST confirms once; the link then says "already confirmed" and changes nothing.
    const pressed = (await confirmRoute.action({ request: req(path, "POST"), params: { lang: "en", token }, context })) as Response;
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("Location")).toBe("/en/campaigns/icc-referral/thanks");
    expect((await signatureState(email)).status).toBe("confirmed");
    expect(await count("icc-referral")).toBe(before + 1);

    // The cookie that lets this browser write without a second mail is opaque: on a seized phone
    // it names neither the campaign nor the address (nor the address's HMAC).
    const setCookie = pressed.headers.get("Set-Cookie")!;
    const value = decodeURIComponent(setCookie.match(/^padauk_signer=([^;]+)/)![1]);
    const readable = Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8");
    const hmac = Buffer.from(crypto.emailHmac(email)).toString("base64url");
    expect(JSON.parse(readable)).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    for (const secret of [hmac, hmac.slice(0, 12), `"c":${campaign.id}`, "icc-referral", email]) {
      expect(readable).not.toContain(secret);
      expect(Buffer.from(JSON.parse(readable), "base64url").toString("latin1")).not.toContain(secret);
    }
    const again = await confirmRoute.loader({ request: req(path), params: { lang: "en", token }, context });
    expect(dataOf<{ outcome: string }>(again).outcome).toBe("already");
    const pressedAgain = await confirmRoute.action({ request: req(path, "POST"), params: { lang: "en", token }, context });
    expect(dataOf<{ outcome: string }>(pressedAgain).outcome).toBe("already");
    expect(await count("icc-referral")).toBe(before + 1);
  });

  it("queues no letter to any official until the letter's button is pressed", async () => {
    const targets = (await offeredTargets(t.db, "arms-embargo")).slice(0, 3);
    await writeLetter(t.db, crypto, { slug: "arms-embargo", email: "scanned-writer@example.org", targetIds: targets.map((x) => x.id) });
    const mail = await t.db
      .selectFrom("outbox")
      .select("payload_enc")
      .where("kind", "=", "message-confirm")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    const { token } = decodePayload<{ token: string }>(crypto, mail.payload_enc!);
    const lettersQueued = async () => (await t.db.selectFrom("outbox").select("id").where("kind", "=", "target-message").execute()).length;
    const before = await lettersQueued();
    const path = `/en/messages/confirm/${token}`;

    for (let i = 0; i < 3; i++) {
      const opened = await confirmLetterRoute.loader({ request: req(path), params: { lang: "en", token }, context });
      expect(status(opened)).toBe(200);
      expect(dataOf<{ ask: { targets: number } }>(opened).ask.targets).toBe(3);
    }
    expect(await lettersQueued()).toBe(before);
    const row = await t.db
      .selectFrom("messages")
      .select(["status", "public_id"])
      .where("supporter_hmac", "=", crypto.emailHmac("scanned-writer@example.org"))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");

    const pressed = (await confirmLetterRoute.action({ request: req(path, "POST"), params: { lang: "en", token }, context })) as Response;
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("Location")).toBe(`/en/messages/${row.public_id}`);
    expect(await lettersQueued()).toBe(before + 3);
    // Opened again: straight to the receipt, and nothing more is queued.
    const reopened = (await confirmLetterRoute.loader({ request: req(path), params: { lang: "en", token }, context })) as Response;
    expect(reopened.status).toBe(302);
    expect(reopened.headers.get("Location")).toBe(`/en/messages/${row.public_id}`);
    expect(await lettersQueued()).toBe(before + 3);
  });
});
