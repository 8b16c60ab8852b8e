import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/index";
import { createCrypto } from "../../app/lib/crypto.server";
import { setSessionCookie } from "../../app/web/auth.server";
import { addMember, createSession, inviteOrganiser, setPasswordWithToken } from "../../app/models/organiser.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { createPartner } from "../../app/models/partner.server";
import { createTestDatabase, type TestDatabase } from "./db";
import { testContext } from "./context";

/**
 * The dashboard tests' setup (tests/integration/dashboard-*.test.ts): a seeded database of the
 * test file's own and three organisers logged in — an admin, a member of arms-embargo and an
 * organiser of icc-referral only — whose routes' loaders and actions are called directly.
 */
export const routesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/routes");
export const crypto = createCrypto("dashboard-secret-of-at-least-32-characters");
export const PASSWORD = "a long unusual passphrase for tests";

type Route = (args: { request: Request; params: Record<string, string>; context: AppLoadContext }) => unknown;

export function statusOf(r: unknown): number {
  if (r instanceof Response) return r.status;
  const init = (r as { init?: { status?: number } } | undefined)?.init;
  return init?.status ?? 200;
}

/** Opens the database and logs the three organisers in before the file's tests, and closes it after. */
export function dashboardFixture() {
  let t: TestDatabase | undefined;
  let context: AppLoadContext | undefined;
  const cookies: Record<"admin" | "member" | "other" | "partner", string> = { admin: "", member: "", other: "", partner: "" };

  const fixture = {
    get t(): TestDatabase {
      return t!;
    },
    get db(): DB {
      return t!.db;
    },
    get context(): AppLoadContext {
      return context!;
    },
    cookies,
    /** The id of arms-embargo's partner `bangkok-rights`, whose account holds `cookies.partner`. */
    partnerId: 0,
    /** An organiser with PASSWORD, a member of `campaignSlug` if given: their session cookie. */
    async organiserCookie(email: string, role: "admin" | "organiser" | "partner", campaignSlug?: string, partnerId?: number) {
      const token = await inviteOrganiser(t!.db, crypto, email, role, new Date(), undefined, partnerId ?? null);
      const id = (await setPasswordWithToken(t!.db, token, PASSWORD))!;
      if (campaignSlug) await addMember(t!.db, id, (await findPublicCampaign(t!.db, campaignSlug, "en"))!.id);
      const session = await createSession(t!.db, id);
      return (await setSessionCookie(context!, session)).split(";")[0];
    },
    /** A GET to a route's loader (or action) with `cookie`: its status, thrown or returned, and what it gave. */
    async call(fn: Route, url: string, params: Record<string, string>, cookie?: string) {
      const request = new Request(`http://padauk.test${url}`, { headers: cookie ? { Cookie: cookie } : {} });
      try {
        const r = await fn({ request, params, context: context! });
        if (r instanceof Response && r.body) await r.text(); // let a streamed export finish
        return { status: statusOf(r), result: r };
      } catch (e) {
        return { status: statusOf(e), result: e };
      }
    },
  };

  beforeAll(async () => {
    t = await createTestDatabase({ seed: true });
    context = testContext(t.db, crypto);
    cookies.admin = await fixture.organiserCookie("admin@example.org", "admin");
    cookies.member = await fixture.organiserCookie("member@example.org", "organiser", "arms-embargo");
    cookies.other = await fixture.organiserCookie("other@example.org", "organiser", "icc-referral");
    // A partner of arms-embargo, and the account of one of its people.
    const campaign = (await findPublicCampaign(t.db, "arms-embargo", "en"))!;
    const { partner } = await createPartner(t.db, crypto, {
      campaignId: campaign.id,
      slug: "bangkok-rights",
      name: "Bangkok Rights Network",
      website: null,
      listed: true,
      origins: ["https://bangkok-rights.example"],
      webhookUrl: null,
    });
    fixture.partnerId = partner.id;
    cookies.partner = await fixture.organiserCookie("partner@example.org", "partner", undefined, partner.id);
  });
  afterAll(async () => {
    await t?.close();
  });
  return fixture;
}
