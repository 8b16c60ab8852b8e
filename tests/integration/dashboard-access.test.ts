import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dashboardFixture, routesDir } from "../helpers/dashboard";

/**
 * Who may open which dashboard page: every dashboard route is classified (organiser, campaign
 * member, admin) and called anonymously, as an organiser of another campaign, as a member and as
 * an admin; and the dashboard lists an organiser only their own campaigns.
 */
const fixture = dashboardFixture();
const { cookies, call } = fixture;

/** Every dashboard route and what it needs. A new dashboard route must be added here, or this test fails. */
const ROUTES: Record<string, { path: string; needs: "organiser" | "campaign" | "admin" | "partner" | "account"; params?: Record<string, string> }> = {
  // The frame and the security page are every account's, a partner's too.
  "dashboard.tsx": { path: "/dashboard", needs: "account" },
  "dashboard._index.tsx": { path: "/dashboard", needs: "organiser" },
  "dashboard.audit.tsx": { path: "/dashboard/audit", needs: "admin" },
  "dashboard.security.tsx": { path: "/dashboard/security", needs: "account" },
  "dashboard.partner.tsx": { path: "/dashboard/partner", needs: "partner" },
  "dashboard.partner.supporters[.]csv.tsx": { path: "/dashboard/partner/supporters.csv", needs: "partner" },
  "dashboard.campaigns.$slug.partners._index.tsx": { path: "/dashboard/campaigns/:slug/partners", needs: "campaign" },
  "dashboard.campaigns.$slug.partners.$partner.tsx": {
    path: "/dashboard/campaigns/:slug/partners/bangkok-rights",
    needs: "campaign",
    params: { partner: "bangkok-rights" },
  },
  "dashboard.organisers.tsx": { path: "/dashboard/organisers", needs: "admin" },
  "dashboard.abuse.tsx": { path: "/dashboard/abuse", needs: "admin" },
  "dashboard.targets._index.tsx": { path: "/dashboard/targets", needs: "admin" },
  "dashboard.targets.$list.tsx": { path: "/dashboard/targets/:list", needs: "admin", params: { list: "un-security-council" } },
  "dashboard.campaigns.$slug.tsx": { path: "/dashboard/campaigns/:slug", needs: "campaign" },
  "dashboard.campaigns.$slug._index.tsx": { path: "/dashboard/campaigns/:slug", needs: "campaign" },
  "dashboard.campaigns.new.tsx": { path: "/dashboard/campaigns/new", needs: "organiser" },
  "dashboard.campaigns.$slug.settings.tsx": { path: "/dashboard/campaigns/:slug/settings", needs: "campaign" },
  "dashboard.campaigns.$slug.translations._index.tsx": { path: "/dashboard/campaigns/:slug/translations", needs: "campaign" },
  "dashboard.campaigns.$slug.translations.$locale.tsx": { path: "/dashboard/campaigns/:slug/translations/my", needs: "campaign", params: { locale: "my" } },
  "dashboard.campaigns.$slug.updates.tsx": { path: "/dashboard/campaigns/:slug/updates", needs: "campaign" },
  "dashboard.campaigns.$slug.moderation.tsx": { path: "/dashboard/campaigns/:slug/moderation", needs: "campaign" },
  "dashboard.campaigns.$slug.paper.tsx": { path: "/dashboard/campaigns/:slug/paper", needs: "campaign" },
  "dashboard.campaigns.$slug.signatures[.]csv.tsx": { path: "/dashboard/campaigns/:slug/signatures.csv", needs: "campaign" },
  "dashboard.campaigns.$slug.by-country[.]csv.tsx": { path: "/dashboard/campaigns/:slug/by-country.csv", needs: "campaign" },
};

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
      // A partner's own view is for its account alone: every organiser, admins too, gets 403.
      const expect403 = route.needs === "campaign" || route.needs === "admin" || route.needs === "partner";
      expect((await call(mod.loader, url, params, cookies.other)).status).toBe(expect403 ? 403 : 200);
      expect((await call(mod.loader, url, params, cookies.member)).status).toBe(route.needs === "admin" || route.needs === "partner" ? 403 : 200);
      expect((await call(mod.loader, url, params, cookies.admin)).status).toBe(route.needs === "partner" ? 403 : 200);
      // A partner's account opens its own view and its account's pages; anything else sends it home.
      const asPartner = await call(mod.loader, url, params, cookies.partner);
      if (route.needs === "partner" || route.needs === "account") {
        expect(asPartner.status).toBe(200);
      } else {
        expect(asPartner.status).toBe(302);
        expect((asPartner.result as Response).headers.get("Location")).toBe("/dashboard/partner");
      }
      if (route.needs === "campaign") {
        expect((await call(mod.loader, route.path.replace(":slug", "no-such"), { ...params, slug: "no-such" }, cookies.admin)).status).toBe(404);
      }
    });
  }

  it("lists only an organiser's own campaigns; an admin sees all", async () => {
    const mod = await import(path.join(routesDir, "dashboard._index.tsx"));
    const slugs = async (cookie: string) =>
      ((await call(mod.loader, "/dashboard", {}, cookie)).result as { campaigns: { slug: string }[] }).campaigns.map((c) => c.slug);
    expect(await slugs(cookies.member)).toEqual(["arms-embargo"]);
    expect(await slugs(cookies.other)).toEqual(["icc-referral"]);
    expect((await slugs(cookies.admin)).length).toBe(4);
  });
});
