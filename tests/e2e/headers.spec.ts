import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIResponse, type Response } from "@playwright/test";
import { apiCampaign, confirmFromMail, linkIn, mailTo, newAddress, signOn, strings } from "./support";

const SLUG = "arms-embargo";

/** Every public page a visitor can reach without an account (the composer's pages included). */
const PUBLIC_PAGES = [
  "/",
  "/en",
  "/my",
  "/en/",
  "/my/",
  `/en/campaigns/${SLUG}`,
  `/my/campaigns/${SLUG}`,
  `/en/campaigns/${SLUG}/signed`,
  `/my/campaigns/${SLUG}/signed`,
  `/en/campaigns/${SLUG}/thanks`,
  `/my/campaigns/${SLUG}/thanks`,
  `/en/campaigns/${SLUG}/write`,
  `/my/campaigns/${SLUG}/write`,
  `/en/campaigns/${SLUG}/write/sent`,
  `/en/nothing/here`,
  "/en/my-data",
  "/my/my-data",
  `/en/campaigns/${SLUG}/challenge`,
  "/en/signatures/1/withdraw/not-a-valid-mac-not-a-valid-mac-",
  "/api/v1/campaigns",
  `/api/v1/campaigns/${SLUG}`,
  "/healthz",
];

type Headers = { name: string; value: string }[];

/** What the security headers of one response get wrong; empty when all is well. */
function headerProblems(label: string, headers: Headers): string[] {
  const one = (name: string) => headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
  const problems: string[] = [];
  const csps = one("content-security-policy");
  if (csps.length !== 1) problems.push(`${label}: ${csps.length} Content-Security-Policy headers`);
  const csp = csps.join(", ");
  const directive = (name: string) =>
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.split(/\s+/)[0] === name);
  if (!csp.includes("default-src 'self'")) problems.push(`${label}: CSP lacks default-src 'self' (${csp})`);
  if (directive("frame-ancestors") !== "frame-ancestors 'none'") problems.push(`${label}: CSP frame-ancestors is ${directive("frame-ancestors") ?? "missing"}`);
  const scriptSrc = directive("script-src");
  if (!scriptSrc) problems.push(`${label}: CSP has no script-src (${csp})`);
  else {
    if (!/'nonce-[A-Za-z0-9+/_=-]{16,}'/.test(scriptSrc)) problems.push(`${label}: script-src has no nonce (${scriptSrc})`);
    if (/'unsafe-inline'|'unsafe-eval'|\*/.test(scriptSrc)) problems.push(`${label}: script-src allows more than itself and the nonce (${scriptSrc})`);
  }
  const referrer = one("referrer-policy").join(", ");
  if (referrer !== "no-referrer") problems.push(`${label}: Referrer-Policy is "${referrer}"`);
  const nosniff = one("x-content-type-options").join(", ");
  if (nosniff !== "nosniff") problems.push(`${label}: X-Content-Type-Options is "${nosniff}"`);
  const permissions = one("permissions-policy").join(", ");
  for (const feature of ["camera", "microphone", "geolocation"]) {
    if (!new RegExp(`(^|[,\\s])${feature}=\\(\\)`).test(permissions)) problems.push(`${label}: Permissions-Policy does not disable ${feature} ("${permissions}")`);
  }
  return problems;
}

/** What the Set-Cookie headers of one response get wrong. */
function cookieProblems(label: string, headers: Headers, seen: string[]): string[] {
  const problems: string[] = [];
  for (const h of headers.filter((x) => x.name.toLowerCase() === "set-cookie")) {
    // Playwright may fold several cookies of one response into one value, a line each.
    for (const cookie of h.value.split("\n").filter(Boolean)) {
      const name = cookie.split("=")[0].trim();
      seen.push(`${label}: ${name}`);
      const attrs = cookie
        .split(";")
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      if (!attrs.includes("httponly")) problems.push(`${label}: cookie ${name} lacks HttpOnly (${cookie})`);
      if (!attrs.includes("samesite=lax")) problems.push(`${label}: cookie ${name} is not SameSite=Lax (${cookie})`);
    }
  }
  return problems;
}

const headersOf = async (r: APIResponse | Response): Promise<Headers> => r.headersArray();

test.describe("security headers", () => {
  test("every public page and API answer carries the CSP, Referrer-Policy, nosniff and Permissions-Policy headers", async ({ request }) => {
    // The checks do catch a weak policy (so an empty answer below means something).
    const weak = headerProblems("weak", [
      { name: "Content-Security-Policy", value: "default-src 'self'; script-src 'self' 'unsafe-inline'" },
      { name: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { name: "Permissions-Policy", value: "camera=()" },
    ]);
    expect(weak).toHaveLength(7);

    const problems: string[] = [];
    const cookies: string[] = [];
    for (const path of PUBLIC_PAGES) {
      // The answer itself, a redirect included, and then where it leads.
      const first = await request.get(path, { maxRedirects: 0 });
      expect(first.status(), path).toBeLessThan(500);
      problems.push(...headerProblems(`${path} (${first.status()})`, await headersOf(first)));
      problems.push(...cookieProblems(path, await headersOf(first), cookies));
      if (first.status() >= 300 && first.status() < 400) {
        const final = await request.get(path);
        problems.push(...headerProblems(`${path} → ${final.url()} (${final.status()})`, await headersOf(final)));
        problems.push(...cookieProblems(path, await headersOf(final), cookies));
      }
    }
    // The 404 and the JSON API were reached as they should be, not through some catch-all.
    expect((await request.get("/en/nothing/here")).status()).toBe(404);
    expect((await request.get(`/api/v1/campaigns/${SLUG}`)).headers()["content-type"]).toContain("application/json");
    expect(problems).toEqual([]);
  });

  test("every cookie a public page sets is HttpOnly and SameSite=Lax: the language switcher, signing without JavaScript, the confirmation link", async ({ browser, request, baseURL }) => {
    const problems: string[] = [];
    const seen: string[] = [];
    // The check does catch a loose cookie (so an empty answer below means something).
    expect(cookieProblems("loose", [{ name: "Set-Cookie", value: "a=1; Path=/\nb=2; Path=/; HttpOnly; SameSite=None" }], [])).toHaveLength(3);

    // The language switcher (a link in the header) and a form POST to it.
    const switcher = await request.get(`/language/my?to=${encodeURIComponent(`/my/campaigns/${SLUG}`)}`, { maxRedirects: 0 });
    expect(switcher.status()).toBeGreaterThanOrEqual(300);
    expect(switcher.status()).toBeLessThan(400);
    problems.push(...headerProblems("GET /language/my", await headersOf(switcher)));
    problems.push(...cookieProblems("GET /language/my", await headersOf(switcher), seen));
    const switcherPost = await request.post(`/language/fr?to=/fr/`, { form: { to: "/fr/" }, maxRedirects: 0 });
    expect(switcherPost.status()).toBeLessThan(500);
    problems.push(...headerProblems(`POST /language/fr (${switcherPost.status()})`, await headersOf(switcherPost)));
    problems.push(...cookieProblems("POST /language/fr", await headersOf(switcherPost), seen));

    // A signer without JavaScript: every response the browser gets, redirects and the confirmation link included.
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const page = await context.newPage();
    const responses: Response[] = [];
    page.on("response", (r) => {
      if (r.url().startsWith(baseURL!)) responses.push(r);
    });
    await page.goto(`/en/campaigns/${SLUG}`);
    await page.getByRole("navigation", { name: strings("en").language.label }).getByRole("link", { name: "မြန်မာ" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "my");
    const address = newAddress("headers");
    await signOn(page, "en", SLUG, { name: "A signer in Yangon", email: address, country: "MM", showName: false });
    const [mail] = await mailTo(address);
    await confirmFromMail(page, linkIn(mail, /\/en\/confirm\//), "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(strings("en").thanks.title);
    await page.goto(`/en/campaigns/${SLUG}/write`);

    expect(responses.some((r) => r.request().method() === "POST")).toBe(true);
    for (const r of responses) {
      const label = `${r.request().method()} ${new URL(r.url()).pathname} (${r.status()})`;
      const headers = await r.headersArray();
      // Documents and redirects carry the page headers; static files only need not to set cookies.
      if (!new URL(r.url()).pathname.startsWith("/build/") && !/\.(css|woff2?|ico|png|svg|js)$/.test(new URL(r.url()).pathname)) {
        problems.push(...headerProblems(label, headers));
      }
      problems.push(...cookieProblems(label, headers, seen));
    }
    await context.close();

    // The test looked at real cookies: the language choice and the signer's proof at least.
    expect(seen.some((s) => s.endsWith(": lang"))).toBe(true);
    expect(seen.some((s) => s.endsWith(": padauk_signer"))).toBe(true);
    expect(problems).toEqual([]);
  });
});

test.describe("framing", () => {
  let other: Server;
  let otherOrigin: string;

  test.beforeAll(async ({ baseURL }) => {
    // A page on another origin that frames the campaign page, and (as a control) one of its own.
    other = createServer((req, res) => {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      if (req.url === "/own") return res.end("<!doctype html><title>own</title><h1>A frame of our own</h1>");
      res.end(
        `<!doctype html><title>framing</title>` +
          `<iframe id="control" title="control" src="/own"></iframe>` +
          `<iframe id="victim" title="victim" src="${baseURL}/en/campaigns/${SLUG}"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => other?.close(resolve));
  });

  test("a campaign page placed in another site's iframe is refused by the browser", async ({ page, request, baseURL }) => {
    expect(new URL(otherOrigin).origin).not.toBe(new URL(baseURL!).origin);
    const title = (await apiCampaign(request, SLUG)).titles.en as string;
    const logs: string[] = [];
    page.on("console", (m) => logs.push(m.text()));
    const served = page.waitForResponse((r) => r.url() === `${baseURL}/en/campaigns/${SLUG}`);
    await page.goto(`${otherOrigin}/frame`);
    // The server answered the frame's request: what follows is the browser refusing to show it.
    expect((await served).status()).toBe(200);

    // Control: frames do render on that page.
    await expect(page.frameLocator("#control").getByRole("heading", { name: "A frame of our own" })).toBeVisible();

    const frame = await (await page.locator("#victim").elementHandle())!.contentFrame();
    expect(frame).not.toBeNull();
    await expect.poll(() => frame!.url()).not.toBe("about:blank");
    expect(frame!.url(), "the frame shows Chromium's error page, not the campaign").not.toContain(`/campaigns/${SLUG}`);
    await expect(page.frameLocator("#victim").getByRole("heading", { name: title })).toHaveCount(0);
    await expect(page.frameLocator("#victim").locator("form")).toHaveCount(0);
    await expect.poll(() => logs.some((m) => /frame-ancestors|X-Frame-Options/i.test(m))).toBe(true);
  });
});

test.describe("error pages", () => {
  /** Stack frames, source positions, error class names, SQL, and the names of the database layers. */
  const LEAKS: [string, RegExp][] = [
    ["stack frame", /(^|\n|\\n)\s*at\s+\S+/],
    ["stack frame with position", /\bat\s+[\w.<>$[\] ]+\s+\([^)]*:\d+:\d+\)/],
    ["source position", /\.(tsx?|mjs|cjs|js):\d+/],
    ["source file", /\b(app|db|node_modules)\/[\w./-]+\.(tsx?|js)\b/],
    ["error name", /\b\w*Error:/],
    ["SQL statement", /\b(select|insert|update|delete)\b[^<>]{0,200}\b(from|into|set)\s+"?\w+"?/i],
    ["SQL error", /syntax error at or near|relation "[^"]*"|duplicate key value|violates [\w ]*constraint|SQLSTATE|column "[^"]*" does not exist/i],
    ["database layer", /\b(pglite|kysely|node-postgres|pg-protocol|postgres(ql)?)\b/i],
  ];
  const leaksIn = (body: string) => LEAKS.filter(([, re]) => re.test(body)).map(([what, re]) => `${what}: ${body.match(re)![0]}`);

  test("404 and 400 pages say what went wrong in words, with no stack trace and no SQL", async ({ request }) => {
    const en = strings("en");
    const cases: { label: string; status: number; res: () => Promise<APIResponse>; says: string }[] = [
      { label: "unknown path", status: 404, res: () => request.get("/en/nothing/here"), says: en.errors.notFoundTitle },
      { label: "unknown campaign", status: 404, res: () => request.get("/en/campaigns/does-not-exist"), says: en.errors.notFoundTitle },
      { label: "unknown language", status: 404, res: () => request.get("/xx/", { headers: { "Accept-Language": "en" } }), says: en.errors.notFoundTitle },
      {
        label: "malformed multipart sign form",
        status: 400,
        res: () =>
          request.post(`/en/campaigns/${SLUG}`, { headers: { "Content-Type": "multipart/form-data; boundary=nothing" }, data: "garbage", maxRedirects: 0 }),
        says: en.errors.badRequestTitle,
      },
      {
        label: "malformed multipart letter",
        status: 400,
        res: () =>
          request.post(`/en/campaigns/${SLUG}/write`, { headers: { "Content-Type": "multipart/form-data; boundary=x" }, data: "--x\r\nbroken", maxRedirects: 0 }),
        says: en.errors.badRequestTitle,
      },
      {
        label: "sign form with SQL in it",
        status: 400,
        res: () =>
          request.post(`/en/campaigns/${SLUG}`, { form: { name: "x", email: "'; select * from signatures; --", country: "'" }, maxRedirects: 0 }),
        says: en.sign.errorSummary,
      },
      { label: "malformed confirmation token", status: 400, res: () => request.get("/en/confirm/not-a-token"), says: en.confirm.invalidTitle },
      // The API answers in JSON for programs: the whole body, which says it in words too.
      {
        label: "unknown API campaign",
        status: 404,
        res: () => request.get("/api/v1/campaigns/does-not-exist"),
        says: JSON.stringify({ error: "not_found", message: "No public campaign has this slug." }),
      },
    ];
    // Every case names a text: "contains the empty string" would hold for any answer at all.
    for (const c of cases) expect(c.says.trim().length, c.label).toBeGreaterThan(10);
    // The patterns do catch what a leaked error looks like (so an empty answer below means something).
    expect(leaksIn('Error: boom\n    at loader (/srv/padauk/app/routes/$lang.campaigns.$slug.tsx:42:7)').length).toBeGreaterThanOrEqual(4);
    expect(leaksIn('insert into "signatures" ("email_hmac") values ($1) - duplicate key value violates unique constraint')).toHaveLength(2);
    expect(leaksIn(`<h1>${en.errors.notFoundTitle}</h1><p>${en.errors.notFoundBody}</p>`)).toEqual([]);

    const problems: string[] = [];
    for (const c of cases) {
      const res = await c.res();
      expect(res.status(), c.label).toBe(c.status);
      const body = await res.text();
      expect(body, c.label).toContain(c.says);
      // What the visitor submitted is echoed back in the form: that is their text, not a leak.
      const checked = c.label === "sign form with SQL in it" ? body.replaceAll("&#x27;; select * from signatures; --", "").replaceAll("'; select * from signatures; --", "") : body;
      for (const leak of leaksIn(checked)) problems.push(`${c.label}: ${leak}`);
    }
    expect(problems).toEqual([]);
  });

  test("the same error pages in a browser, with JavaScript on, show no stack trace either", async ({ page }) => {
    const problems: string[] = [];
    for (const path of ["/en/nothing/here", "/my/campaigns/does-not-exist", "/en/confirm/not-a-token"]) {
      const res = await page.goto(path);
      expect(res!.status(), path).toBeGreaterThanOrEqual(400);
      for (const leak of leaksIn(await page.locator("body").innerText())) problems.push(`${path} (text): ${leak}`);
      for (const leak of leaksIn(await page.content())) problems.push(`${path} (html): ${leak}`);
    }
    expect(problems).toEqual([]);
  });
});
