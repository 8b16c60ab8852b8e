import { expect, test, type APIResponse } from "@playwright/test";
import { strings } from "./support";

/**
 * Error pages (404, 400, the API's JSON errors) say what went wrong in words, and give away no
 * stack trace, source position, SQL or database layer, to a program or in a browser.
 */
const SLUG = "arms-embargo";

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
          request.post(`/en/campaigns/${SLUG}/write`, {
            headers: { "Content-Type": "multipart/form-data; boundary=x" },
            data: "--x\r\nbroken",
            maxRedirects: 0,
          }),
        says: en.errors.badRequestTitle,
      },
      {
        label: "sign form with SQL in it",
        status: 400,
        res: () => request.post(`/en/campaigns/${SLUG}`, { form: { name: "x", email: "'; select * from signatures; --", country: "'" }, maxRedirects: 0 }),
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
    expect(leaksIn("Error: boom\n    at loader (/srv/padauk/app/routes/$lang.campaigns.$slug.tsx:42:7)").length).toBeGreaterThanOrEqual(4);
    expect(leaksIn('insert into "signatures" ("email_hmac") values ($1) - duplicate key value violates unique constraint')).toHaveLength(2);
    expect(leaksIn(`<h1>${en.errors.notFoundTitle}</h1><p>${en.errors.notFoundBody}</p>`)).toEqual([]);

    const problems: string[] = [];
    for (const c of cases) {
      const res = await c.res();
      expect(res.status(), c.label).toBe(c.status);
      const body = await res.text();
      expect(body, c.label).toContain(c.says);
      // What the visitor submitted is echoed back in the form: that is their text, not a leak.
      const checked =
        c.label === "sign form with SQL in it"
          ? body.replaceAll("&#x27;; select * from signatures; --", "").replaceAll("'; select * from signatures; --", "")
          : body;
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
