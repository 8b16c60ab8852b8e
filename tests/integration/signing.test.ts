import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { migrateToLatest } from "../../db/index";
import { closeCampaign, findPublicCampaign, listPublicCampaigns, signaturesByCountry } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { claimDue } from "../../app/models/outbox.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { latestConfirmToken, signAs, type SignAs } from "../helpers/signing";

const crypto = createCrypto("integration-secret-at-least-32-characters");
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
});
afterAll(async () => {
  await t?.close();
});

async function campaign(slug = "arms-embargo") {
  const c = await findPublicCampaign(t.db, slug, "en");
  if (!c) throw new Error(`no campaign ${slug}`);
  return c;
}

const sign = (email: string, over: Partial<SignAs> = {}) => signAs(t.db, crypto, { locale: "my", ...over, email });
const latestToken = () => latestConfirmToken(t.db, crypto);

const outboxCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("outbox")
        .select(sql<number>`count(*)::int`.as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const signatureRows = async (campaignId: number) => t.db.selectFrom("signatures").select(["id", "status"]).where("campaign_id", "=", campaignId).execute();

describe(`signing and confirming (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("migrates from empty and is a no-op the second time", async () => {
    await migrateToLatest(t.db);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(t.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["campaigns", "campaign_translations", "outbox", "signature_counts", "signature_tokens", "signatures"]),
    );
  });

  it("seeds four campaigns, each complete in English and Burmese", async () => {
    const en = await listPublicCampaigns(t.db, "en");
    expect(en.map((c) => c.slug)).toEqual(["arms-embargo", "icc-referral", "asean-engage-nug", "free-political-prisoners"]);
    const my = await listPublicCampaigns(t.db, "my");
    for (const c of my) {
      expect(c.content.locale).toBe("my");
      for (const v of Object.values(c.content)) expect(v.length).toBeGreaterThan(1);
      expect(c.content.title).toMatch(/[\u1000-\u109f]/);
      expect(c.goal).toBeGreaterThan(0);
    }
  });

  it("falls back to the default language where a translation is missing", async () => {
    const th = await listPublicCampaigns(t.db, "th");
    const icc = th.find((c) => c.slug === "icc-referral")!;
    expect(icc.content.locale).toBe("en");
    const embargo = th.find((c) => c.slug === "arms-embargo")!;
    expect(embargo.content.locale).toBe("th");
  });

  it("writes a pending signature and its confirmation mail in one transaction, with nothing readable at rest", async () => {
    const c = await campaign();
    const before = await outboxCount();
    expect(await sign("Yangon.Signer@Example.org", { name: "ဒေါ်ခင် O'Brien" })).toBe("created");
    expect(await outboxCount()).toBe(before + 1);
    const rows = await signatureRows(c.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("pending");

    // Nothing in either table contains the address or the name in any readable form.
    const dump = await sql<{ s: string }>`
      select (select string_agg(encode(email_hmac, 'escape') || encode(email_enc, 'escape') || encode(name_enc, 'escape') || country, '|') from signatures) ||
             (select string_agg(coalesce(encode(payload_enc, 'escape'), ''), '|') from outbox) as s`.execute(t.db);
    expect(dump.rows[0].s).not.toMatch(/example\.org|yangon|O'Brien|ဒေါ်ခင်/i);
  });

  it("stores neither the signature nor the mail when the transaction fails half-way", async () => {
    const c = await campaign("icc-referral");
    await sql`create or replace function padauk_test_fail() returns trigger language plpgsql as $$
              begin raise exception 'outbox unavailable'; end $$`.execute(t.db);
    await sql`create trigger padauk_test_fail before insert on outbox for each row execute function padauk_test_fail()`.execute(t.db);
    try {
      await expect(sign("atomic@example.org", { slug: "icc-referral" })).rejects.toThrow(/outbox unavailable/);
    } finally {
      await sql`drop trigger padauk_test_fail on outbox`.execute(t.db);
    }
    expect(await signatureRows(c.id)).toHaveLength(0);
  });

  it("never adds a second signature for the same address, however it is typed", async () => {
    const c = await campaign("asean-engage-nug");
    const spellings = ["twice@example.org", "  TWICE@example.org ", "ｔｗｉｃｅ@example.org"];
    const outcomes = [];
    for (const e of spellings) outcomes.push(await sign(e, { slug: "asean-engage-nug" }));
    expect(outcomes).toEqual(["created", "resent", "resent"]);
    expect(await signatureRows(c.id)).toHaveLength(1);

    expect((await confirmSignature(t.db, await latestToken())).status).toBe("confirmed");
    expect((await campaign("asean-engage-nug")).signatureCount).toBe(1);

    // Signing once more after confirming: the owner is told by email, the count stays.
    const before = await outboxCount();
    expect(await sign("Twice@Example.org", { slug: "asean-engage-nug" })).toBe("already-confirmed");
    const last = await t.db.selectFrom("outbox").select("kind").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(last.kind).toBe("signature-already");
    expect(await outboxCount()).toBe(before + 1);
    expect((await campaign("asean-engage-nug")).signatureCount).toBe(1);
    expect(await signatureRows(c.id)).toHaveLength(1);
  });

  it("confirms exactly once under two concurrent confirmations of one token", async () => {
    const c = await campaign("free-political-prisoners");
    const before = c.signatureCount;
    await sign("concurrent@example.org", { slug: "free-political-prisoners", country: "TH" });
    const token = await latestToken();
    const results = await Promise.all([confirmSignature(t.db, token), confirmSignature(t.db, token)]);
    expect(results.map((r) => r.status).sort()).toEqual(["already-confirmed", "confirmed"]);
    expect((await campaign("free-political-prisoners")).signatureCount).toBe(before + 1);
    // And a third time, later: still "already confirmed", count unchanged.
    expect((await confirmSignature(t.db, token)).status).toBe("already-confirmed");
    expect((await campaign("free-political-prisoners")).signatureCount).toBe(before + 1);
  });

  it("rejects unknown and expired tokens and counts nothing", async () => {
    const c = await campaign("free-political-prisoners");
    const before = c.signatureCount;
    expect((await confirmSignature(t.db, "A".repeat(43))).status).toBe("unknown");
    await sign("late@example.org", { slug: "free-political-prisoners" });
    const token = await latestToken();
    const inEightDays = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    expect((await confirmSignature(t.db, token, inEightDays)).status).toBe("expired");
    expect((await campaign("free-political-prisoners")).signatureCount).toBe(before);
  });

  it("accepts confirmations for 24 hours after a campaign closes, then says it is closed", async () => {
    const c = await campaign("icc-referral");
    await sign("before-close-1@example.org", { slug: "icc-referral" });
    const first = await latestToken();
    await sign("before-close-2@example.org", { slug: "icc-referral" });
    const second = await latestToken();
    const closedAt = new Date();
    await closeCampaign(t.db, c.id, closedAt);

    expect((await confirmSignature(t.db, first, new Date(closedAt.getTime() + 23 * 3600 * 1000))).status).toBe("confirmed");
    const late = await confirmSignature(t.db, second, new Date(closedAt.getTime() + 25 * 3600 * 1000));
    expect(late.status).toBe("campaign-closed");
    const after = await campaign("icc-referral");
    expect(after.status).toBe("closed");
    expect(after.signatureCount).toBe(1);
  });

  it("counts by country from the counter rows, folding countries under 10 into 'other'", async () => {
    const c = await campaign("arms-embargo");
    // Twelve confirmed signers from Myanmar and three from Thailand.
    for (let i = 0; i < 15; i++) {
      await sign(`country-${i}@example.org`, { country: i < 12 ? "MM" : "TH" });
      await confirmSignature(t.db, await latestToken());
    }
    const rows = await signaturesByCountry(t.db, c.id);
    expect(rows).toEqual([
      { country: "MM", count: 12 },
      { country: "other", count: 3 },
    ]);
    expect((await campaign("arms-embargo")).signatureCount).toBe(15);
    // The only pending signature on this campaign (the first test's) is not counted.
    const pending = await t.db.selectFrom("signatures").select("id").where("campaign_id", "=", c.id).where("status", "=", "pending").execute();
    expect(pending).toHaveLength(1);
  });

  it("lets the outbox worker claim each row once", async () => {
    const claimed = await claimDue(t.db, 1000);
    const again = await claimDue(t.db, 1000);
    expect(claimed.length).toBeGreaterThan(0);
    expect(again).toHaveLength(0);
  });
});
