import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto } from "../../app/lib/crypto.server";
import * as newCampaignRoute from "../../app/routes/dashboard.campaigns.new";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { dashboardPost, organiserSession } from "../helpers/organisers";

type Answer = { data: { errors?: Record<string, string>; values?: Record<string, string>; suggested?: string }; init: { status?: number } | null };

/** A new organiser creates a campaign: the title first, the address suggested from it. */
describe(`a new campaign, title first (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let t: TestDatabase;
  let context: AppLoadContext;
  let session: { cookie: string; csrf: string };
  const crypto = createCrypto("new-campaign-secret-of-at-least-32-characters");
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    context = testContext(t.db, crypto);
    session = await organiserSession(t.db, crypto, context, "new-organiser@example.org", "organiser");
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = async (fields: [string, string][]) =>
    (await newCampaignRoute.action({ request: dashboardPost("/dashboard/campaigns/new", session, fields), params: {}, context })) as unknown;
  const campaignCount = async () =>
    Number(
      (
        await t.db
          .selectFrom("campaigns")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const base: [string, string][] = [
    ["default_locale", "en"],
    ["goal", "1000"],
  ];

  it("suggests the address from the title when it is left empty, and creates nothing yet", async () => {
    const before = await campaignCount();
    const r = (await post([["title", "Free the Reporters of Insein Prison!"], ["slug", ""], ...base])) as Answer;
    expect(r.data.suggested).toBe("free-the-reporters-of-insein-prison");
    expect(r.data.values?.slug).toBe("free-the-reporters-of-insein-prison");
    expect(r.data.errors).toBeUndefined();
    expect(await campaignCount()).toBe(before);
  });

  it("dates the suggestion for a title in a script without a transliteration", async () => {
    const r = (await post([["title", "နိုင်ငံရေးအကျဉ်းသားများကို လွှတ်ပေးပါ"], ["slug", ""], ...base])) as Answer;
    expect(r.data.suggested).toMatch(/^campaign-\d{4}-\d{2}-\d{2}$/);
  });

  it("refuses an address that is not one with a 400 and a suggestion made from it", async () => {
    const before = await campaignCount();
    const r = (await post([["title", "Visas for journalists"], ["slug", "Visas For Journalists!"], ...base])) as Answer;
    expect(r.init?.status).toBe(400);
    expect(r.data.errors).toEqual({ slug: "slugInvalid" });
    expect(r.data.suggested).toBe("visas-for-journalists");
    expect(r.data.values?.title).toBe("Visas for journalists");
    expect(await campaignCount()).toBe(before);
  });

  it("refuses a taken address with a 409 and the next free one", async () => {
    const r = (await post([["title", "Another arms embargo"], ["slug", "arms-embargo"], ...base])) as Answer;
    expect(r.init?.status).toBe(409);
    expect(r.data.errors).toEqual({ slug: "slugTaken" });
    expect(r.data.suggested).toBe("arms-embargo-2");
  });

  it("asks for a title first", async () => {
    const r = (await post([["title", "   "], ["slug", "no-title-here"], ...base])) as Answer;
    expect(r.init?.status).toBe(400);
    expect(r.data.errors).toEqual({ title: "titleRequired" });
    expect(await t.db.selectFrom("campaigns").select("id").where("slug", "=", "no-title-here").executeTakeFirst()).toBeUndefined();
  });

  it("creates the campaign with its title in its default language, as a draft", async () => {
    const r = await post([
      ["title", "Visas for journalists"],
      ["slug", "visas-for-journalists"],
      ["default_locale", "fr"],
      ["goal", "1000"],
    ]);
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).headers.get("Location")).toBe("/dashboard/campaigns/visas-for-journalists/translations/fr");
    const row = await t.db
      .selectFrom("campaigns as c")
      .innerJoin("campaign_translations as x", "x.campaign_id", "c.id")
      .select(["c.status", "x.locale", "x.title", "x.summary"])
      .where("c.slug", "=", "visas-for-journalists")
      .execute();
    expect(row).toEqual([{ status: "draft", locale: "fr", title: "Visas for journalists", summary: "" }]);
  });
});
