import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { setSessionCookie } from "../../app/web/auth.server";
import { addMember, createSession, csrfToken, inviteOrganiser, setPasswordWithToken } from "../../app/models/organiser.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { claimDue, decodePayload } from "../../app/models/outbox.server";
import { renderOutboxRow } from "../../app/outbox/worker.server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import frDashboard from "../../locales/fr/dashboard.json";

/**
 * The news form's steps through the production build (`npm run build` first), as a browser
 * without JavaScript posts them, for an organiser whose browser asks for French.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const crypto = createCrypto("news-send-route-secret-of-32-characters!");
let t: TestDatabase;
let context: AppLoadContext;
let handle: (request: Request, context: AppLoadContext) => Promise<Response>;
let cookie = "";
let csrf = "";
const URL_ = "/dashboard/campaigns/arms-embargo/updates";

beforeAll(async () => {
  const buildFile = path.join(root, "build/index.js");
  if (!existsSync(buildFile)) throw new Error("no production build: run `npm run build` first (npm test does)");
  handle = createRequestHandler((await import(pathToFileURL(buildFile).href)) as ServerBuild, "production");
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto);
  const organiserId = (await setPasswordWithToken(
    t.db,
    await inviteOrganiser(t.db, crypto, "organiser@example.org", "organiser"),
    "a long passphrase for news",
  ))!;
  await addMember(t.db, organiserId, (await findPublicCampaign(t.db, "arms-embargo", "en"))!.id);
  const session = await createSession(t.db, organiserId);
  cookie = (await setSessionCookie(context, session)).split(";")[0];
  csrf = csrfToken(context.config.appSecret, session);
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, fields: Record<string, string>) =>
  handle(
    new Request(`http://padauk.test${url}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie, "Accept-Language": "fr" } }),
    context,
  );
const drafts = async () => (await t.db.selectFrom("campaign_updates").select("id").execute()).length;
const queued = async () => (await t.db.selectFrom("outbox").select("id").execute()).length;

describe(`the news form's steps, posted without JavaScript (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("refuses a form without its CSRF token or without the default language, storing nothing, in French", async () => {
    const news = { intent: "update", title_en: "The Council will meet", body_en: "Next **week**." };
    expect((await post(URL_, news)).status).toBe(403);
    const missing = await post(URL_, { ...news, csrf, title_en: "" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain(frDashboard.updates.updateDefaultMissing);
    expect(await drafts()).toBe(0);
    // A confirm or a test of a draft that is not there: 404, nothing queued.
    expect((await post(URL_, { csrf, intent: "confirm", draft: "999" })).status).toBe(404);
    expect((await post(URL_, { csrf, intent: "test", draft: "abc" })).status).toBe(404);
    expect(await queued()).toBe(0);
  });

  it("drafts, shows the confirmation in French, mails one test marked as such in French, and nothing else", async () => {
    const drafted = await post(URL_, { csrf, intent: "update", title_en: "The Council will meet", body_en: "Next **week**." });
    expect(drafted.status).toBe(302);
    const location = drafted.headers.get("Location")!;
    const draft = new URL(location, "http://padauk.test").searchParams.get("draft")!;
    const confirmation = await handle(new Request(`http://padauk.test${location}`, { headers: { Cookie: cookie, "Accept-Language": "fr" } }), context);
    expect(confirmation.status).toBe(200);
    const html = await confirmation.text();
    expect(html).toContain(frDashboard.updates.confirmHeading);
    // Nobody has signed with consent yet: the button says so.
    expect(html).toContain(frDashboard.updates.confirmSend_one.replace("{{count, number}}", "0"));
    expect(await queued()).toBe(0);

    const tested = await post(location, { csrf, intent: "test", draft });
    expect(tested.status).toBe(200);
    expect(await tested.text()).toContain(frDashboard.updates.testQueued.replace("{{email}}", "organiser@example.org"));
    const rows = await claimDue(t.db, 100);
    expect(rows.map((r) => [r.kind, r.campaignId])).toEqual([["campaign-update-test", null]]);
    expect(decodePayload(crypto, rows[0].payloadEnc!)).toEqual({ to: "organiser@example.org", lang: "fr", updateId: Number(draft) });
    const mail = await renderOutboxRow(t.db, crypto, rows[0], "http://padauk.test");
    // No French version: the English one, as a French signer would get it, marked as a test.
    expect(mail.subject).toBe("[Test] The Council will meet");
    expect(mail.text).toContain("Next week.");
  });
});
