import path from "node:path";
import { describe, expect, it } from "vitest";
import { confirmSignature } from "../../app/models/confirming.server";
import { claimDue } from "../../app/models/outbox.server";
import { renderOutboxRow } from "../../app/outbox/worker.server";
import { apiTokenOwner } from "../../app/models/api-token.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { crypto, dashboardFixture, routesDir } from "../helpers/dashboard";
import { latestConfirmToken, signAs } from "../helpers/signing";

/**
 * A partner's view and the organisers' partner pages: what a partner brought, counted from the
 * signatures attributed to it; the export of its consenting supporters, for its own account
 * alone and holding nobody else; the organisers' forms to add a partner, invite its people and
 * renew its token, each refusing what it should.
 */
const fixture = dashboardFixture();
const { cookies, call } = fixture;

const route = (file: string) => import(path.join(routesDir, file));
const post = (url: string, fields: Record<string, string>, cookie: string) =>
  new Request(`http://padauk.test${url}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } });

async function signThrough(email: string, partnerId: number | null, consentPartner: boolean, confirm = true) {
  await signAs(fixture.db, crypto, { email, name: `Name of ${email}`, partnerId, consentPartner, country: "TH" });
  if (confirm) await confirmSignature(fixture.db, await latestConfirmToken(fixture.db, crypto));
}

type View = {
  csrf: string;
  page: { figures: { signups: number; confirmed: number; consenting: number }; perDay: { count: number }[]; links: { snippet: string; embed: string } };
};

describe("the partner's view", () => {
  it("counts the sign-ups, confirmations and consents attributed to the partner only", async () => {
    await signThrough("consenting@example.org", fixture.partnerId, true);
    await signThrough("not-consenting@example.org", fixture.partnerId, false);
    await signThrough("pending@example.org", fixture.partnerId, true, false);
    // The campaign's own signers, and one who ticked the partner's box without coming through it, count for nobody.
    await signThrough("direct@example.org", null, false);
    await signThrough("direct-ticked@example.org", null, true);

    const mod = await route("dashboard.partner.tsx");
    const own = (await call(mod.loader, "/dashboard/partner", {}, cookies.partner)).result as View;
    expect(own.page.figures).toEqual({ signups: 3, confirmed: 2, consenting: 1 });
    expect(own.page.perDay).toHaveLength(30);
    expect(own.page.perDay.at(-1)!.count).toBe(3);
    expect(own.page.links.embed).toBe("http://padauk.test/embed/en/campaigns/arms-embargo?partner=bangkok-rights");
    const title = (await findPublicCampaign(fixture.db, "arms-embargo", "en"))!.content.title.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
    expect(own.page.links.snippet).toBe(
      `<iframe src="http://padauk.test/embed/en/campaigns/arms-embargo?partner=bangkok-rights" title="${title}" width="100%" height="780" style="border:0;max-width:36rem" loading="lazy"></iframe>`,
    );
  });

  it("exports the consenting supporters it brought, and nobody else, with the download audited", async () => {
    const mod = await route("dashboard.partner.supporters[.]csv.tsx");
    const res = (await mod.loader({
      request: new Request("http://padauk.test/dashboard/partner/supporters.csv", { headers: { Cookie: cookies.partner } }),
      params: {},
      context: fixture.context,
    })) as Response;
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("email,name,country,language,confirmed_at");
    expect(lines[1]).toMatch(/^consenting@example\.org,Name of consenting@example\.org,TH,en,\d{4}-\d\d-\d\dT/);
    const audit = await fixture.db
      .selectFrom("audit_log")
      .select(["action", "subject", "row_count"])
      .where("action", "=", "export.partner_supporters")
      .execute();
    expect(audit).toEqual([
      { action: "export.partner_supporters", subject: `bangkok-rights@${(await findPublicCampaign(fixture.db, "arms-embargo", "en"))!.id}`, row_count: 1 },
    ]);
  });

  it("renews the API token once, showing it once; the old one stops working", async () => {
    const mod = await route("dashboard.partner.tsx");
    const own = (await call(mod.loader, "/dashboard/partner", {}, cookies.partner)).result as View;
    const first = (await mod.action({
      request: post("/dashboard/partner", { csrf: own.csrf, intent: "token" }, cookies.partner),
      params: {},
      context: fixture.context,
    })) as { newToken: string };
    const token1 = first.newToken;
    expect(token1).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    expect(await apiTokenOwner(fixture.db, token1)).toMatchObject({ kind: "partner", partnerId: fixture.partnerId });
    const second = (await mod.action({
      request: post("/dashboard/partner", { csrf: own.csrf, intent: "token" }, cookies.partner),
      params: {},
      context: fixture.context,
    })) as { newToken: string };
    const token2 = second.newToken;
    expect(token2).not.toBe(token1);
    expect(await apiTokenOwner(fixture.db, token1)).toBe(null);
    expect(await apiTokenOwner(fixture.db, token2)).toMatchObject({ kind: "partner", partnerId: fixture.partnerId });
    // Without the session's CSRF token nothing changes.
    const forged = await call(
      () => mod.action({ request: post("/dashboard/partner", { csrf: "forged", intent: "token" }, cookies.partner), params: {}, context: fixture.context }),
      "/",
      {},
    );
    expect(forged.status).toBe(403);
    expect(await apiTokenOwner(fixture.db, token2)).toMatchObject({ kind: "partner" });
  });
});

describe("the organisers' partner pages", () => {
  const list = "/dashboard/campaigns/arms-embargo/partners";

  it("lists each partner with what it brought, and shows an organiser the partner's view without its supporters' export", async () => {
    const mod = await route("dashboard.campaigns.$slug.partners._index.tsx");
    const page = (await call(mod.loader, list, { slug: "arms-embargo" }, cookies.member)).result as {
      isAdmin: boolean;
      partners: { slug: string; figures: { signups: number } }[];
    };
    expect(page.isAdmin).toBe(false);
    expect(page.partners.map((p) => [p.slug, p.figures.signups])).toEqual([["bangkok-rights", 3]]);
  });

  it("lets an admin add a partner, shows its token and webhook secret once, and refuses bad fields with a message for each", async () => {
    const mod = await route("dashboard.campaigns.$slug.partners._index.tsx");
    const { csrf } = (await call(mod.loader, list, { slug: "arms-embargo" }, cookies.admin)).result as { csrf: string };
    const bad = await call(
      () =>
        mod.action({
          request: post(list, { csrf, intent: "add", name: "", origins: "https://ok.example/path *", webhook_url: "ftp://x.example" }, cookies.admin),
          params: { slug: "arms-embargo" },
          context: fixture.context,
        }),
      "/",
      {},
    );
    expect(bad.status).toBe(400);
    expect((bad.result as { data: { errors: Record<string, string> } }).data.errors).toEqual({ name: "partnerNameRequired", origins: "originsInvalid" });
    const count = async () =>
      Number(
        (
          await fixture.db
            .selectFrom("partners")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(1);

    // (A webhook is checked by resolving its host: tests/integration/webhooks.test.ts covers those answers.)
    const plain = await call(
      () =>
        mod.action({
          request: post(list, { csrf, intent: "add", name: "Diaspora Voices Berlin", origins: "https://diaspora.example" }, cookies.admin),
          params: { slug: "arms-embargo" },
          context: fixture.context,
        }),
      "/",
      {},
    );
    expect(plain.status).toBe(200);
    const created = (plain.result as { data: { created: { slug: string; token: string; webhookSecret: string | null } } }).data.created;
    expect(created.slug).toBe("diaspora-voices-berlin");
    expect(created.token).toMatch(/^pdk_/);
    expect(created.webhookSecret).toBe(null);

    // An organiser who is not an admin may look, not add.
    const member = await call(
      () =>
        mod.action({
          request: post(list, { csrf, intent: "add", name: "Another" }, cookies.member),
          params: { slug: "arms-embargo" },
          context: fixture.context,
        }),
      "/",
      {},
    );
    expect(member.status).toBe(403);
  });

  it("invites a partner's account, mailed in the admin's language, and never turns another account into a partner's", async () => {
    const mod = await route("dashboard.campaigns.$slug.partners.$partner.tsx");
    const url = `${list}/bangkok-rights`;
    const params = { slug: "arms-embargo", partner: "bangkok-rights" };
    const page = (await call(mod.loader, url, params, cookies.admin)).result as { csrf: string; accounts: { email: string }[] };
    expect(page.accounts.map((a) => a.email)).toEqual(["partner@example.org"]);
    const invite = (email: string) =>
      call(() => mod.action({ request: post(url, { csrf: page.csrf, intent: "invite", email }, cookies.admin), params, context: fixture.context }), "/", {});

    const taken = await invite("member@example.org");
    expect(taken.status).toBe(409);
    const role = await fixture.db
      .selectFrom("organisers")
      .select(["role", "partner_id"])
      .where("email_hmac", "=", crypto.emailHmac("member@example.org"))
      .executeTakeFirstOrThrow();
    expect(role).toEqual({ role: "organiser", partner_id: null });
    expect((await invite("not an address")).status).toBe(400);

    await claimDue(fixture.db, 100); // earlier mail out of the way
    const ok = await invite("coordinator@bangkok-rights.example");
    expect(ok.status).toBe(200);
    expect((ok.result as { data: { invited: { link: string } } }).data.invited.link).toMatch(/^http:\/\/padauk\.test\/set-password\/[A-Za-z0-9_-]{43}$/);
    const queued = (await claimDue(fixture.db, 10)).filter((r) => r.kind === "organiser-invite");
    expect(queued).toHaveLength(1);
    const rendered = await renderOutboxRow(fixture.db, crypto, queued[0], "http://padauk.test");
    expect(rendered.to).toBe("coordinator@bangkok-rights.example");
    expect(rendered.subject).toBe("You are invited to the partner page of Bangkok Rights Network on Padauk");
    expect(rendered.text).toContain("Bangkok Rights Network, a partner of the campaign");
    const account = await fixture.db
      .selectFrom("organisers")
      .select(["role", "partner_id"])
      .where("email_hmac", "=", crypto.emailHmac("coordinator@bangkok-rights.example"))
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ role: "partner", partner_id: fixture.partnerId });
  });
});

describe("paper batches on the partner's view", () => {
  it("records a batch as the partner, lists only the partner's own, and refuses to touch the organisers' batch", async () => {
    const mod = await route("dashboard.partner.tsx");
    const { csrf } = (await call(mod.loader, "/dashboard/partner", {}, cookies.partner)).result as View;
    const today = new Date().toISOString().slice(0, 10);
    const campaign = (await findPublicCampaign(fixture.db, "arms-embargo", "en"))!;
    // A batch the organisers recorded, not the partner's.
    const theirs = await fixture.db
      .insertInto("paper_batches")
      .values({ campaign_id: campaign.id, country: "MM", count: 40, collected_on: today, attested_by: "The campaign's organisers" })
      .returning("id")
      .executeTakeFirstOrThrow();

    const recorded = await call(
      () =>
        mod.action({
          request: post(
            "/dashboard/partner",
            { csrf, intent: "record", country: "TH", count: "120", collected_on: today, place: "Mae Sot", attested_by: "The partner's coordinator" },
            cookies.partner,
          ),
          params: {},
          context: fixture.context,
        }),
      "/",
      {},
    );
    expect(recorded.status).toBe(200);
    const rows = await fixture.db
      .selectFrom("paper_batches")
      .select(["country", "count", "partner_id"])
      .where("campaign_id", "=", campaign.id)
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { country: "MM", count: 40, partner_id: null },
      { country: "TH", count: 120, partner_id: fixture.partnerId },
    ]);
    const view = (await call(mod.loader, "/dashboard/partner", {}, cookies.partner)).result as { paper: { batches: { count: number }[] } };
    expect(view.paper.batches.map((b) => b.count)).toEqual([120]);

    const refused = await call(
      () =>
        mod.action({
          request: post("/dashboard/partner", { csrf, intent: "invalidate", batch: String(theirs.id), reason: "not ours" }, cookies.partner),
          params: {},
          context: fixture.context,
        }),
      "/",
      {},
    );
    expect(refused.status).toBe(403);
    const still = await fixture.db.selectFrom("paper_batches").select("status").where("id", "=", theirs.id).executeTakeFirstOrThrow();
    expect(still.status).toBe("valid");
  });
});
