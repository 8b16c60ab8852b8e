import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { DomUtils, parseDocument } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { setSessionCookie } from "../../app/web/auth.server";
import { addMember, createSession, csrfToken, inviteOrganiser, setPasswordWithToken } from "../../app/models/organiser.server";
import { createCampaign, saveTranslation, updateSettings } from "../../app/models/campaign-admin.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { claimDue, type ClaimedMessage } from "../../app/models/outbox.server";
import { renderOutboxRow } from "../../app/outbox/worker.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { latestConfirmToken } from "../helpers/signing";
import { all, alternates, byName, campaignText, hasClass, notice, one, parentOf, switcher, text } from "../helpers/rendered-html";
import frDashboard from "../../locales/fr/dashboard.json";
import myCommon from "../../locales/my/common.json";
import myEmail from "../../locales/my/email.json";

/**
 * A language reaches readers only complete: a half-written translation leaves its readers the
 * default language, every element of it marked with that language, on every public surface.
 * Pages are rendered by the production build (`npm run build`, as `npm test` does first) with
 * this test's database as the load context, so what is checked is the HTML a reader gets (read
 * with tests/helpers/rendered-html.ts).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const crypto = createCrypto("public-languages-secret-of-32-characters");
const SLUG = "half-translated";
const EN = {
  title: "Free the journalists",
  summary: "Reporters are in prison for their work.",
  body: "Dozens of **reporters** are held.",
  demand: "Release every jailed journalist.",
  addressed_to: "The military authorities",
  message_subject: "Release the journalists",
  message_body: "Please release them.",
};
const MY = {
  title: "သတင်းထောက်များကို လွှတ်ပေးပါ",
  summary: "သတင်းထောက်များ အကျဉ်းကျနေသည်။",
  body: "သတင်းထောက် ဒါဇင်ချီ ဖမ်းဆီးခံထားရသည်။",
  demand: "ဖမ်းဆီးထားသော သတင်းထောက်အားလုံးကို လွှတ်ပေးပါ။",
  addressed_to: "စစ်အာဏာပိုင်များ",
  message_subject: "သတင်းထောက်များကို လွှတ်ပေးပါ",
  message_body: "ကျေးဇူးပြု၍ လွှတ်ပေးပါ။",
};

let t: TestDatabase;
let context: AppLoadContext;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let cookie = "";
let csrf = "";

beforeAll(async () => {
  const buildFile = path.join(root, "build/index.js");
  if (!existsSync(buildFile)) throw new Error("no production build: run `npm run build` first (npm test does)");
  handle = createRequestHandler((await import(pathToFileURL(buildFile).href)) as ServerBuild, "production");
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto);
  const organiserId = (await setPasswordWithToken(
    t.db,
    await inviteOrganiser(t.db, crypto, "translator@example.org", "organiser"),
    "a long unusual passphrase for tests",
  ))!;
  expect(await createCampaign(t.db, { slug: SLUG, defaultLocale: "en", goal: 100, targetListId: null }, organiserId)).toBe("created");
  const { id } = await t.db.selectFrom("campaigns").select("id").where("slug", "=", SLUG).executeTakeFirstOrThrow();
  await saveTranslation(t.db, id, "en", EN);
  const list = await t.db.selectFrom("target_lists").select("id").where("slug", "=", "un-security-council").executeTakeFirstOrThrow();
  expect(await updateSettings(t.db, id, { goal: 100, targetListId: list.id, dailyTargetCap: 500, status: "open" })).toBe("saved");
  await addMember(t.db, organiserId, id);
  const session = await createSession(t.db, organiserId);
  cookie = (await setSessionCookie(context, session)).split(";")[0];
  csrf = csrfToken(context.config.appSecret, session);
});
afterAll(async () => {
  await t?.close();
});

async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return handle(new Request(`http://padauk.test${url}`, { headers }), context);
}
async function page(url: string, headers: Record<string, string> = {}) {
  const res = await get(url, headers);
  expect(res.status, url).toBe(200);
  return parseDocument(await res.text());
}
/** The organiser, whose browser asks for French: the dashboard speaks it. */
const organiser = () => ({ Cookie: cookie, "Accept-Language": "fr" });
async function post(url: string, fields: Record<string, string>): Promise<Response> {
  return handle(new Request(`http://padauk.test${url}`, { method: "POST", body: new URLSearchParams({ csrf, ...fields }), headers: organiser() }), context);
}

async function mailFor(kind: ClaimedMessage["kind"]) {
  const rows = (await claimDue(t.db, 100)).filter((r) => r.kind === kind);
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe(`a language is public only complete (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a half-written Burmese translation leaves Burmese readers the English text, each element marked lang=en", async () => {
    // The organiser saves a Burmese title and summary only, in the dashboard's editor.
    const saved = await post(`/dashboard/campaigns/${SLUG}/translations/my`, { title: MY.title, summary: MY.summary });
    expect(saved.status).toBe(200);

    const doc = await page(`/my/campaigns/${SLUG}`);
    expect(campaignText(doc)).toEqual({
      html: "my",
      title: ["en", EN.title],
      summary: ["en", EN.summary],
      demand: ["en", EN.demand],
      addressedTo: ["en", EN.addressed_to],
      body: ["en", "<p>Dozens of <strong>reporters</strong> are held.</p>"],
    });
    // Said in Burmese, naming English in Burmese.
    expect(notice(doc)).toEqual([myCommon.campaign.translationMissing.replace("{{language}}", myCommon.language.names.en)]);
    expect(DomUtils.textContent(doc)).not.toContain(MY.title);
    expect(alternates(doc)).toEqual(["en"]);
    expect(switcher(doc)).toEqual(["English"]);

    // The home page card, the composer, the check-inbox page: the English title, marked.
    const home = await page("/my/");
    const card = one(home, (e) => e.name === "article" && DomUtils.textContent(e).includes(EN.title), "the card");
    expect([card.attribs.lang, text(DomUtils.findOne(byName("h3"), card.children)!)]).toEqual(["en", EN.title]);
    const composer = await page(`/my/campaigns/${SLUG}/write`);
    const subject = one(composer, (e) => e.name === "input" && e.attribs.name === "subject", "subject");
    expect([subject.attribs.lang, subject.attribs.value]).toEqual(["en", EN.message_subject]);
    const back = one(composer, (e) => e.name === "a" && e.attribs.href === `/my/campaigns/${SLUG}`, "link back");
    expect([back.attribs.lang, text(back)]).toEqual(["en", EN.title]);
    const inbox = await page(`/my/campaigns/${SLUG}/signed`);
    const titled = one(inbox, (e) => e.name === "span" && parentOf(e)?.attribs.href === `/my/campaigns/${SLUG}`, "the title in the link back");
    expect([titled.attribs.lang, text(titled)]).toEqual(["en", EN.title]);

    // The API lists the languages readers can read, with their titles.
    const api = await (await get(`/api/v1/campaigns/${SLUG}`)).json();
    expect([api.locales, api.titles]).toEqual([["en"], { en: EN.title }]);
    const list = await (await get("/api/v1/campaigns")).json();
    expect(list.campaigns.find((c: { slug: string }) => c.slug === SLUG).titles).toEqual({ en: EN.title });

    // A Burmese signer's confirmation mail: a Burmese subject with the English title, marked in the HTML.
    const signed = await handle(
      new Request(`http://padauk.test/my/campaigns/${SLUG}`, {
        method: "POST",
        body: new URLSearchParams({ name: "ဒေါ်စု", email: "reader-my@example.org", country: "MM", consent_updates: "on" }),
      }),
      context,
    );
    expect(signed.status).toBe(303);
    const mail = await renderOutboxRow(t.db, crypto, await mailFor("signature-confirm"), "http://padauk.test");
    expect(mail.subject).toBe(myEmail.confirm.subject.replace("{{title}}", EN.title));
    expect(mail.html).toContain(`<span lang="en">${EN.title}</span>`);
  });

  it("the completeness view says, in the organiser's language, what keeps Burmese from being public", async () => {
    const doc = await page(`/dashboard/campaigns/${SLUG}/translations`, organiser());
    const rows = all(doc, (e) => e.name === "tr" && !!DomUtils.findOne(byName("th"), e.children) && parentOf(e)?.name === "tbody").map((r) =>
      DomUtils.findAll((e) => e.name === "th" || e.name === "td", r.children)
        .slice(0, 2)
        .map(text),
    );
    const f = frDashboard.translations;
    const missing = (...fields: (keyof typeof f.fields)[]) => f.missing.replace("{{fields}}", fields.map((x) => f.fields[x]).join(f.fieldSeparator));
    expect(rows).toEqual([
      ["Anglais *", f.complete],
      ["Birman", missing("body", "demand", "addressed_to", "message_subject", "message_body")],
      ["Thaï", f.notStarted],
      ["Indonésien", f.notStarted],
      ["Français", f.notStarted],
      ["Espagnol", f.notStarted],
    ]);
    expect(f.missing).toBe("Pas encore public\u00a0: il manque {{fields}}");
  });

  it("a field of spaces alone counts as missing, on the public page as in the completeness view", async () => {
    // Stored as it is (the editor's form would trim it away), to hold SQL's idea of a space to JavaScript's.
    const { id } = await t.db.selectFrom("campaigns").select("id").where("slug", "=", SLUG).executeTakeFirstOrThrow();
    await saveTranslation(t.db, id, "my", { ...MY, demand: "\u00a0\u3000\n\t\u2009" });
    expect(campaignText(await page(`/my/campaigns/${SLUG}`)).title).toEqual(["en", EN.title]);
    const doc = await page(`/dashboard/campaigns/${SLUG}/translations`, organiser());
    const burmese = one(doc, (e) => e.name === "tr" && DomUtils.textContent(e).startsWith("Birman"), "the Burmese row");
    expect(text(DomUtils.findAll(byName("td"), burmese.children)[0])).toBe(
      frDashboard.translations.missing.replace("{{fields}}", frDashboard.translations.fields.demand),
    );
  });

  it("once complete, Burmese readers get Burmese everywhere, unmarked", async () => {
    expect((await post(`/dashboard/campaigns/${SLUG}/translations/my`, MY)).status).toBe(200);
    const doc = await page(`/my/campaigns/${SLUG}`);
    expect(campaignText(doc)).toEqual({
      html: "my",
      title: [undefined, MY.title],
      summary: [undefined, MY.summary],
      demand: [undefined, MY.demand],
      addressedTo: [undefined, MY.addressed_to],
      body: [undefined, `<p>${MY.body}</p>`],
    });
    expect(notice(doc)).toEqual([]);
    expect(alternates(doc)).toEqual(["en", "my"]);
    expect(switcher(doc)).toEqual(["English"]);
    expect(all(doc, (e) => e.name === "span" && e.attribs["aria-current"] === "true").map(text)).toEqual(["မြန်မာ"]);
    const api = await (await get(`/api/v1/campaigns/${SLUG}`)).json();
    expect([api.locales, api.titles]).toEqual([["en", "my"], { en: EN.title, my: MY.title }]);
    const composer = await page(`/my/campaigns/${SLUG}/write`);
    const subject = one(composer, (e) => e.name === "input" && e.attribs.name === "subject", "subject");
    expect([subject.attribs.lang, subject.attribs.value]).toEqual([undefined, MY.message_subject]);
    // And its dashboard row says so.
    const view = await page(`/dashboard/campaigns/${SLUG}/translations`, organiser());
    const burmese = one(view, (e) => e.name === "tr" && DomUtils.textContent(e).startsWith("Birman"), "the Burmese row");
    expect(text(DomUtils.findAll(byName("td"), burmese.children)[0])).toBe(frDashboard.translations.complete);
  });

  it("news shows and mails in Burmese only once its Burmese version has a title and a text", async () => {
    await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
    const posted = await post(`/dashboard/campaigns/${SLUG}/updates`, {
      intent: "update",
      title_en: "The trial is postponed",
      body_en: "The court **postponed** the trial.",
      title_my: "ရုံးချိန်းရွှေ့",
    });
    // Posting stores a draft and opens its confirmation; only the confirm sends (decision 066).
    expect(posted.status).toBe(302);
    const draft = new URL(posted.headers.get("Location")!, "http://padauk.test").searchParams.get("draft")!;
    const sent = await post(`/dashboard/campaigns/${SLUG}/updates?draft=${draft}`, { intent: "confirm", draft });
    expect(sent.status).toBe(200);
    const news = async () => {
      const doc = await page(`/my/campaigns/${SLUG}`);
      const section = one(doc, (e) => hasClass(e, "updates"), "the news");
      const h3 = DomUtils.findOne(byName("h3"), section.children)!;
      const prose = DomUtils.findOne((e) => hasClass(e, "prose"), section.children)!;
      return { title: [h3.attribs.lang, text(h3)], body: [prose.attribs.lang, DomUtils.getInnerHTML(prose, { encodeEntities: "utf8" }).trim()] };
    };
    expect(await news()).toEqual({ title: ["en", "The trial is postponed"], body: ["en", "<p>The court <strong>postponed</strong> the trial.</p>"] });

    // The Burmese signer asked for news: the mail is the English version, marked as English.
    const row = await mailFor("campaign-update");
    const first = await renderOutboxRow(t.db, crypto, row, "http://padauk.test");
    expect(first.subject).toBe("The trial is postponed");
    expect(first.html).toContain('<div lang="en">\n<h1 style="font-size:20px">The trial is postponed</h1>');

    // The organisers' view of the item says what the Burmese version lacks, in French.
    const { id } = await t.db.selectFrom("campaign_updates").select("id").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    const edit = await page(`/dashboard/campaigns/${SLUG}/updates?edit=${id}`, organiser());
    const form = one(edit, (e) => e.attribs["data-testid"] === "update-translations", "the translations form");
    const states = DomUtils.findAll(byName("fieldset"), form.children).map((fs) => [
      text(DomUtils.findOne(byName("legend"), fs.children)!),
      text(DomUtils.findOne((e) => hasClass(e, "hint"), fs.children)!),
    ]);
    const f = frDashboard;
    expect(states).toEqual([
      ["Anglais *", f.translations.complete],
      ["Birman", f.translations.missing.replace("{{fields}}", f.updates.updateBody)],
    ]);

    // Completed later (nothing is mailed again): Burmese on the page, and in a mail still waiting.
    const before = await t.db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const completed = await post(`/dashboard/campaigns/${SLUG}/updates`, {
      intent: "edit",
      update: String(id),
      title_en: "The trial is postponed",
      body_en: "The court **postponed** the trial.",
      title_my: "ရုံးချိန်းရွှေ့",
      body_my: "တရားရုံးက ရုံးချိန်းကို ရွှေ့လိုက်သည်။",
    });
    expect(completed.status).toBe(200);
    expect(await news()).toEqual({ title: [undefined, "ရုံးချိန်းရွှေ့"], body: [undefined, "<p>တရားရုံးက ရုံးချိန်းကို ရွှေ့လိုက်သည်။</p>"] });
    const after = await t.db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const again = await renderOutboxRow(t.db, crypto, row, "http://padauk.test");
    expect(again.subject).toBe("ရုံးချိန်းရွှေ့");
    expect(again.html).toContain('<div>\n<h1 style="font-size:20px">ရုံးချိန်းရွှေ့</h1>');
  });
});
