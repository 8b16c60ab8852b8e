import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { closeCampaign, findPublicCampaign, signaturesByCountry } from "../../app/models/campaign.server";
import { anonymiseClosedCampaigns, deleteUnconfirmed } from "../../app/models/retention.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { findSignatureByEmail } from "../../app/models/moderation.server";
import { eraseOldMessages } from "../../app/models/message-retention.server";
import { holdsDataFor, signerData } from "../../app/models/data-export.server";
import { offeredTargets, writeLetter } from "../helpers/letters";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { latestConfirmToken, signAs } from "../helpers/signing";

const crypto = createCrypto("retention-secret-of-at-least-32-characters");
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await t?.close();
});

describe(`less data for less time (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("deletes unconfirmed signatures after 72 hours, and nothing else", async () => {
    await signAs(t.db, crypto, { slug: "arms-embargo", email: "never-confirmed@example.org" });
    await signAs(t.db, crypto, { slug: "arms-embargo", email: "confirmed@example.org" });
    await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
    expect(await deleteUnconfirmed(t.db, new Date(Date.now() + 71 * 3600_000))).toBe(0);
    expect(await deleteUnconfirmed(t.db, new Date(Date.now() + 73 * 3600_000))).toBe(1);
    const c = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    expect(await findSignatureByEmail(t.db, crypto, c.id, "never-confirmed@example.org")).toEqual([]);
    expect(await findSignatureByEmail(t.db, crypto, c.id, "confirmed@example.org")).toHaveLength(1);
  });

  it("anonymises signers of a campaign closed past its retention period, keeping every count", async () => {
    for (let i = 0; i < 12; i++) {
      await signAs(t.db, crypto, {
        slug: "icc-referral",
        email: `old-${i}@example.org`,
        country: "MM",
        showName: true,
        consentUpdates: true,
        name: `Old signer ${i}`,
      });
      await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
    }
    const c = (await findPublicCampaign(t.db, "icc-referral", "en"))!;
    const before = await signaturesByCountry(t.db, c.id);
    await closeCampaign(t.db, c.id, new Date());
    expect(await anonymiseClosedCampaigns(t.db, crypto, new Date(Date.now() + 100 * 86_400_000))).toBe(0); // default 183 days
    expect(await anonymiseClosedCampaigns(t.db, crypto, new Date(Date.now() + 184 * 86_400_000))).toBe(12);
    // No address can be found any more; names, choices and domains are gone; counts are not.
    expect(await findSignatureByEmail(t.db, crypto, c.id, "old-0@example.org")).toEqual([]);
    const rows = await t.db
      .selectFrom("signatures")
      .select(["name_enc", "email_enc", "show_name", "consent_updates", "email_domain_enc", "country", "status"])
      .where("campaign_id", "=", c.id)
      .execute();
    for (const r of rows) {
      expect(crypto.decrypt(r.name_enc)).toBe("");
      expect(crypto.decrypt(r.email_enc)).toBe("");
      expect(r).toMatchObject({ show_name: false, consent_updates: false, email_domain_enc: null, country: "MM", status: "confirmed" });
    }
    expect(await signaturesByCountry(t.db, c.id)).toEqual(before);
    expect((await findPublicCampaign(t.db, "icc-referral", "en"))!.signatureCount).toBe(12);
    // Running again finds nothing more to do.
    expect(await anonymiseClosedCampaigns(t.db, crypto, new Date(Date.now() + 200 * 86_400_000))).toBe(0);
  });

  it("after MESSAGE_RETENTION_DAYS nothing tells that an address wrote: its HMAC leaves the letter and its deliveries", async () => {
    const email = "wrote-long-ago@example.org";
    const hmac = Buffer.from(crypto.emailHmac(email));
    const targets = (await offeredTargets(t.db, "asean-engage-nug")).slice(0, 2);
    await writeLetter(t.db, crypto, { slug: "asean-engage-nug", email, targetIds: targets.map((x) => x.id), verified: true });
    // The letters went out (the worker marks them sent), so nothing holds the erasure back.
    await t.db.updateTable("outbox").set({ status: "sent" }).where("kind", "=", "target-message").execute();
    const rowsWith = async () =>
      (await t.db.selectFrom("messages").select("id").where("supporter_hmac", "=", hmac).execute()).length +
      (await t.db.selectFrom("message_deliveries").select("id").where("supporter_hmac", "=", hmac).execute()).length;
    expect(await rowsWith()).toBe(3);
    expect(await holdsDataFor(t.db, crypto, email)).toBe(true);

    expect(await eraseOldMessages(t.db, 30, new Date(Date.now() + 29 * 86_400_000))).toBe(0);
    expect(await rowsWith()).toBe(3);
    expect(await eraseOldMessages(t.db, 30, new Date(Date.now() + 31 * 86_400_000))).toBe(1);
    expect(await rowsWith()).toBe(0);
    expect(await holdsDataFor(t.db, crypto, email)).toBe(false);
    expect(await signerData(t.db, crypto, email)).toEqual({ signatures: [], letters: [] });
    // The deliveries themselves stay (the counts per official rest on them), each with its own random value.
    const deliveries = await t.db
      .selectFrom("message_deliveries")
      .select("supporter_hmac")
      .where(
        "target_id",
        "in",
        targets.map((x) => x.id),
      )
      .execute();
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((d) => Buffer.from(d.supporter_hmac).toString("hex"))).size).toBe(2);
  });
});
