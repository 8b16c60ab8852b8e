import { expect, test, type APIResponse, type Response } from "@playwright/test";
import { confirmFromMail, linkIn, mailTo, newAddress, signOn, strings } from "./support";

/**
 * The security headers of every public answer (CSP with script-src and frame-ancestors
 * 'none', Referrer-Policy, nosniff, Permissions-Policy) and the attributes of every cookie a
 * public page sets (HttpOnly, SameSite=Lax), each check first shown catching a weak one.
 */
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
  `/en/campaigns/${SLUG}/sheet`,
  `/my/campaigns/${SLUG}/sheet`,
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
    // A public page runs no script (decision 064), so its policy allows none.
    if (scriptSrc !== "script-src 'none'") problems.push(`${label}: script-src allows scripts (${scriptSrc})`);
    if (/'unsafe-inline'|'unsafe-eval'|\*/.test(scriptSrc)) problems.push(`${label}: script-src allows inline or any script (${scriptSrc})`);
  }
  const referrer = one("referrer-policy").join(", ");
  if (referrer !== "no-referrer") problems.push(`${label}: Referrer-Policy is "${referrer}"`);
  const nosniff = one("x-content-type-options").join(", ");
  if (nosniff !== "nosniff") problems.push(`${label}: X-Content-Type-Options is "${nosniff}"`);
  const permissions = one("permissions-policy").join(", ");
  for (const feature of ["camera", "microphone", "geolocation"]) {
    if (!new RegExp(`(^|[,\\s])${feature}=\\(\\)`).test(permissions))
      problems.push(`${label}: Permissions-Policy does not disable ${feature} ("${permissions}")`);
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

  test("every cookie a public page sets is HttpOnly and SameSite=Lax: the language switcher, signing without JavaScript, the confirmation link", async ({
    browser,
    request,
    baseURL,
  }) => {
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
    await page
      .getByRole("navigation", { name: strings("en").language.label })
      .getByRole("link", { name: "မြန်မာ" })
      .click();
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
