import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { AppLoadContext } from "@remix-run/node";
import { isLocalLocation, safeLocalPath } from "../../app/web/http.server";
import { loggableError, loggablePath, redactText } from "../../app/lib/log.server";
import { createCrypto } from "../../app/lib/crypto.server";
import { campaignSettings } from "../../app/models/campaign-admin.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import * as settingsRoute from "../../app/routes/dashboard.campaigns.$slug.settings";
import * as newCampaignRoute from "../../app/routes/dashboard.campaigns.new";
import { startServer, type RunningServer } from "../helpers/server";
import { send } from "../helpers/http";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { dashboardPost, organiserSession } from "../helpers/organisers";

/** Pieces browsers and URL parsers treat specially, for paths that try to leave the site. */
const tricky = fc.constantFrom(
  "/",
  "//",
  "\\",
  "/\\",
  ".",
  "..",
  "./",
  "../",
  "%2e",
  "%2E",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%252f",
  "\t",
  "\n",
  "\r",
  " ",
  "%09",
  "%0a",
  "%00",
  "evil.example",
  "@",
  ":",
  "http:",
  "https:",
  "javascript:",
  "?",
  "#",
  "&",
  "=",
  "en",
  "campaigns",
  "／",
  "＼",
  "。",
  "%E3%80%82",
  "ﹰ",
  "\u2028",
  "\u00a0",
);
const trickyPath = fc
  .array(fc.oneof({ weight: 4, arbitrary: tricky }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.join(""));
const candidate = fc.oneof(
  trickyPath,
  trickyPath.map((p) => `/${p}`),
  trickyPath.map((p) => `/.${p}`),
  trickyPath.map((p) => `/%2e${p}`),
);

/** Where a browser on the site would go, following this Location. */
const followedFrom = (site: string, location: string) => new URL(location, `${site}/en/campaigns/arms-embargo`);

describe("no redirect leaves the site", () => {
  it("safeLocalPath keeps every generated path on the site, as the browser's URL parser reads it", () => {
    fc.assert(
      fc.property(candidate, (to) => {
        const out = safeLocalPath(to, "/fallback");
        expect(out.startsWith("/")).toBe(true);
        expect(followedFrom("https://site.example", out).origin).toBe("https://site.example");
        expect(isLocalLocation(out)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it("the cases the review found, and what a normal link still does", () => {
    for (const to of ["/.//evil.example", "/..//evil.example", "/%2e//evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example"]) {
      expect(followedFrom("https://site.example", safeLocalPath(to, "/en/")).host).toBe("site.example");
    }
    expect(safeLocalPath("/en/campaigns/arms-embargo?x=1#sign", "/en/")).toBe("/en/campaigns/arms-embargo?x=1#sign");
    expect(safeLocalPath("https://evil.example/", "/en/")).toBe("/en/");
    expect(isLocalLocation("//evil.example")).toBe(false);
    expect(isLocalLocation("/\\evil.example")).toBe(false);
    expect(isLocalLocation("/en/")).toBe(true);
  });
});

describe("through the real server", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("the language switcher never sends a visitor to another host, for any generated `to`", async () => {
    await fc.assert(
      fc.asyncProperty(candidate, async (to) => {
        const r = await send(server.baseUrl, "GET", `/language/en?to=${encodeURIComponent(to)}`);
        expect(r.status).toBe(302);
        const location = String(r.headers.location);
        expect(followedFrom(server.baseUrl, location).origin).toBe(new URL(server.baseUrl).origin);
      }),
      { numRuns: 300 },
    );
    const r = await send(server.baseUrl, "GET", `/language/en?to=${encodeURIComponent("/.//evil.example")}`);
    expect(r.headers.location).toBe("/evil.example");
  });

  it("/dev/mail answers only a loopback Host with no forwarding headers (no DNS rebinding)", async () => {
    const port = new URL(server.baseUrl).port;
    const status = async (headers: Record<string, string>) => (await send(server.baseUrl, "GET", "/dev/mail", { headers })).status;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `app.localhost:${port}`])
      expect(await status({ Host: host }), host).toBe(200);
    for (const host of [`evil.example:${port}`, `rebind.evil.example`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`, "0.0.0.0"]) {
      expect(await status({ Host: host }), host).toBe(404);
    }
    for (const header of ["X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "X-Real-IP", "Via"]) {
      expect(await status({ Host: `localhost:${port}`, [header]: "127.0.0.1" }), header).toBe(404);
    }
    // The single mail is shown under the same rule.
    expect((await send(server.baseUrl, "GET", "/dev/mail/1-2-3.eml", { headers: { Host: `evil.example:${port}` } })).status).toBe(404);
  });

  it("logs no stack for expected refusals and no token, MAC, code or address in any line", async () => {
    const token = "Q".repeat(20) + "x7_Kp2-" + "w".repeat(16);
    const mac = "mAc4Ux" + "z".repeat(18);
    const address = "a-signer@example.org";
    const before = server.output().length;
    const answers = [
      await send(server.baseUrl, "GET", `/en/confirm/${token}`),
      await send(server.baseUrl, "POST", `/en/confirm/${token}`, { form: {} }),
      await send(server.baseUrl, "GET", `/en/messages/confirm/${token}`),
      await send(server.baseUrl, "GET", `/en/signatures/123/withdraw/${mac}`),
      await send(server.baseUrl, "POST", `/en/unsubscribe/123/${mac}`, { form: {} }),
      await send(server.baseUrl, "GET", `/set-password/${token}`),
      await send(server.baseUrl, "POST", "/healthz", { form: {} }),
      await send(server.baseUrl, "DELETE", "/en/campaigns/arms-embargo"),
      await send(server.baseUrl, "GET", `/en/nothing/${encodeURIComponent(address)}`),
      await send(server.baseUrl, "GET", `/api/v1/campaigns/${encodeURIComponent(address)}`),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 410, 405, 400, 404, 404]);
    await new Promise((r) => setTimeout(r, 200));
    const log = server.output().slice(before);
    expect(log, "a stack trace was logged for an expected 4xx").not.toMatch(/\n\s+at /);
    expect(log).toBe("");
  });
});

describe("what may be logged", () => {
  it("paths lose their tokens, MACs and addresses; function names stay", () => {
    expect(loggablePath("/en/confirm/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ABCD")).toBe("/en/confirm/…");
    expect(loggablePath("/my/messages/confirm/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ABCD")).toBe("/my/messages/confirm/…");
    expect(loggablePath("/en/signatures/42/withdraw/shortmac")).toBe("/en/signatures/42/withdraw/…");
    expect(loggablePath("/en/unsubscribe/42/abc")).toBe("/en/unsubscribe/42/…");
    expect(loggablePath("/set-password/abc")).toBe("/set-password/…");
    expect(loggablePath("/en/x/someone%40example.org")).toBe("/en/x/<address>");
    expect(loggablePath("/en/campaigns/arms-embargo/write")).toBe("/en/campaigns/arms-embargo/write");
    expect(redactText("code 7Q2KM-X4N9D for signer@example.org at handleResourceRequest")).toBe("code <code> for <address> at handleResourceRequest");
  });

  it("an error logs its stack, redacted, without the query and parameters a database error carries", () => {
    const err = Object.assign(new Error('insert or update on table "campaigns" violates foreign key constraint'), {
      query: "insert into campaigns (slug, target_list_id) values ($1, $2)",
      parameters: ["secret-slug", 999_999],
      detail: "Key (target_list_id)=(999999) is not present in table",
    });
    const line = loggableError(err);
    expect(line.startsWith('Error: insert or update on table "campaigns" violates foreign key constraint\n')).toBe(true);
    expect(line).not.toContain("secret-slug");
    expect(line).not.toContain("999999");
    expect(line).not.toContain("values ($1");
  });
});

describe("an unknown target list in a dashboard form", () => {
  let t: TestDatabase;
  let context: AppLoadContext;
  const crypto = createCrypto("hardening-secret-of-at-least-32-characters");
  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    context = testContext(t.db, crypto);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is a 400 with a message in the campaign settings and the new-campaign form, and changes nothing", async () => {
    const admin = await organiserSession(t.db, crypto, context, "settings-admin@example.org", "admin");
    const campaign = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    const before = await campaignSettings(t.db, campaign.id);
    const fields: [string, string][] = [
      ["goal", "5000"],
      ["target_list", "999999"],
      ["daily_target_cap", "500"],
      ["status", before.status],
      ["retention_days", "183"],
    ];
    const saved = (await settingsRoute.action({
      request: dashboardPost("/dashboard/campaigns/arms-embargo/settings", admin, fields),
      params: { slug: "arms-embargo" },
      context,
    })) as unknown as {
      data: { errors: Record<string, string> };
      init: { status: number };
    };
    expect(saved.init.status).toBe(400);
    expect(saved.data.errors).toEqual({ target_list: "targetListUnknown" });
    expect(await campaignSettings(t.db, campaign.id)).toEqual(before);

    const created = (await newCampaignRoute.action({
      request: dashboardPost("/dashboard/campaigns/new", admin, [
        ["title", "A campaign with a list that does not exist"],
        ["slug", "no-such-list"],
        ["default_locale", "en"],
        ["goal", "100"],
        ["target_list", "999999"],
      ]),
      params: {},
      context,
    })) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(created.init.status).toBe(400);
    expect(created.data.errors).toEqual({ target_list: "targetListUnknown" });
    expect(await t.db.selectFrom("campaigns").select("id").where("slug", "=", "no-such-list").executeTakeFirst()).toBeUndefined();
  });
});
