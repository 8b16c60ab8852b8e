import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { findPublicCampaign, signaturesByCountry } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { abuseSignals, DOMAIN_SIGNAL_MIN, findSignatureByEmail, invalidateSignatures } from "../../app/models/moderation.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { latestConfirmToken, signAs } from "../helpers/signing";

const crypto = createCrypto("moderation-secret-of-at-least-32-characters");
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await t?.close();
});

const campaign = async () => (await findPublicCampaign(t.db, "icc-referral", "en"))!;
async function signed(email: string, country = "MM", confirm = true) {
  await signAs(t.db, crypto, { slug: "icc-referral", email, country, name: `Signer ${email}` });
  if (confirm) await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
}

describe(`moderation (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("finds a signature by exact address in any spelling, through the HMAC", async () => {
    await signed("Someone@Example.org");
    const c = await campaign();
    const found = await findSignatureByEmail(t.db, crypto, c.id, "  someone@EXAMPLE.org ");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name: "Signer Someone@Example.org", country: "MM", status: "confirmed" });
    expect(await findSignatureByEmail(t.db, crypto, c.id, "someone-else@example.org")).toEqual([]);
  });

  it("invalidates one or many with a reason; the public count drops and the by-country figures follow", async () => {
    for (let i = 0; i < 11; i++) await signed(`mm-${i}@example.org`);
    const before = (await campaign()).signatureCount;
    const c = await campaign();
    const [one] = await findSignatureByEmail(t.db, crypto, c.id, "mm-0@example.org");
    const [two] = await findSignatureByEmail(t.db, crypto, c.id, "mm-1@example.org");
    expect(await invalidateSignatures(t.db, c.id, { ids: [one.id, two.id] }, "duplicate identity")).toBe(2);
    expect((await campaign()).signatureCount).toBe(before - 2);
    expect(await signaturesByCountry(t.db, c.id)).toEqual([{ country: "MM", count: before - 2 }]);
    const [after] = await findSignatureByEmail(t.db, crypto, c.id, "mm-0@example.org");
    expect(after).toMatchObject({ status: "invalidated", reason: "duplicate identity" });
    // Invalidating again changes nothing.
    expect(await invalidateSignatures(t.db, c.id, { ids: [one.id] }, "again")).toBe(0);
    expect((await campaign()).signatureCount).toBe(before - 2);
  });

  it("shows a domain with many signatures in a day as a signal, and invalidates the whole group", async () => {
    for (let i = 0; i < DOMAIN_SIGNAL_MIN; i++) await signed(`bot${i}@throwaway.example`, "US", i % 2 === 0);
    for (let i = 0; i < 3; i++) await signed(`family${i}@rare.example`, "TH");
    const c = await campaign();
    const signals = await abuseSignals(t.db, crypto, c.id);
    const group = signals.domains.find((d) => d.domain === "throwaway.example")!;
    expect(group.count).toBe(DOMAIN_SIGNAL_MIN);
    // Small groups are never named.
    expect(signals.domains.map((d) => d.domain)).not.toContain("rare.example");
    const before = (await campaign()).signatureCount;
    const removed = await invalidateSignatures(
      t.db,
      c.id,
      { domainHmac: Buffer.from(group.hmac, "base64url"), since: new Date(Date.now() - 86_400_000) },
      "bot wave",
    );
    expect(removed).toBe(DOMAIN_SIGNAL_MIN / 2); // only the confirmed ones were counted
    expect((await campaign()).signatureCount).toBe(before - DOMAIN_SIGNAL_MIN / 2);
    expect((await abuseSignals(t.db, crypto, c.id)).domains.find((d) => d.domain === "throwaway.example")).toBeUndefined();
  });
});
