import path from "node:path";
import { describe, expect, it } from "vitest";
import { inviteOrganiser, setPasswordWithToken } from "../../app/models/organiser.server";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import { crypto, dashboardFixture, PASSWORD, routesDir, statusOf } from "../helpers/dashboard";
import { loginForm, loginPost } from "../helpers/login-form";

/**
 * Organisers' sessions and login: CSRF on state-changing posts and on the login form itself,
 * sessions rotated at login and ended everywhere at logout, wrong passwords rate-limited per
 * account, weak passwords refused, set-password links used once; and the two-step login (TOTP).
 */
const fixture = dashboardFixture();
const { call, organiserCookie } = fixture;

describe("sessions, login and CSRF", () => {
  const post = (url: string, fields: Record<string, string>, cookie?: string) =>
    new Request(`http://padauk.test${url}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} });

  it("refuses a state-changing POST without the session's CSRF token", async () => {
    const cookie = await organiserCookie("csrf@example.org", "organiser");
    const r = await logout.action({ request: post("/logout", { csrf: "forged" }, cookie), params: {}, context: fixture.context }).catch((e) => e);
    expect(statusOf(r)).toBe(403);
    const sessionId = decodeURIComponent(cookie.split("=")[1]);
    expect(sessionId).toBeTruthy();
  });

  it("rotates the session at login and logs out everywhere", async () => {
    await organiserCookie("rotate@example.org", "organiser");
    const first = (await login.action({
      request: await loginPost(fixture.context, { email: "rotate@example.org", password: PASSWORD }),
      params: {},
      context: fixture.context,
    })) as Response;
    expect(first.status).toBe(302);
    const cookieA = first.headers.get("Set-Cookie")!.split(";")[0];
    // Logging in again from a browser that holds session A replaces it.
    const second = (await login.action({
      request: await loginPost(fixture.context, { email: "rotate@example.org", password: PASSWORD }, cookieA),
      params: {},
      context: fixture.context,
    })) as Response;
    const cookieB = second.headers.get("Set-Cookie")!.split(";")[0];
    expect(cookieB).not.toBe(cookieA);
    const dash = await import(path.join(routesDir, "dashboard.tsx"));
    expect((await call(dash.loader, "/dashboard", {}, cookieA)).status).toBe(302);
    const b = (await call(dash.loader, "/dashboard", {}, cookieB)).result as { csrf: string };
    // A third device, then "log out everywhere" from B ends it too.
    const third = (await login.action({
      request: await loginPost(fixture.context, { email: "rotate@example.org", password: PASSWORD }),
      params: {},
      context: fixture.context,
    })) as Response;
    const cookieC = third.headers.get("Set-Cookie")!.split(";")[0];
    const out = (await logout.action({
      request: post("/logout", { csrf: b.csrf, everywhere: "1" }, cookieB),
      params: {},
      context: fixture.context,
    })) as Response;
    expect(out.status).toBe(302);
    expect((await call(dash.loader, "/dashboard", {}, cookieB)).status).toBe(302);
    expect((await call(dash.loader, "/dashboard", {}, cookieC)).status).toBe(302);
  });

  it("refuses a login form that did not come from our page in this browser (login CSRF)", async () => {
    await organiserCookie("victim@example.org", "organiser");
    const fields = { email: "victim@example.org", password: PASSWORD };
    // Posted from another site: no token, or a token without the cookie that goes with it.
    const bare = await login.action({ request: post("/login", fields), params: {}, context: fixture.context });
    expect(statusOf(bare)).toBe(403);
    const mine = await loginForm(fixture.context);
    const other = await loginForm(fixture.context);
    const crossed = await login.action({ request: post("/login", { ...fields, csrf: mine.csrf }, other.cookie), params: {}, context: fixture.context });
    expect(statusOf(crossed)).toBe(403);
    expect(JSON.stringify(crossed)).not.toContain("padauk_session");
    // The page's own token with its cookie: in.
    const ok = (await login.action({ request: post("/login", { ...fields, csrf: mine.csrf }, mine.cookie), params: {}, context: fixture.context })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toMatch(/padauk_session=/);
  });

  it("rate-limits wrong passwords per account, even when the right one comes next", async () => {
    await organiserCookie("target@example.org", "organiser");
    const attempt = async (password: string) =>
      login
        .action({ request: await loginPost(fixture.context, { email: "target@example.org", password }), params: {}, context: fixture.context })
        .then(statusOf);
    for (let i = 0; i < 5; i++) expect(await attempt(`wrong guess ${i}`)).toBe(400);
    expect(await attempt("wrong guess 6")).toBe(429);
    expect(await attempt(PASSWORD)).toBe(429);
    // Another account from the same client is not locked by that.
    await organiserCookie("bystander@example.org", "organiser");
    const ok = await login.action({
      request: await loginPost(fixture.context, { email: "bystander@example.org", password: PASSWORD }),
      params: {},
      context: fixture.context,
    });
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
    const token = await inviteOrganiser(fixture.db, crypto, "once@example.org", "organiser");
    expect(await setPasswordWithToken(fixture.db, token, PASSWORD)).not.toBeNull();
    expect(await setPasswordWithToken(fixture.db, token, PASSWORD)).toBeNull();
    const expired = await inviteOrganiser(fixture.db, crypto, "late@example.org", "organiser");
    expect(await setPasswordWithToken(fixture.db, expired, PASSWORD, new Date(Date.now() + 25 * 3600_000))).toBeNull();
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
    const begun = (await security.action({
      request: post("/dashboard/security", { csrf: page.csrf, intent: "begin" }, cookie),
      params: {},
      context: fixture.context,
    })) as { secret: string };
    expect(begun.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(
      statusOf(
        await security.action({
          request: post("/dashboard/security", { csrf: page.csrf, intent: "confirm", code: "000000" }, cookie),
          params: {},
          context: fixture.context,
        }),
      ),
    ).toBe(400);
    const now = Date.now();
    expect(
      await security.action({
        request: post("/dashboard/security", { csrf: page.csrf, intent: "confirm", code: totpCode(begun.secret, now) }, cookie),
        params: {},
        context: fixture.context,
      }),
    ).toEqual({ changed: "on" });

    // The password alone now leads to the code form, not to a session.
    const first = (await login.action({
      request: await loginPost(fixture.context, { email: "careful@example.org", password: PASSWORD }),
      params: {},
      context: fixture.context,
    })) as Response;
    expect(first.headers.get("Location")).toBe("/login/code?next=%2Fdashboard");
    const pending = first.headers.get("Set-Cookie")!.split(";")[0];
    expect(pending).toMatch(/^padauk_2fa=/);
    expect(first.headers.get("Set-Cookie")).not.toMatch(/padauk_session=/);
    // The code already used to turn it on cannot be used again; a wrong one neither.
    expect(
      statusOf(await loginCode.action({ request: post("/login/code", { code: totpCode(begun.secret, now) }, pending), params: {}, context: fixture.context })),
    ).toBe(400);
    expect(statusOf(await loginCode.action({ request: post("/login/code", { code: "123456" }, pending), params: {}, context: fixture.context }))).toBe(400);
    const ok = (await loginCode.action({
      request: post("/login/code", { code: totpCode(begun.secret, now + 30_000), next: "/dashboard" }, pending),
      params: {},
      context: fixture.context,
    })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Set-Cookie")).toMatch(/padauk_session=/);
    // Without the first step, the code form sends you back to the password.
    const skipped = (await loginCode.action({ request: post("/login/code", { code: "123456" }), params: {}, context: fixture.context })) as Response;
    expect(skipped.headers.get("Location")).toBe("/login");
  });
});
