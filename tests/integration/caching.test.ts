import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

/** What a CDN or reverse proxy in front of Padauk is allowed to keep, and for how long. */
describe(`caching without lies (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.baseUrl + path, { headers, redirect: "manual" });

  it("public pages are shared-cacheable for 5 s; pages about one visitor are not", async () => {
    for (const path of ["/en/", "/my/campaigns/arms-embargo"]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=5, stale-while-revalidate=30");
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    for (const path of ["/en/campaigns/arms-embargo/thanks", "/en/campaigns/arms-embargo/signed", "/en/my-data"]) {
      expect((await get(path)).headers.get("cache-control"), path).toBe("private, no-cache");
    }
    // A confirmation link is never cached (its page depends on the token's state).
    expect((await get("/en/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).headers.get("cache-control")).toBe("no-store");
  });

  it("a form post's answer, which holds what one visitor typed, is never cacheable", async () => {
    const res = await fetch(`${server.baseUrl}/en/campaigns/arms-embargo`, {
      method: "POST",
      body: new URLSearchParams({ name: "A signer in Yangon", email: "not-an-address", country: "MM" }),
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const ok = await fetch(`${server.baseUrl}/en/campaigns/arms-embargo`, {
      method: "POST",
      body: new URLSearchParams({ name: "A signer in Yangon", email: "cache-test@example.org", country: "MM" }),
      redirect: "manual",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("cache-control")).toBe("no-store");
  });

  it("the API sends an ETag and answers 304 when the client already has the same answer", async () => {
    const first = await get("/api/v1/campaigns/arms-embargo");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=5, stale-while-revalidate=10");
    const again = await get("/api/v1/campaigns/arms-embargo", { "If-None-Match": etag });
    // Sent before the first answer's body was read: it may be waiting on that same render.
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const list = await get("/api/v1/campaigns");
    expect((await get("/api/v1/campaigns", { "If-None-Match": list.headers.get("etag")! })).status).toBe(304);
    expect((await get("/api/v1/campaigns", { "If-None-Match": 'W/"something-else"' })).status).toBe(200);
  });

  it("a public page is rendered at most once a second per process, and a visitor's own page never comes from the cache", async () => {
    // A fresh render has no Age header; an answer from the page cache says how old it is.
    const a = await get("/en/campaigns/icc-referral");
    const b = await get("/en/campaigns/icc-referral");
    expect(a.headers.get("age")).toBeNull();
    expect(b.headers.get("age")).toBe("0");
    expect(await b.text()).toBe(await a.text());
    // The page runs no script, so the kept policy is the one a fresh render sends.
    expect(b.headers.get("content-security-policy")).toBe(a.headers.get("content-security-policy"));
    expect(b.headers.get("content-security-policy")).toContain("script-src 'none'");
    await new Promise((r) => setTimeout(r, 1_100));
    const c = await get("/en/campaigns/icc-referral");
    expect(c.headers.get("age")).toBeNull();
    // Visitors' own pages are never kept: two thank-you pages are two renders.
    const t1 = await get("/en/campaigns/icc-referral/thanks");
    const t2 = await get("/en/campaigns/icc-referral/thanks");
    expect([t1.headers.get("age"), t2.headers.get("age")]).toEqual([null, null]);
  });
});
