import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { setSessionCookie } from "../../app/web/auth.server";
import { addMember, createSession, csrfToken, inviteOrganiser, setPasswordWithToken } from "../../app/models/organiser.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { createPartner } from "../../app/models/partner.server";
import { correctPaperBatch, invalidatePaperBatch, recordPaperBatch, type PaperActor } from "../../app/services/paper.server";
import { paperBatchesData } from "../../app/web/paper.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { all, hasClass, one, parentOf, text } from "../helpers/rendered-html";
import enCommon from "../../locales/en/common.json";
import myCommon from "../../locales/my/common.json";
import enDashboard from "../../locales/en/dashboard.json";

/**
 * Signatures collected on paper: recorded by organisers and partners as counts per batch,
 * shown apart from the online count on the campaign page and in the API, corrected and
 * invalidated on the record; and the printable petition sheet with its QR code. Pages are
 * rendered by the production build (`npm run build` first) with this file's database.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const crypto = createCrypto("paper-batches-secret-of-at-least-32-chars");
const SLUG = "arms-embargo";
const PAPER = `/dashboard/campaigns/${SLUG}/paper`;

let t: TestDatabase;
let context: AppLoadContext;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let cookie = "";
let csrf = "";
let organiserId = 0;
let campaignId = 0;

const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  const buildFile = path.join(root, "build/index.js");
  if (!existsSync(buildFile)) throw new Error("no production build: run `npm run build` first (npm test does)");
  handle = createRequestHandler((await import(pathToFileURL(buildFile).href)) as ServerBuild, "production");
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto);
  organiserId = (await setPasswordWithToken(
    t.db,
    await inviteOrganiser(t.db, crypto, "paper@example.org", "organiser"),
    "a long unusual passphrase for tests",
  ))!;
  campaignId = (await findPublicCampaign(t.db, SLUG, "en"))!.id;
  await addMember(t.db, organiserId, campaignId);
  const session = await createSession(t.db, organiserId);
  cookie = (await setSessionCookie(context, session)).split(";")[0];
  csrf = csrfToken(context.config.appSecret, session);
});
afterAll(async () => {
  await t?.close();
});

async function get(url: string, ctx = context): Promise<Response> {
  return handle(new Request(`http://padauk.test${url}`, { headers: { Cookie: cookie, "Accept-Language": "en" } }), ctx);
}
async function page(url: string, ctx = context) {
  const res = await get(url, ctx);
  expect(res.status, url).toBe(200);
  return parseDocument(await res.text());
}
async function post(url: string, fields: Record<string, string>): Promise<Response> {
  return handle(
    new Request(`http://padauk.test${url}`, {
      method: "POST",
      body: new URLSearchParams({ csrf, ...fields }),
      headers: { Cookie: cookie, "Accept-Language": "en" },
    }),
    context,
  );
}
async function api() {
  const res = await handle(new Request(`http://padauk.test/api/v1/campaigns/${SLUG}`), context);
  expect(res.status).toBe(200);
  return res.json();
}
async function listed(): Promise<Record<string, number>> {
  const body = await (await handle(new Request("http://padauk.test/api/v1/campaigns"), context)).json();
  return Object.fromEntries((body.campaigns as { slug: string; paperSignatures: number }[]).map((c) => [c.slug, c.paperSignatures]));
}
/** The campaign page's paper line (null when it shows none) and the bar's value. */
async function progress(lang: string) {
  const doc = await page(`/${lang}/campaigns/${SLUG}`);
  const paper = all(doc, (e) => hasClass(e, "progress-paper"));
  const bar = one(doc, (e) => e.attribs.role === "progressbar", "the progress bar");
  return {
    paper: paper.length ? text(paper[0]) : null,
    online: text(one(doc, (e) => e.name === "strong" && !!parentOf(e) && parentHas(parentOf(e)!, "progress-count"), "count")),
    towardsGoal: Number(bar.attribs["aria-valuenow"]),
  };
}
const parentHas = (e: Element, c: string) => !!parentOf(e) && hasClass(parentOf(e)!, c);
const inside = (e: Element, test: (e: Element) => boolean) => DomUtils.findAll(test, e.children);
const batchRows = async () => t.db.selectFrom("paper_batches").selectAll().orderBy("id").execute();
const auditRows = async (action: string) =>
  (await t.db.selectFrom("audit_log").select(["subject", "row_count"]).where("action", "=", action).orderBy("id").execute()).map((r) => [
    r.subject,
    r.row_count,
  ]);
const lastBatchId = async () => (await batchRows()).at(-1)!.id;

describe(`paper signatures (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("a recorded batch shows apart from the online count, in English and in Burmese digits, and in the API folded by country", async () => {
    expect((await progress("en")).paper).toBeNull();
    expect(await api()).toMatchObject({ signatureCount: 0, paperSignatures: 0, paperSignaturesByCountry: {} });

    const res = await post(PAPER, {
      intent: "record",
      country: "MM",
      count: "1,240",
      collected_on: today(),
      place: "Mae Sot market",
      attested_by: "Students’ union, Mae Sot",
    });
    expect(res.status).toBe(200);
    const done = parseDocument(await res.text());
    expect(text(one(done, (e) => e.attribs.role === "status", "the notice"))).toBe(enDashboard.paper.done.record);
    // The form starts empty again, so pressing the button twice cannot record the batch twice.
    expect(one(done, (e) => e.attribs.id === "p-new-count", "count").attribs.value).toBeUndefined();
    // A small group (4 from Thailand) is folded into "other", as online signatures are.
    expect(
      (await post(PAPER, { intent: "record", country: "TH", count: "၄", collected_on: today(), place: "", attested_by: "A partner in Bangkok" })).status,
    ).toBe(200);

    expect(await batchRows()).toMatchObject([
      {
        campaign_id: campaignId,
        country: "MM",
        count: 1240,
        place: "Mae Sot market",
        attested_by: "Students’ union, Mae Sot",
        status: "valid",
        recorded_by: organiserId,
        partner_id: null,
      },
      {
        campaign_id: campaignId,
        country: "TH",
        count: 4,
        place: null,
        attested_by: "A partner in Bangkok",
        status: "valid",
        recorded_by: organiserId,
        partner_id: null,
      },
    ]);
    expect(await progress("en")).toEqual({ paper: "and 1,244 on paper", online: "0 signatures", towardsGoal: 1244 });
    expect(await progress("my")).toEqual({
      paper: myCommon.campaign.onPaper_other.replace("{{count, number}}", "၁,၂၄၄"),
      online: myCommon.campaign.signatures_other.replace("{{count, number}}", "၀"),
      towardsGoal: 1244,
    });
    const body = await api();
    expect([body.signatureCount, body.paperSignatures, body.paperSignaturesByCountry, body.paperCountsToGoal]).toEqual([0, 1244, { MM: 1240, other: 4 }, true]);
    const list = await listed();
    expect(list[SLUG]).toBe(1244);
    expect(Object.entries(list).filter(([s]) => s !== SLUG)).toEqual(
      Object.keys(list)
        .filter((s) => s !== SLUG)
        .map((s) => [s, 0]),
    );
    expect(await auditRows("paper.recorded")).toEqual([
      [`${SLUG} paper batch ${(await batchRows())[0].id}: 1240 from MM on ${today()} at Mae Sot market, attested by Students’ union, Mae Sot`, 1240],
      [`${SLUG} paper batch ${(await batchRows())[1].id}: 4 from TH on ${today()}, attested by A partner in Bangkok`, 4],
    ]);
  });

  it("lists the batches on the dashboard's paper page, with their totals and the link to print a sheet", async () => {
    const doc = await page(PAPER);
    expect(text(one(doc, (e) => e.attribs["data-testid"] === "paper-total", "total"))).toBe("1,244 signatures on paper, in batches that count");
    expect(
      all(
        doc,
        (e) => e.name === "li" && e.parent?.type === "tag" && (e.parent as { attribs: Record<string, string> }).attribs["data-testid"] === "paper-by-country",
      ).map(text),
    ).toEqual(["Myanmar (Burma): 1,240 signatures", "Thailand: 4 signatures"]);
    expect(all(doc, (e) => e.name === "tr" && e.attribs["data-batch"] !== undefined)).toHaveLength(2);
    const sheet = one(doc, (e) => e.name === "a" && e.attribs.href === `/en/campaigns/${SLUG}/sheet`, "the sheet link");
    expect(text(sheet)).toBe(enDashboard.paper.printSheet);
    // Linked from the campaign's own bar of pages.
    expect(all(doc, (e) => e.name === "a" && e.attribs.href === PAPER).map(text)).toEqual([enDashboard.campaign.paper]);
  });

  it("a correction changes the count everywhere and is audited with before and after", async () => {
    const id = (await batchRows())[0].id;
    const res = await post(PAPER, {
      intent: "correct",
      batch: String(id),
      country: "MM",
      count: "1300",
      collected_on: today(),
      place: "Mae Sot",
      attested_by: "Students’ union, Mae Sot",
    });
    expect(res.status).toBe(200);
    expect((await batchRows())[0]).toMatchObject({ count: 1300, place: "Mae Sot", status: "valid" });
    expect(await auditRows("paper.corrected")).toEqual([[`${SLUG} paper batch ${id}: count 1240 → 1300, place "Mae Sot market" → "Mae Sot"`, 1300]]);
    expect((await progress("en")).paper).toBe("and 1,304 on paper");
    expect((await api()).paperSignaturesByCountry).toEqual({ MM: 1300, other: 4 });
  });

  it("refuses bad input with a 400 and a message beside each field, and stores nothing", async () => {
    const before = await batchRows();
    const tomorrowPlus = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const res = await post(PAPER, { intent: "record", country: "XX", count: "0", collected_on: tomorrowPlus, place: "p".repeat(201), attested_by: "  " });
    expect(res.status).toBe(400);
    const doc = parseDocument(await res.text());
    const message = (id: string) => text(one(doc, (e) => e.attribs.id === `p-new-${id}-error`, id));
    expect([message("country"), message("count"), message("collected_on"), message("place"), message("attested_by")]).toEqual([
      enDashboard.errors.paperCountryInvalid,
      "Enter a whole number from 1 to 1,000,000.",
      enDashboard.errors.paperDateFuture,
      "Too long: use at most 200 characters.",
      enDashboard.errors.paperAttestedRequired,
    ]);
    // What was typed comes back, bounded.
    expect(one(doc, (e) => e.attribs.id === "p-new-count", "count").attribs.value).toBe("0");
    expect((await post(PAPER, { intent: "record", country: "MM", count: "1000001", collected_on: today(), attested_by: "x" })).status).toBe(400);
    expect((await post(PAPER, { intent: "record", country: "MM", count: "12.5e3x", collected_on: "2026-02-30", attested_by: "x" })).status).toBe(400);
    // Not before the campaign opened (a day's grace for the time zones west of UTC).
    await t.db
      .updateTable("campaigns")
      .set({ opened_at: new Date("2026-11-01T08:00:00Z") })
      .where("id", "=", campaignId)
      .execute();
    const early = await post(PAPER, { intent: "record", country: "MM", count: "10", collected_on: "2026-10-30", attested_by: "x" });
    expect(early.status).toBe(400);
    expect(text(one(parseDocument(await early.text()), (e) => e.attribs.id === "p-new-collected_on-error", "date"))).toBe(
      enDashboard.errors.paperDateBeforeOpen,
    );
    // A correction with a bad count changes nothing either; an unknown batch is a 404, an unknown intent a 400.
    expect(
      (await post(PAPER, { intent: "correct", batch: String(before[0].id), country: "MM", count: "-3", collected_on: today(), attested_by: "x" })).status,
    ).toBe(400);
    expect((await post(PAPER, { intent: "correct", batch: "999999", country: "MM", count: "3", collected_on: today(), attested_by: "x" })).status).toBe(404);
    expect((await post(PAPER, { intent: "correct", batch: "not a number", country: "MM", count: "3", collected_on: today(), attested_by: "x" })).status).toBe(
      404,
    );
    expect((await post(PAPER, { intent: "something" })).status).toBe(400);
    expect((await post(PAPER, { intent: "invalidate", batch: String(before[0].id), reason: " " })).status).toBe(400);
    expect(await batchRows()).toEqual(before);
    expect(await auditRows("paper.corrected")).toHaveLength(1);
  });

  it("an invalidated batch stops counting, keeps its reason, and is audited once", async () => {
    const [mm, th] = await batchRows();
    expect((await post(PAPER, { intent: "invalidate", batch: String(mm.id), reason: "The sheets were counted twice" })).status).toBe(200);
    expect((await post(PAPER, { intent: "invalidate", batch: String(mm.id), reason: "again" })).status).toBe(200);
    expect((await batchRows())[0]).toMatchObject({ status: "invalidated", invalidation_reason: "The sheets were counted twice", count: 1300 });
    expect(await auditRows("paper.invalidated")).toEqual([[`${SLUG} paper batch ${mm.id} (1300 from MM): The sheets were counted twice`, 1300]]);
    expect((await progress("en")).paper).toBe("and 4 on paper");
    expect(await api()).toMatchObject({ paperSignatures: 4, paperSignaturesByCountry: { other: 4 } });
    expect((await listed())[SLUG]).toBe(4);

    expect((await post(PAPER, { intent: "invalidate", batch: String(th.id), reason: "No one could vouch for it" })).status).toBe(200);
    expect(await progress("en")).toEqual({ paper: null, online: "0 signatures", towardsGoal: 0 });
    expect(await api()).toMatchObject({ paperSignatures: 0, paperSignaturesByCountry: {} });
    const doc = await page(PAPER);
    expect(text(one(doc, (e) => e.attribs["data-testid"] === "paper-total", "total"))).toBe("0 signatures on paper, in batches that count");
    expect(all(doc, (e) => hasClass(e, "paper-status")).map(text)).toEqual([
      "Not counted: No one could vouch for it",
      "Not counted: The sheets were counted twice",
    ]);
  });

  it("counts paper towards the goal only while the campaign's setting says so; it is shown apart either way", async () => {
    expect((await post(PAPER, { intent: "record", country: "MM", count: "500", collected_on: today(), attested_by: "A partner in Bangkok" })).status).toBe(200);
    const settings = async (paperCountsToGoal: boolean) => {
      const c = await t.db.selectFrom("campaigns").selectAll().where("id", "=", campaignId).executeTakeFirstOrThrow();
      const fields: Record<string, string> = {
        status: c.status,
        goal: String(c.goal),
        target_list: String(c.target_list_id ?? ""),
        daily_target_cap: String(c.daily_target_cap),
        retention_days: String(c.retention_days),
      };
      if (paperCountsToGoal) fields.paper_counts_to_goal = "on";
      expect((await post(`/dashboard/campaigns/${SLUG}/settings`, fields)).status).toBe(200);
    };
    // On by default, and the settings page says so.
    const form = await page(`/dashboard/campaigns/${SLUG}/settings`);
    const box = one(form, (e) => e.attribs.name === "paper_counts_to_goal", "the checkbox");
    expect(box.attribs.checked).toBe("");
    expect(text(one(form, (e) => e.name === "label" && e.attribs.for === box.attribs.id, "its label"))).toBe(enDashboard.form.paperCountsToGoal);
    expect((await progress("en")).towardsGoal).toBe(500);

    await settings(false);
    expect(await progress("en")).toEqual({ paper: "and 500 on paper", online: "0 signatures", towardsGoal: 0 });
    expect(await api()).toMatchObject({ paperSignatures: 500, paperCountsToGoal: false });
    expect(
      (await t.db.selectFrom("audit_log").select("subject").where("action", "=", "campaign.settings").orderBy("id", "desc").executeTakeFirstOrThrow()).subject,
    ).toMatch(/, paper counts to goal no$/);

    await settings(true);
    expect(await progress("en")).toEqual({ paper: "and 500 on paper", online: "0 signatures", towardsGoal: 500 });
  });

  it("a partner records batches as itself and may change only its own; organisers any of their campaign's", async () => {
    const partner = async (slug: string, name: string, listed: boolean) => {
      const { partner: p } = await createPartner(t.db, crypto, { campaignId, slug, name, website: null, listed, origins: [], webhookUrl: null });
      const account = await t.db
        .insertInto("organisers")
        .values({ email_hmac: crypto.emailHmac(`${slug}@example.org`), email_enc: crypto.encrypt(`${slug}@example.org`), role: "partner", partner_id: p.id })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: p.id, actor: { organiserId: account.id, partnerId: p.id } satisfies PaperActor };
    };
    const yangon = await partner("yangon-students", "A students’ group in Yangon", true);
    const bangkok = await partner("bangkok-network", "A network in Bangkok", false);
    const campaign = { id: campaignId, slug: SLUG };
    const form = (f: Record<string, string>) => {
      const d = new FormData();
      for (const [k, v] of Object.entries({ country: "MM", collected_on: today(), attested_by: "The group’s secretary", ...f })) d.set(k, v);
      return d;
    };

    // A partner cannot record in another partner's name.
    const mine = await recordPaperBatch(context, yangon.actor, campaign, form({ count: "30" }), { partnerId: bangkok.id });
    expect(mine).toEqual({ kind: "recorded", id: await lastBatchId() });
    const id = (mine as { id: number }).id;
    expect((await batchRows()).at(-1)).toMatchObject({ partner_id: yangon.id, recorded_by: yangon.actor.organiserId, count: 30 });

    const before = await batchRows();
    expect(await correctPaperBatch(context, bangkok.actor, campaign, id, form({ count: "3000" }))).toEqual({ kind: "forbidden" });
    expect(await invalidatePaperBatch(context, bangkok.actor, campaign, id, form({ reason: "not ours" }))).toEqual({ kind: "forbidden" });
    // Nor a batch the organisers recorded.
    expect(await correctPaperBatch(context, bangkok.actor, campaign, before[0].id, form({ count: "1" }))).toEqual({ kind: "forbidden" });
    // Another campaign's batch does not exist for this campaign.
    expect(await correctPaperBatch(context, yangon.actor, { id: campaignId + 1, slug: "icc-referral" }, id, form({ count: "1" }))).toEqual({
      kind: "not-found",
    });
    expect(await batchRows()).toEqual(before);

    // A partner sees only its own batches.
    expect((await paperBatchesData(context, bangkok.actor, campaignId, "en")).batches).toEqual([]);
    expect((await paperBatchesData(context, yangon.actor, campaignId, "en")).batches.map((b) => [b.id, b.count, b.partnerName, b.editable])).toEqual([
      [id, 30, "A students’ group in Yangon", true],
    ]);

    expect(await correctPaperBatch(context, yangon.actor, campaign, id, form({ count: "35" }))).toEqual({ kind: "corrected", id });
    expect(await correctPaperBatch(context, { organiserId, partnerId: null }, campaign, id, form({ count: "36" }))).toEqual({ kind: "corrected", id });
    expect(await invalidatePaperBatch(context, yangon.actor, campaign, id, form({ reason: "Entered in the wrong campaign" }))).toEqual({
      kind: "invalidated",
      id,
    });
    expect((await batchRows()).at(-1)).toMatchObject({ count: 36, status: "invalidated", invalidation_reason: "Entered in the wrong campaign" });
    expect((await auditRows("paper.corrected")).slice(-2)).toEqual([
      [`${SLUG} paper batch ${id}: count 30 → 35`, 35],
      [`${SLUG} paper batch ${id}: count 35 → 36`, 36],
    ]);
    // The organisers' page lists it with its partner.
    const doc = await page(PAPER);
    expect(text(one(doc, (e) => e.name === "tr" && e.attribs["data-batch"] === String(id), "the partner's batch"))).toContain("A students’ group in Yangon");
  });
});

/** The dark modules the qrcode package's SVG path draws, as "x,y" (it draws each row as horizontal strokes at y + 0.5). */
function svgModules(svg: string): Set<string> {
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)![1];
  const out = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([MmHhVv])(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    if (cmd === "M") [x, y] = [Number(a), Number(b)];
    else if (cmd === "m") [x, y] = [x + Number(a), y + Number(b)];
    else if (cmd === "h") {
      for (let i = 0; i < Number(a); i++) out.add(`${x + i},${Math.floor(y)}`);
      x += Number(a);
    }
  }
  return out;
}
/** The dark modules of the QR code of `text` (error correction M), offset by the quiet zone. */
function expectedModules(text: string, margin = 4): Set<string> {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const out = new Set<string>();
  for (let r = 0; r < modules.size; r++) for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) out.add(`${c + margin},${r + margin}`);
  return out;
}

describe(`the printable petition sheet (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("is a print-ready A4 page with the demand, the address, its QR code and 15 ruled lines, and no script", async () => {
    const res = await get(`/en/campaigns/${SLUG}/sheet`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    const doc = parseDocument(html);
    const css = all(doc, (e) => e.name === "style")
      .map((e) => DomUtils.textContent(e))
      .join("\n");
    expect(css).toMatch(/@page \{ size: A4; margin: [^;]+; \}/);
    expect(css).toContain("@media print");
    const demand = (await findPublicCampaign(t.db, SLUG, "en"))!.content.demand;
    expect(text(one(doc, (e) => hasClass(e, "demand-text"), "the demand"))).toBe(demand);
    const url = `http://padauk.test/en/campaigns/${SLUG}`;
    expect(all(doc, (e) => e.name === "a" && parentHas(e, "sheet-address")).map((a) => [a.attribs.href, text(a)])).toEqual([[url, url]]);
    // The QR code is the campaign's address, module for module.
    const svg = DomUtils.getInnerHTML(one(doc, (e) => hasClass(e, "sheet-qr"), "the QR code"));
    expect(svg).toMatch(/^<svg /);
    expect(svgModules(svg)).toEqual(expectedModules(url));
    expect(html).toContain((await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 4 })).trim());
    // 15 numbered lines for name, country and signature, then who collected it and where.
    const table = one(doc, (e) => hasClass(e, "sheet-rows"), "the table");
    expect(inside(table, (e) => e.name === "th").map(text)).toEqual([
      enCommon.sheet.number,
      enCommon.sheet.name,
      enCommon.sheet.country,
      enCommon.sheet.signature,
    ]);
    const rows = inside(table, (e) => e.name === "tr" && e.parent?.type === "tag" && (e.parent as { name: string }).name === "tbody");
    expect(rows.map((r) => text(r))).toEqual(Array.from({ length: 15 }, (_, i) => String(i + 1)));
    expect(all(doc, (e) => parentHas(e, "sheet-collected") && !hasClass(e, "sheet-blank")).map(text)).toEqual([
      enCommon.sheet.collectedBy,
      enCommon.sheet.collectedWhere,
    ]);
    expect(all(doc, (e) => e.attribs["data-testid"] === "sheet-onion")).toHaveLength(0);
  });

  it("in Burmese: lang=my, Burmese headings and row numbers, every letter inside the Myanmar font's core piece", async () => {
    const doc = await page(`/my/campaigns/${SLUG}/sheet`);
    expect(one(doc, (e) => e.name === "html", "html").attribs.lang).toBe("my");
    const table = one(doc, (e) => hasClass(e, "sheet-rows"), "the table");
    expect(inside(table, (e) => e.name === "th").map(text)).toEqual([
      myCommon.sheet.number,
      myCommon.sheet.name,
      myCommon.sheet.country,
      myCommon.sheet.signature,
    ]);
    expect(
      inside(table, (e) => e.name === "td" && !!e.prev === false)
        .map(text)
        .slice(0, 3),
    ).toEqual(["၁", "၂", "၃"]);
    const main = one(doc, (e) => hasClass(e, "sheet"), "the sheet");
    const body = DomUtils.textContent(main);
    const demand = (await findPublicCampaign(t.db, SLUG, "my"))!.content.demand;
    expect(text(one(doc, (e) => hasClass(e, "demand-text"), "the demand"))).toBe(demand);
    expect(one(doc, (e) => hasClass(e, "demand-text"), "the demand").attribs.lang).toBeUndefined();
    for (const s of [myCommon.sheet.kicker, myCommon.sheet.intro, myCommon.sheet.collectedBy, myCommon.sheet.keepSafe]) expect(body).toContain(s);
    // The core piece (U+1000–104F and the joiners) is what a Burmese page fetches: nothing here needs the extended one.
    const myanmar = [...body].filter((ch) => /[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]/.test(ch));
    expect(myanmar.length).toBeGreaterThan(100);
    expect(myanmar.filter((ch) => ch.codePointAt(0)! > 0x104f)).toEqual([]);
    // The QR link is the Burmese page.
    const svg = DomUtils.getInnerHTML(one(doc, (e) => hasClass(e, "sheet-qr"), "the QR code"));
    expect(svgModules(svg)).toEqual(expectedModules(`http://padauk.test/my/campaigns/${SLUG}`));
  });

  it("?partner= puts a live partner in the QR link, and its name on the sheet when it is listed; the onion address when configured", async () => {
    const onion = testContext(t.db, crypto, { config: { ...context.config, onionUrl: "http://padaukexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxx.onion" } });
    const doc = await page(`/en/campaigns/${SLUG}/sheet?partner=yangon-students`, onion);
    expect(text(one(doc, (e) => e.attribs["data-testid"] === "sheet-partner", "the partner"))).toBe("Collected with A students’ group in Yangon");
    const url = `http://padauk.test/en/campaigns/${SLUG}?partner=yangon-students`;
    const svg = DomUtils.getInnerHTML(one(doc, (e) => hasClass(e, "sheet-qr"), "the QR code"));
    expect(svgModules(svg)).toEqual(expectedModules(url));
    expect(all(doc, (e) => e.name === "a" && parentHas(e, "sheet-address")).map((a) => a.attribs.href)).toEqual([
      url,
      `http://padaukexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxx.onion/en/campaigns/${SLUG}?partner=yangon-students`,
    ]);

    // A partner not listed on the campaign's pages is not named on its sheet, but its link attributes.
    const unlisted = await page(`/en/campaigns/${SLUG}/sheet?partner=bangkok-network`);
    expect(all(unlisted, (e) => e.attribs["data-testid"] === "sheet-partner")).toHaveLength(0);
    expect(DomUtils.textContent(unlisted)).not.toContain("A network in Bangkok");
    expect(svgModules(DomUtils.getInnerHTML(one(unlisted, (e) => hasClass(e, "sheet-qr"), "QR")))).toEqual(
      expectedModules(`http://padauk.test/en/campaigns/${SLUG}?partner=bangkok-network`),
    );

    // An unknown partner, or a hostile value, gets the campaign's own sheet.
    for (const p of ["no-such-partner", "<script>alert(1)</script>"]) {
      const plain = await page(`/en/campaigns/${SLUG}/sheet?partner=${encodeURIComponent(p)}`);
      expect(all(plain, (e) => e.attribs["data-testid"] === "sheet-partner")).toHaveLength(0);
      expect(svgModules(DomUtils.getInnerHTML(one(plain, (e) => hasClass(e, "sheet-qr"), "QR")))).toEqual(
        expectedModules(`http://padauk.test/en/campaigns/${SLUG}`),
      );
    }
    expect((await get("/en/campaigns/no-such-campaign/sheet")).status).toBe(404);
    expect((await get(`/xx/campaigns/${SLUG}/sheet`)).status).toBe(404);
  });
});
