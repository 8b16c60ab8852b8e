import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { inviteOrganiser, setPasswordWithToken } from "../../app/models/organiser.server";
import { campaignTranslations, createCampaign, missingFields, saveTranslation, updateSettings } from "../../app/models/campaign-admin.server";
import { findCampaign, findPublicCampaign } from "../../app/models/campaign.server";
import { renderMarkdown } from "../../app/lib/markdown.server";
import { parseForm, translationSchema } from "../../app/schemas/campaign.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const crypto = createCrypto("campaign-admin-secret-of-at-least-32-chars");
let t: TestDatabase;
let organiserId: number;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  organiserId = (await setPasswordWithToken(t.db, await inviteOrganiser(t.db, crypto, "writer@example.org", "organiser"), "a long unusual passphrase"))!;
});
afterAll(async () => {
  await t?.close();
});

const campaignRow = (slug: string) => t.db.selectFrom("campaigns").select(["id", "status"]).where("slug", "=", slug).executeTakeFirstOrThrow();
const complete = { title: "T", summary: "S", body: "B", demand: "D", addressed_to: "A", message_subject: "", message_body: "" };

describe(`writing and publishing campaigns (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("creates a draft its creator runs, and refuses a taken address", async () => {
    expect(await createCampaign(t.db, { slug: "new-one", defaultLocale: "en", goal: 100, targetListId: null }, organiserId)).toBe("created");
    expect(await createCampaign(t.db, { slug: "new-one", defaultLocale: "my", goal: 5, targetListId: null }, organiserId)).toBe("slug-taken");
    expect(await createCampaign(t.db, { slug: "arms-embargo", defaultLocale: "en", goal: 5, targetListId: null }, organiserId)).toBe("slug-taken");
    const c = await campaignRow("new-one");
    expect(c.status).toBe("draft");
    expect(await findPublicCampaign(t.db, "new-one", "en")).toBeUndefined();
    const member = await t.db.selectFrom("organiser_campaigns").select("organiser_id").where("campaign_id", "=", c.id).execute();
    expect(member).toEqual([{ organiser_id: organiserId }]);
  });

  it("opens only when the default language is complete, and follows draft → open → closed → archived", async () => {
    const c = await campaignRow("new-one");
    const settings = { goal: 100, targetListId: null, dailyTargetCap: 500 };
    await saveTranslation(t.db, c.id, "my", complete); // another language complete does not count
    expect(await updateSettings(t.db, c.id, { ...settings, status: "open" })).toBe("default-incomplete");
    await saveTranslation(t.db, c.id, "en", { ...complete, body: "" });
    expect(await updateSettings(t.db, c.id, { ...settings, status: "open" })).toBe("default-incomplete");
    expect(await updateSettings(t.db, c.id, { ...settings, status: "archived" })).toBe("transition-not-allowed");
    await saveTranslation(t.db, c.id, "en", complete);
    // The organiser's preview finds the draft; the public does not.
    expect((await findCampaign(t.db, "new-one", "en"))?.status).toBe("draft");
    // With officials to write to, the letter template is required too.
    const list = await t.db.selectFrom("target_lists").select("id").limit(1).executeTakeFirstOrThrow();
    expect(await updateSettings(t.db, c.id, { ...settings, targetListId: list.id, status: "open" })).toBe("default-incomplete");
    expect(await updateSettings(t.db, c.id, { ...settings, status: "open" })).toBe("saved");
    expect((await findPublicCampaign(t.db, "new-one", "en"))?.status).toBe("open");
    expect(await updateSettings(t.db, c.id, { ...settings, status: "closed" })).toBe("saved");
    const closed = (await findPublicCampaign(t.db, "new-one", "en"))!;
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(await updateSettings(t.db, c.id, { ...settings, status: "archived" })).toBe("saved");
    expect(await findPublicCampaign(t.db, "new-one", "en")).toBeUndefined();
  });

  it("stores translations normalised (Zawgyi converted, NFC) and reports completeness field by field", async () => {
    const form = new FormData();
    form.set("title", "ႏိုင္ငံေရးအက်ဥ္းသားမ်ား");
    form.set("summary", "Jose\u0301");
    const parsed = parseForm(translationSchema, form);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.title).toBe("နိုင်ငံရေးအကျဉ်းသားများ");
    expect(parsed.value.summary).toBe("Jos\u00e9");
    const c = await campaignRow("new-one");
    await saveTranslation(t.db, c.id, "th", parsed.value);
    const texts = await campaignTranslations(t.db, c.id);
    expect(missingFields(texts.get("th"), false)).toEqual(["body", "demand", "addressed_to"]);
    expect(missingFields(texts.get("en"), false)).toEqual([]);
  });

  it("refuses over-long texts with the field named", () => {
    const form = new FormData();
    form.set("title", "x".repeat(121));
    const parsed = parseForm(translationSchema, form);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors).toEqual({ title: "tooLong" });
  });

  it("renders Markdown without raw HTML, scripts, event handlers, javascript: links or images", () => {
    const html = renderMarkdown(
      "**bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org) ![p](https://tracker.example/p.png) <img src=x onerror=alert(1)>",
    );
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">ok</a>');
    expect(html).not.toMatch(/<script|<img|<[^>]*\son\w+=|href="javascript:/i);
    // What was raw HTML is shown as text.
    expect(html).toContain("&lt;script&gt;");
  });
});
