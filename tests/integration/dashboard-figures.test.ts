import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { findSignatureByEmail, invalidateSignatures } from "../../app/models/moderation.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { crypto, dashboardFixture, routesDir } from "../helpers/dashboard";
import { latestConfirmToken, signAs } from "../helpers/signing";
import { offeredTargets, writeLetter } from "../helpers/letters";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

/**
 * The figures a campaign's dashboard page shows (signatures by state, country, language and
 * source; letters by official and state) and the public API's, checked against exactly what the
 * test made happen, before and after the outbox worker sends the letters through SMTP.
 */
const fixture = dashboardFixture();
const { cookies, call } = fixture;

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
      db: fixture.db,
      crypto,
      mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" }),
      publicUrl: fixture.context.config.publicUrl,
      secret: fixture.context.config.appSecret,
      batchSize: 100,
    });
    while ((await worker.runOnce()) > 0);
  }

  const api = async (slug: string) => {
    const mod = await import(path.join(routesDir, "api.v1.campaigns.$slug.tsx"));
    return (
      (await mod.loader({ request: new Request(`http://padauk.test/api/v1/campaigns/${slug}`), params: { slug }, context: fixture.context })) as Response
    ).json();
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
      await signAs(fixture.db, crypto, { slug, email, name: "A signer", ...s });
      if (confirm) expect((await confirmSignature(fixture.db, await latestConfirmToken(fixture.db, crypto))).status).toBe("confirmed");
    };
    // Eleven signers in Myanmar, in Burmese, four of them through a partner's link; two in Thailand in English.
    for (let i = 0; i < 11; i++)
      await sign(`figures-mm-${i}@example.org`, { country: "MM", locale: "my", source: i < 4 ? "partner-figures" : undefined }, true);
    for (let i = 0; i < 2; i++) await sign(`figures-th-${i}@example.org`, { country: "TH", locale: "en" }, true);
    // One who never confirms, and one confirmed whom a moderator then invalidates.
    await sign("figures-pending@example.org", { country: "MM", locale: "my" }, false);
    await sign("figures-removed@example.org", { country: "TH", locale: "en" }, true);
    const campaign = (await findPublicCampaign(fixture.db, slug, "en"))!;
    const removed = await findSignatureByEmail(fixture.db, crypto, campaign.id, "figures-removed@example.org");
    expect(await invalidateSignatures(fixture.db, campaign.id, { ids: removed.map((r) => r.id) }, "test: a duplicate")).toBe(1);

    // Letters: two supporters' letters confirmed (one in the template's words, one in their own)
    // to three officials in all, and one letter still waiting for its confirmation mail.
    const [a, b, c, d] = await offeredTargets(fixture.db, slug);
    await writeLetter(fixture.db, crypto, { slug, email: "figures-writer-1@example.org", targetIds: [a.id, b.id], verified: true });
    await writeLetter(fixture.db, crypto, {
      slug,
      email: "figures-writer-2@example.org",
      targetIds: [a.id, b.id, c.id],
      verified: true,
      body: "In my own words: please refer Myanmar to the International Criminal Court, as the evidence gathered calls for.",
    });
    await writeLetter(fixture.db, crypto, { slug, email: "figures-writer-3@example.org", targetIds: [d.id], verified: false });

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
    expect({
      ...dash.breakdowns,
      byCountry: pick(dash.breakdowns.byCountry),
      byLanguage: pick(dash.breakdowns.byLanguage),
      bySource: pick(dash.breakdowns.bySource),
    }).toEqual(expectedSignatures);
    expect(dash.letters).toEqual({ letters: 2, personalisedShare: 0.5, targets: lettersTo("queued") });
    let pub = await api(slug);
    expect(pub).toMatchObject({ signatureCount: 13, signaturesByCountry: { MM: 11, other: 2 }, messagesSent: 0, targetsCount: 0 });

    // The worker sends them through SMTP: five letters, to the three officials.
    smtp.messages.length = 0;
    await drain();
    const writers = ["figures-writer-1@example.org", "figures-writer-2@example.org", "figures-writer-3@example.org"];
    expect(
      smtp.messages
        .filter((m) => writers.includes(m.replyTo?.value[0]?.address ?? ""))
        .map((m) => m.replyTo?.value[0]?.address)
        .sort(),
    ).toEqual([
      "figures-writer-1@example.org",
      "figures-writer-1@example.org",
      "figures-writer-2@example.org",
      "figures-writer-2@example.org",
      "figures-writer-2@example.org",
    ]);

    dash = await overview(slug);
    expect({
      ...dash.breakdowns,
      byCountry: pick(dash.breakdowns.byCountry),
      byLanguage: pick(dash.breakdowns.byLanguage),
      bySource: pick(dash.breakdowns.bySource),
    }).toEqual(expectedSignatures);
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
