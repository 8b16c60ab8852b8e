import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto } from "../../app/lib/crypto.server";
import { setSessionCookie } from "../../app/web/auth.server";
import { addMember, createSession, inviteOrganiser, organiserForSession, setPasswordWithToken } from "../../app/models/organiser.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { loginForm, loginPost } from "../helpers/login-form";
import { claimDue } from "../../app/models/outbox.server";
import { latestConfirmToken, signAs } from "../helpers/signing";
import { offeredTargets, writeLetter } from "../helpers/letters";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker, renderOutboxRow } from "../../app/outbox/worker.server";
import { findSignatureByEmail, invalidateSignatures } from "../../app/models/moderation.server";

const routesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/routes");
const crypto = createCrypto("dashboard-secret-of-at-least-32-characters");
const PASSWORD = "a long unusual passphrase for tests";
let t: TestDatabase;
let context: AppLoadContext;
const cookies: Record<"admin" | "member" | "other", string> = { admin: "", member: "", other: "" };

/** Every dashboard route and what it needs. A new dashboard route must be added here, or this test fails. */
const ROUTES: Record<string, { path: string; needs: "organiser" | "campaign" | "admin"; params?: Record<string, string> }> = {
  "dashboard.tsx": { path: "/dashboard", needs: "organiser" },
  "dashboard._index.tsx": { path: "/dashboard", needs: "organiser" },
  "dashboard.audit.tsx": { path: "/dashboard/audit", needs: "admin" },
  "dashboard.security.tsx": { path: "/dashboard/security", needs: "organiser" },
  "dashboard.organisers.tsx": { path: "/dashboard/organisers", needs: "admin" },
  "dashboard.abuse.tsx": { path: "/dashboard/abuse", needs: "admin" },
  "dashboard.targets._index.tsx": { path: "/dashboard/targets", needs: "admin" },
  "dashboard.targets.$list.tsx": { path: "/dashboard/targets/:list", needs: "admin", params: { list: "un-security-council" } },
  "dashboard.campaigns.$slug._index.tsx": { path: "/dashboard/campaigns/:slug", needs: "campaign" },
  "dashboard.campaigns.new.tsx": { path: "/dashboard/campaigns/new", needs: "organiser" },
  "dashboard.campaigns.$slug.settings.tsx": { path: "/dashboard/campaigns/:slug/settings", needs: "campaign" },
  "dashboard.campaigns.$slug.translations._index.tsx": { path: "/dashboard/campaigns/:slug/translations", needs: "campaign" },
  "dashboard.campaigns.$slug.translations.$locale.tsx": { path: "/dashboard/campaigns/:slug/translations/my", needs: "campaign", params: { locale: "my" } },
  "dashboard.campaigns.$slug.updates.tsx": { path: "/dashboard/campaigns/:slug/updates", needs: "campaign" },
  "dashboard.campaigns.$slug.moderation.tsx": { path: "/dashboard/campaigns/:slug/moderation", needs: "campaign" },
  "dashboard.campaigns.$slug.signatures[.]csv.tsx": { path: "/dashboard/campaigns/:slug/signatures.csv", needs: "campaign" },
  "dashboard.campaigns.$slug.by-country[.]csv.tsx": { path: "/dashboard/campaigns/:slug/by-country.csv", needs: "campaign" },
};

async function organiserCookie(email: string, role: "admin" | "organiser", campaignSlug?: string) {
  const token = await inviteOrganiser(t.db, crypto, email, role);
  const id = (await setPasswordWithToken(t.db, token, PASSWORD))!;
  if (campaignSlug) await addMember(t.db, id, (await findPublicCampaign(t.db, campaignSlug, "en"))!.id);
  const session = await createSession(t.db, id);
  return (await setSessionCookie(context, session)).split(";")[0];
}

function statusOf(r: unknown): number {
  if (r instanceof Response) return r.status;
  const init = (r as { init?: { status?: number } } | undefined)?.init;
  return init?.status ?? 200;
}

async function call(fn: (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown, url: string, params: Record<string, string>, cookie?: string) {
  const request = new Request(`http://padauk.test${url}`, { headers: cookie ? { Cookie: cookie } : {} });
  try {
    const r = await fn({ request, params, context });
    if (r instanceof Response && r.body) await r.text(); // let a streamed export finish
    return { status: statusOf(r), result: r };
  } catch (e) {
    return { status: statusOf(e), result: e };
  }
}

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto);
  cookies.admin = await organiserCookie("admin@example.org", "admin");
  cookies.member = await organiserCookie("member@example.org", "organiser", "arms-embargo");
  cookies.other = await organiserCookie("other@example.org", "organiser", "icc-referral");
});
afterAll(async () => {
  await t?.close();
});

describe(`dashboard access (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("knows every dashboard route (a new route must be classified here before it can ship)", () => {
    const files = readdirSync(routesDir).filter((f) => f.startsWith("dashboard"));
    expect(files.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  for (const [file, route] of Object.entries(ROUTES)) {
    it(`${file}: anonymous → login, other campaign's organiser → 403, member and admin → 200`, async () => {
      const mod = await import(path.join(routesDir, file));
      const url = route.path.replace(":slug", "arms-embargo");
      const params: Record<string, string> = route.needs === "campaign" ? { slug: "arms-embargo", ...route.params } : { ...route.params };
      for (const fn of [mod.loader, mod.action].filter(Boolean)) {
        const anon = await call(fn, url, params);
        expect(anon.status).toBe(302);
        expect((anon.result as Response).headers.get("Location")).toMatch(/^\/login\?next=/);
      }
      const expect403 = route.needs === "campaign" || route.needs === "admin";
      expect((await call(mod.loader, url, params, cookies.other)).status).toBe(expect403 ? 403 : 200);
      expect((await call(mod.loader, url, params, cookies.member)).status).toBe(route.needs === "admin" ? 403 : 200);
      expect((await call(mod.loader, url, params, cookies.admin)).status).toBe(200);
      if (route.needs === "campaign") {
        expect((await call(mod.loader, route.path.replace(":slug", "no-such"), { ...params, slug: "no-such" }, cookies.admin)).status).toBe(404);
      }
    });
  }

  it("lists only an organiser's own campaigns; an admin sees all", async () => {
    const mod = await import(path.join(routesDir, "dashboard._index.tsx"));
    const slugs = async (cookie: string) => ((await call(mod.loader, "/dashboard", {}, cookie)).result as { campaigns: { slug: string }[] }).campaigns.map((c) => c.slug);
    expect(await slugs(cookies.member)).toEqual(["arms-embargo"]);
    expect(await slugs(cookies.other)).toEqual(["icc-referral"]);
    expect((await slugs(cookies.admin)).length).toBe(4);
  });
});

describe("sessions, login and CSRF", () => {
  const post = (url: string, fields: Record<string, string>, cookie?: string) =>
    new Request(`http://padauk.test${url}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} });

  it("refuses a state-changing POST without the session's CSRF token", async () => {
    const cookie = await organiserCookie("csrf@example.org", "organiser");
    const r = await logout.action({ request: post("/logout", { csrf: "forged" }, cookie), params: {}, context }).catch((e) => e);
    expect(statusOf(r)).toBe(403);
    const sessionId = decodeURIComponent(cookie.split("=")[1]);
    expect(sessionId).toBeTruthy();
  });

  it("rotates the session at login and logs out everywhere", async () => {
    await organiserCookie("rotate@example.org", "organiser");
    const first = (await login.action({ request: await loginPost(context, { email: "rotate@example.org", password: PASSWORD }), params: {}, context })) as Response;
    expect(first.status).toBe(302);
    const cookieA = first.headers.get("Set-Cookie")!.split(";")[0];
    // Logging in again from a browser that holds session A replaces it.
    const second = (await login.action({ request: await loginPost(context, { email: "rotate@example.org", password: PASSWORD }, cookieA), params: {}, context })) as Response;
    const cookieB = second.headers.get("Set-Cookie")!.split(";")[0];
    expect(cookieB).not.toBe(cookieA);
    const dash = await import(path.join(routesDir, "dashboard.tsx"));
    expect((await call(dash.loader, "/dashboard", {}, cookieA)).status).toBe(302);
    const b = (await call(dash.loader, "/dashboard", {}, cookieB)).result as { csrf: string };
    // A third device, then "log out everywhere" from B ends it too.
    const third = (await login.action({ request: await loginPost(context, { email: "rotate@example.org", password: PASSWORD }), params: {}, context })) as Response;
    const cookieC = third.headers.get("Set-Cookie")!.split(";")[0];
    const out = (await logout.action({ request: post("/logout", { csrf: b.csrf, everywhere: "1" }, cookieB), params: {}, context })) as Response;
    expect(out.status).toBe(302);
    expect((await call(dash.loader, "/dashboard", {}, cookieB)).status).toBe(302);
    expect((await call(dash.loader, "/dashboard", {}, cookieC)).status).toBe(302);
  });

  it("refuses a login form that did not come from our page in this browser (login CSRF)", async () => {
    await organiserCookie("victim@example.org", "organiser");
    const fields = { email: "victim@example.org", password: PASSWORD };
    // Posted from another site: no token, or a token without the cookie that goes with it.
    const bare = await login.action({ request: post("/login", fields), params: {}, context });
    expect(statusOf(bare)).toBe(403);
    const mine = await loginForm(context);
    const other = await loginForm(context);
    const crossed = await login.action({ request: post("/login", { ...fields, csrf: mine.csrf }, other.cookie), params: {}, context });
    expect(statusOf(crossed)).toBe(403);
    expect(JSON.stringify(crossed)).not.toContain("padauk_session");
    // The page's own token with its cookie: in.
    const ok = (await login.action({ request: post("/login", { ...fields, csrf: mine.csrf }, mine.cookie), params: {}, context })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toMatch(/padauk_session=/);
  });

  it("rate-limits wrong passwords per account, even when the right one comes next", async () => {
    await organiserCookie("target@example.org", "organiser");
    const attempt = async (password: string) => login.action({ request: await loginPost(context, { email: "target@example.org", password }), params: {}, context }).then(statusOf);
    for (let i = 0; i < 5; i++) expect(await attempt(`wrong guess ${i}`)).toBe(400);
    expect(await attempt("wrong guess 6")).toBe(429);
    expect(await attempt(PASSWORD)).toBe(429);
    // Another account from the same client is not locked by that.
    await organiserCookie("bystander@example.org", "organiser");
    const ok = await login.action({ request: await loginPost(context, { email: "bystander@example.org", password: PASSWORD }), params: {}, context });
    expect(statusOf(ok)).toBe(302);
  });

  it("refuses short and guessable passwords and uses a set-password link once", async () => {
    const { passwordProblem } = await import("../../app/lib/password.server");
    expect(await passwordProblem("short")).toBe("passwordTooShort");
    // Long enough, on no top-10,000 list, and still among the first guesses of any attacker.
    for (const weak of ["password1234", "1qaz2wsx3edc", "1QAZ2WSX3EDC", "qwertyuiop12", "aaaaaaaaaaaaaaaa", "myanmar12345"]) {
      expect(await passwordProblem(weak), weak).toBe("passwordWeak");
    }
    // The organiser's own address gives words away.
    expect(await passwordProblem("campaigner.yangon@example.org", ["campaigner.yangon@example.org"])).toBe("passwordWeak");
    expect(await passwordProblem("campaigner.yangon@example.org")).toBe(null);
    expect(await passwordProblem("a long unusual passphrase")).toBe(null);
    const token = await inviteOrganiser(t.db, crypto, "once@example.org", "organiser");
    expect(await setPasswordWithToken(t.db, token, PASSWORD)).not.toBeNull();
    expect(await setPasswordWithToken(t.db, token, PASSWORD)).toBeNull();
    const expired = await inviteOrganiser(t.db, crypto, "late@example.org", "organiser");
    expect(await setPasswordWithToken(t.db, expired, PASSWORD, new Date(Date.now() + 25 * 3600_000))).toBeNull();
  });
});

describe("exports", () => {
  it("streams 200,000 confirmed signatures in bounded memory, rows matching the count, formulas neutralised, and audits it", async () => {
    const c = (await findPublicCampaign(t.db, "asean-engage-nug", "en"))!;
    const nameEnc = Buffer.from(crypto.encrypt("=HYPERLINK(\"http://evil\")"));
    const emailEnc = Buffer.from(crypto.encrypt("consenting@example.org"));
    await sql`insert into signatures (campaign_id, email_hmac, email_enc, name_enc, country, locale, consent_updates, show_name, status, confirmed_at)
              select ${c.id}, decode(md5(i::text), 'hex'), ${emailEnc}, ${nameEnc}, 'MM', 'my', i % 2 = 0, false, 'confirmed', now()
              from generate_series(1, 200000) as i`.execute(t.db);
    await sql`insert into signature_counts (campaign_id, country, shard, n) values (${c.id}, 'MM', 0, 200000)`.execute(t.db);

    const mod = await import(path.join(routesDir, "dashboard.campaigns.$slug.signatures[.]csv.tsx"));
    const request = new Request("http://padauk.test/dashboard/campaigns/asean-engage-nug/signatures.csv", { headers: { Cookie: cookies.admin } });
    const res = (await mod.loader({ request, params: { slug: "asean-engage-nug" }, context })) as Response;
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");

    // Memory still in use (after a garbage collection), sampled as the download goes.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc).toBeTypeOf("function");
    const live = () => {
      gc!();
      return process.memoryUsage().heapUsed;
    };
    const before = live();
    let peak = before;
    let chunks = 0;
    let lines = 0;
    let first = "";
    let sample = "";
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (!first) first = text.split("\n")[0];
      if (!sample && lines > 0) sample = text.split("\n")[0];
      lines += text.split("\n").length - 1;
      if (++chunks % 25 === 0) peak = Math.max(peak, live());
    }
    expect(first.replace("\uFEFF", "")).toBe("name,country,language,confirmed_at,email");
    expect(lines).toBe(200_001);
    // Live memory never grew by more than 16 MiB (the CSV alone is about 15 MiB; all rows held at once would be several times that).
    expect(peak - before).toBeLessThan(16 * 1024 * 1024);
    console.log(`export: ${lines - 1} rows, ${chunks} chunks, live heap growth at most ${((peak - before) / 1048576).toFixed(1)} MiB`);
    expect(sample).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)",MM,my,/);

    const row = await t.db.selectFrom("audit_log").select(["action", "subject", "row_count"]).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(row).toEqual({ action: "export.signatures_with_email", subject: "asean-engage-nug", row_count: 200_000 });
  }, 180_000);

  it("gives organisers no email column, and admins only consenting signers' addresses", async () => {
    await signAs(t.db, crypto, { slug: "arms-embargo", email: "consents@example.org", consentUpdates: true });
    await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
    await signAs(t.db, crypto, { slug: "arms-embargo", email: "private@example.org", consentUpdates: false });
    await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
    const mod = await import(path.join(routesDir, "dashboard.campaigns.$slug.signatures[.]csv.tsx"));
    const csv = async (cookie: string) =>
      (await ((await mod.loader({ request: new Request("http://padauk.test/x", { headers: { Cookie: cookie } }), params: { slug: "arms-embargo" }, context })) as Response).text()).replace("\uFEFF", "");
    const asMember = await csv(cookies.member);
    expect(asMember.split("\n")[0]).toBe("name,country,language,confirmed_at");
    expect(asMember).not.toContain("@example.org");
    const asAdmin = await csv(cookies.admin);
    expect(asAdmin).toContain("consents@example.org");
    expect(asAdmin).not.toContain("private@example.org");
  });

  it("keeps sessions server-side: an organiser found by session id carries no password material", async () => {
    const cookie = await organiserCookie("shape@example.org", "organiser");
    const { sessionIdFrom } = await import("../../app/web/auth.server");
    const id = await sessionIdFrom(new Request("http://padauk.test/", { headers: { Cookie: cookie } }), context);
    expect(await organiserForSession(t.db, crypto, id!)).toEqual({ id: expect.any(Number), role: "organiser", email: "shape@example.org" });
    const stored = await t.db.selectFrom("organiser_sessions").select("id_hash").execute();
    expect(stored.every((s) => !Buffer.from(s.id_hash).toString().includes(id!))).toBe(true);
  });
});

describe("managing organisers", () => {
  const post = (fields: Record<string, string>, cookie: string) =>
    new Request("http://padauk.test/dashboard/organisers", { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } });

  it("lets an admin invite, give access to a campaign, and disable an organiser (ending their sessions)", async () => {
    const mod = await import(path.join(routesDir, "dashboard.organisers.tsx"));
    const page = (await call(mod.loader, "/dashboard/organisers", {}, cookies.admin)).result as { csrf: string; campaigns: { id: number; slug: string }[]; organisers: { id: number; email: string }[] };
    const invited = (await mod.action({ request: post({ csrf: page.csrf, intent: "invite", email: "new-organiser@example.org", role: "organiser" }, cookies.admin), params: {}, context })) as { link: string };
    expect(invited.link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);
    // The same link goes to the invited address by mail, in the administrator's language.
    expect((invited as { mailedTo?: string }).mailedTo).toBe("new-organiser@example.org");
    const queued = (await claimDue(t.db, 100)).filter((r) => r.kind === "organiser-invite");
    expect(queued).toHaveLength(1);
    const mail = await renderOutboxRow(t.db, crypto, queued[0], "http://padauk.test");
    expect(mail.to).toBe("new-organiser@example.org");
    expect(mail.subject).toBe("You are invited to organise campaigns on Padauk");
    expect(mail.text).toContain(`http://padauk.test/set-password/${invited.link.split("/").pop()}`);
    expect(mail.text).toMatch(/an organiser/);
    expect(mail.html).not.toContain("campaign page");

    // The member of arms-embargo also gets icc-referral.
    const member = page.organisers.find((o) => o.email === "member@example.org")!;
    const icc = page.campaigns.find((c) => c.slug === "icc-referral")!;
    await mod.action({ request: post({ csrf: page.csrf, intent: "add", organiser: String(member.id), campaign: String(icc.id) }, cookies.admin), params: {}, context });
    const index = await import(path.join(routesDir, "dashboard._index.tsx"));
    const slugs = ((await call(index.loader, "/dashboard", {}, cookies.member)).result as { campaigns: { slug: string }[] }).campaigns.map((c) => c.slug);
    expect(slugs).toEqual(["arms-embargo", "icc-referral"]);

    // Disabled: the member's session stops working at once.
    await mod.action({ request: post({ csrf: page.csrf, intent: "disable", organiser: String(member.id), disabled: "1" }, cookies.admin), params: {}, context });
    expect((await call(index.loader, "/dashboard", {}, cookies.member)).status).toBe(302);

    // An organiser cannot do any of this, and an admin cannot disable themselves.
    const asOther = await call(mod.loader, "/dashboard/organisers", {}, cookies.other);
    expect(asOther.status).toBe(403);
    const me = page.organisers.find((o) => o.email === "admin@example.org")!;
    const self = await mod.action({ request: post({ csrf: page.csrf, intent: "disable", organiser: String(me.id), disabled: "1" }, cookies.admin), params: {}, context });
    expect(statusOf(self)).toBe(400);
  });
});

describe("two-step login (TOTP)", () => {
  const post = (url: string, fields: Record<string, string>, cookie?: string) =>
    new Request(`http://padauk.test${url}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} });

  it("turns on with a working code, then asks for a fresh code at every login", async () => {
    const { totpCode } = await import("../../app/models/totp.server");
    const security = await import(path.join(routesDir, "dashboard.security.tsx"));
    const loginCode = await import(path.join(routesDir, "login_.code.tsx"));
    const cookie = await organiserCookie("careful@example.org", "organiser");
    const page = (await call(security.loader, "/dashboard/security", {}, cookie)).result as { csrf: string; status: string };
    expect(page.status).toBe("off");
    const begun = (await security.action({ request: post("/dashboard/security", { csrf: page.csrf, intent: "begin" }, cookie), params: {}, context })) as { secret: string };
    expect(begun.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(statusOf(await security.action({ request: post("/dashboard/security", { csrf: page.csrf, intent: "confirm", code: "000000" }, cookie), params: {}, context }))).toBe(400);
    const now = Date.now();
    expect(await security.action({ request: post("/dashboard/security", { csrf: page.csrf, intent: "confirm", code: totpCode(begun.secret, now) }, cookie), params: {}, context })).toEqual({ changed: "on" });

    // The password alone now leads to the code form, not to a session.
    const first = (await login.action({ request: await loginPost(context, { email: "careful@example.org", password: PASSWORD }), params: {}, context })) as Response;
    expect(first.headers.get("Location")).toBe("/login/code?next=%2Fdashboard");
    const pending = first.headers.get("Set-Cookie")!.split(";")[0];
    expect(pending).toMatch(/^padauk_2fa=/);
    expect(first.headers.get("Set-Cookie")).not.toMatch(/padauk_session=/);
    // The code already used to turn it on cannot be used again; a wrong one neither.
    expect(statusOf(await loginCode.action({ request: post("/login/code", { code: totpCode(begun.secret, now) }, pending), params: {}, context }))).toBe(400);
    expect(statusOf(await loginCode.action({ request: post("/login/code", { code: "123456" }, pending), params: {}, context }))).toBe(400);
    const ok = (await loginCode.action({ request: post("/login/code", { code: totpCode(begun.secret, now + 30_000), next: "/dashboard" }, pending), params: {}, context })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toMatch(/padauk_session=/);
    // Without the first step, the code form sends you back to the password.
    const skipped = (await loginCode.action({ request: post("/login/code", { code: "123456" }), params: {}, context })) as Response;
    expect(skipped.headers.get("Location")).toBe("/login");
  });
});

describe("dashboard figures", () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  /** Sends everything the outbox holds that is due, through the real worker, to the test's SMTP server. */
  async function drain() {
    const worker = new OutboxWorker({
      db: t.db,
      crypto,
      mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" }),
      publicUrl: context.config.publicUrl,
      secret: context.config.appSecret,
      batchSize: 100,
    });
    while ((await worker.runOnce()) > 0);
  }

  const api = async (slug: string) => {
    const mod = await import(path.join(routesDir, "api.v1.campaigns.$slug.tsx"));
    return ((await mod.loader({ request: new Request(`http://padauk.test/api/v1/campaigns/${slug}`), params: { slug }, context })) as Response).json();
  };
  type Overview = {
    breakdowns: {
      confirmed: number;
      pending: number;
      conversion: number | null;
      byCountry: { key: string; count: number }[];
      byLanguage: { key: string; count: number }[];
      bySource: { key: string | null; count: number }[];
    };
    letters: { letters: number; personalisedShare: number | null; targets: { name: string; failing: boolean; states: Record<string, number> }[] };
  };
  const overview = async (slug: string) => {
    const mod = await import(path.join(routesDir, "dashboard.campaigns.$slug._index.tsx"));
    return (await call(mod.loader, `/dashboard/campaigns/${slug}`, { slug }, cookies.admin)).result as Overview;
  };
  const pick = (rows: { key: string | null; count: number }[]) => rows.map(({ key, count }) => ({ key, count }));

  it("are the figures of what this test made happen — signatures by state, country, language and source, and letters — in the dashboard and the public API alike", async () => {
    // A campaign nothing else in this file signs or writes to: every figure below is what this test did.
    const slug = "icc-referral";
    const sign = async (email: string, s: { country: string; locale: string; source?: string }, confirm: boolean) => {
      await signAs(t.db, crypto, { slug, email, name: "A signer", ...s });
      if (confirm) expect((await confirmSignature(t.db, await latestConfirmToken(t.db, crypto))).status).toBe("confirmed");
    };
    // Eleven signers in Myanmar, in Burmese, four of them through a partner's link; two in Thailand in English.
    for (let i = 0; i < 11; i++) await sign(`figures-mm-${i}@example.org`, { country: "MM", locale: "my", source: i < 4 ? "partner-figures" : undefined }, true);
    for (let i = 0; i < 2; i++) await sign(`figures-th-${i}@example.org`, { country: "TH", locale: "en" }, true);
    // One who never confirms, and one confirmed whom a moderator then invalidates.
    await sign("figures-pending@example.org", { country: "MM", locale: "my" }, false);
    await sign("figures-removed@example.org", { country: "TH", locale: "en" }, true);
    const campaign = (await findPublicCampaign(t.db, slug, "en"))!;
    const removed = await findSignatureByEmail(t.db, crypto, campaign.id, "figures-removed@example.org");
    expect(await invalidateSignatures(t.db, campaign.id, { ids: removed.map((r) => r.id) }, "test: a duplicate")).toBe(1);

    // Letters: two supporters' letters confirmed (one in the template's words, one in their own)
    // to three officials in all, and one letter still waiting for its confirmation mail.
    const [a, b, c, d] = await offeredTargets(t.db, slug);
    await writeLetter(t.db, crypto, { slug, email: "figures-writer-1@example.org", targetIds: [a.id, b.id], verified: true });
    await writeLetter(t.db, crypto, { slug, email: "figures-writer-2@example.org", targetIds: [a.id, b.id, c.id], verified: true, body: "In my own words: please refer Myanmar to the International Criminal Court, as the evidence gathered calls for." });
    await writeLetter(t.db, crypto, { slug, email: "figures-writer-3@example.org", targetIds: [d.id], verified: false });

    const expectedSignatures = {
      confirmed: 13,
      pending: 1,
      // Confirmed of all signatures given: 13 of 15 (the pending one and the invalidated one count as given).
      conversion: 13 / 15,
      byCountry: [
        { key: "MM", count: 11 },
        { key: "TH", count: 2 },
      ],
      byLanguage: [
        { key: "my", count: 11 },
        { key: "en", count: 2 },
      ],
      bySource: [
        { key: null, count: 9 },
        { key: "partner-figures", count: 4 },
      ],
    };
    const byName = (x: { name: string }, y: { name: string }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
    const lettersTo = (state: string) =>
      [
        { id: a.id, name: a.name, organisation: a.organisation, failing: false, states: { [state]: 2 } },
        { id: b.id, name: b.name, organisation: b.organisation, failing: false, states: { [state]: 2 } },
        { id: c.id, name: c.name, organisation: c.organisation, failing: false, states: { [state]: 1 } },
      ].sort(byName);

    // Before the worker runs: the letters are written and queued, none is sent, so none is public.
    let dash = await overview(slug);
    expect({ ...dash.breakdowns, byCountry: pick(dash.breakdowns.byCountry), byLanguage: pick(dash.breakdowns.byLanguage), bySource: pick(dash.breakdowns.bySource) }).toEqual(expectedSignatures);
    expect(dash.letters).toEqual({ letters: 2, personalisedShare: 0.5, targets: lettersTo("queued") });
    let pub = await api(slug);
    expect(pub).toMatchObject({ signatureCount: 13, signaturesByCountry: { MM: 11, other: 2 }, messagesSent: 0, targetsCount: 0 });

    // The worker sends them through SMTP: five letters, to the three officials.
    smtp.messages.length = 0;
    await drain();
    const writers = ["figures-writer-1@example.org", "figures-writer-2@example.org", "figures-writer-3@example.org"];
    expect(smtp.messages.filter((m) => writers.includes(m.replyTo?.value[0]?.address ?? "")).map((m) => m.replyTo?.value[0]?.address).sort()).toEqual([
      "figures-writer-1@example.org",
      "figures-writer-1@example.org",
      "figures-writer-2@example.org",
      "figures-writer-2@example.org",
      "figures-writer-2@example.org",
    ]);

    dash = await overview(slug);
    expect({ ...dash.breakdowns, byCountry: pick(dash.breakdowns.byCountry), byLanguage: pick(dash.breakdowns.byLanguage), bySource: pick(dash.breakdowns.bySource) }).toEqual(expectedSignatures);
    expect(dash.letters).toEqual({ letters: 2, personalisedShare: 0.5, targets: lettersTo("sent") });
    pub = await api(slug);
    // Countries with fewer than ten signers are folded into "other" in public; the dashboard shows them.
    expect(pub).toMatchObject({ signatureCount: 13, signaturesByCountry: { MM: 11, other: 2 }, messagesSent: 5, targetsCount: 3 });
    expect(Object.keys(pub.signaturesByCountry).sort()).toEqual(["MM", "other"]);

    // The campaign list on the dashboard's first page says the same.
    const index = await import(path.join(routesDir, "dashboard._index.tsx"));
    const listed = ((await call(index.loader, "/dashboard", {}, cookies.admin)).result as { campaigns: { slug: string; confirmed: number }[] }).campaigns;
    expect(listed.find((x) => x.slug === slug)?.confirmed).toBe(13);
  });
});
