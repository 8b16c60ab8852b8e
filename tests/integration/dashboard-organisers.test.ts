import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimDue } from "../../app/models/outbox.server";
import { renderOutboxRow } from "../../app/outbox/worker.server";
import { crypto, dashboardFixture, routesDir, statusOf } from "../helpers/dashboard";

/**
 * Managing organisers from the dashboard: an admin invites one (the link also goes out by mail),
 * gives an organiser access to another campaign, and disables one, which ends their sessions; an
 * organiser can do none of this, and an admin cannot disable themselves.
 */
const fixture = dashboardFixture();
const { cookies, call } = fixture;

describe("managing organisers", () => {
  const post = (fields: Record<string, string>, cookie: string) =>
    new Request("http://padauk.test/dashboard/organisers", { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } });

  it("lets an admin invite, give access to a campaign, and disable an organiser (ending their sessions)", async () => {
    const mod = await import(path.join(routesDir, "dashboard.organisers.tsx"));
    const page = (await call(mod.loader, "/dashboard/organisers", {}, cookies.admin)).result as {
      csrf: string;
      campaigns: { id: number; slug: string }[];
      organisers: { id: number; email: string }[];
    };
    const invited = (await mod.action({
      request: post({ csrf: page.csrf, intent: "invite", email: "new-organiser@example.org", role: "organiser" }, cookies.admin),
      params: {},
      context: fixture.context,
    })) as { link: string };
    expect(invited.link).toMatch(/\/set-password\/[A-Za-z0-9_-]{43}$/);
    // The same link goes to the invited address by mail, in the administrator's language.
    expect((invited as { mailedTo?: string }).mailedTo).toBe("new-organiser@example.org");
    const queued = (await claimDue(fixture.db, 100)).filter((r) => r.kind === "organiser-invite");
    expect(queued).toHaveLength(1);
    const mail = await renderOutboxRow(fixture.db, crypto, queued[0], "http://padauk.test");
    expect(mail.to).toBe("new-organiser@example.org");
    expect(mail.subject).toBe("You are invited to organise campaigns on Padauk");
    expect(mail.text).toContain(`http://padauk.test/set-password/${invited.link.split("/").pop()}`);
    expect(mail.text).toMatch(/an organiser/);
    expect(mail.html).not.toContain("campaign page");

    // The member of arms-embargo also gets icc-referral.
    const member = page.organisers.find((o) => o.email === "member@example.org")!;
    const icc = page.campaigns.find((c) => c.slug === "icc-referral")!;
    await mod.action({
      request: post({ csrf: page.csrf, intent: "add", organiser: String(member.id), campaign: String(icc.id) }, cookies.admin),
      params: {},
      context: fixture.context,
    });
    const index = await import(path.join(routesDir, "dashboard._index.tsx"));
    const slugs = ((await call(index.loader, "/dashboard", {}, cookies.member)).result as { campaigns: { slug: string }[] }).campaigns.map((c) => c.slug);
    expect(slugs).toEqual(["arms-embargo", "icc-referral"]);

    // Disabled: the member's session stops working at once.
    await mod.action({
      request: post({ csrf: page.csrf, intent: "disable", organiser: String(member.id), disabled: "1" }, cookies.admin),
      params: {},
      context: fixture.context,
    });
    expect((await call(index.loader, "/dashboard", {}, cookies.member)).status).toBe(302);

    // An organiser cannot do any of this, and an admin cannot disable themselves.
    const asOther = await call(mod.loader, "/dashboard/organisers", {}, cookies.other);
    expect(asOther.status).toBe(403);
    const me = page.organisers.find((o) => o.email === "admin@example.org")!;
    const self = await mod.action({
      request: post({ csrf: page.csrf, intent: "disable", organiser: String(me.id), disabled: "1" }, cookies.admin),
      params: {},
      context: fixture.context,
    });
    expect(statusOf(self)).toBe(400);
  });
});
