import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { organiserForSession } from "../../app/models/organiser.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { crypto, dashboardFixture, routesDir } from "../helpers/dashboard";
import { latestConfirmToken, signAs } from "../helpers/signing";

/**
 * The dashboard's signature export: 200,000 confirmed signatures streamed in bounded memory, with
 * formulas neutralised and the export audited; email addresses for admins only, and only those of
 * signers who consented; and sessions kept server-side, with no password material.
 */
const fixture = dashboardFixture();
const { cookies, organiserCookie } = fixture;

describe("exports", () => {
  it("streams 200,000 confirmed signatures in bounded memory, rows matching the count, formulas neutralised, and audits it", async () => {
    const c = (await findPublicCampaign(fixture.db, "asean-engage-nug", "en"))!;
    const nameEnc = Buffer.from(crypto.encrypt('=HYPERLINK("http://evil")'));
    const emailEnc = Buffer.from(crypto.encrypt("consenting@example.org"));
    await sql`insert into signatures (campaign_id, email_hmac, email_enc, name_enc, country, locale, consent_updates, show_name, status, confirmed_at)
              select ${c.id}, decode(md5(i::text), 'hex'), ${emailEnc}, ${nameEnc}, 'MM', 'my', i % 2 = 0, false, 'confirmed', now()
              from generate_series(1, 200000) as i`.execute(fixture.db);
    await sql`insert into signature_counts (campaign_id, country, shard, n) values (${c.id}, 'MM', 0, 200000)`.execute(fixture.db);

    const mod = await import(path.join(routesDir, "dashboard.campaigns.$slug.signatures[.]csv.tsx"));
    const request = new Request("http://padauk.test/dashboard/campaigns/asean-engage-nug/signatures.csv", { headers: { Cookie: cookies.admin } });
    const res = (await mod.loader({ request, params: { slug: "asean-engage-nug" }, context: fixture.context })) as Response;
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");

    // Memory still in use (after a garbage collection), sampled as the download goes.
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc).toBeTypeOf("function");
    const live = () => {
      gc!();
      return process.memoryUsage().heapUsed;
    };
    const before = live();
    let peak = before;
    let chunks = 0;
    let lines = 0;
    let first = "";
    let sample = "";
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (!first) first = text.split("\n")[0];
      if (!sample && lines > 0) sample = text.split("\n")[0];
      lines += text.split("\n").length - 1;
      if (++chunks % 25 === 0) peak = Math.max(peak, live());
    }
    expect(first.replace("\uFEFF", "")).toBe("name,country,language,confirmed_at,email");
    expect(lines).toBe(200_001);
    // Live memory never grew by more than 16 MiB (the CSV alone is about 15 MiB; all rows held at once would be several times that).
    expect(peak - before).toBeLessThan(16 * 1024 * 1024);
    console.log(`export: ${lines - 1} rows, ${chunks} chunks, live heap growth at most ${((peak - before) / 1048576).toFixed(1)} MiB`);
    expect(sample).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)",MM,my,/);

    const row = await fixture.db.selectFrom("audit_log").select(["action", "subject", "row_count"]).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(row).toEqual({ action: "export.signatures_with_email", subject: "asean-engage-nug", row_count: 200_000 });
  }, 180_000);

  it("gives organisers no email column, and admins only consenting signers' addresses", async () => {
    await signAs(fixture.db, crypto, { slug: "arms-embargo", email: "consents@example.org", consentUpdates: true });
    await confirmSignature(fixture.db, await latestConfirmToken(fixture.db, crypto));
    await signAs(fixture.db, crypto, { slug: "arms-embargo", email: "private@example.org", consentUpdates: false });
    await confirmSignature(fixture.db, await latestConfirmToken(fixture.db, crypto));
    const mod = await import(path.join(routesDir, "dashboard.campaigns.$slug.signatures[.]csv.tsx"));
    const csv = async (cookie: string) =>
      (
        await (
          (await mod.loader({
            request: new Request("http://padauk.test/x", { headers: { Cookie: cookie } }),
            params: { slug: "arms-embargo" },
            context: fixture.context,
          })) as Response
        ).text()
      ).replace("\uFEFF", "");
    const asMember = await csv(cookies.member);
    expect(asMember.split("\n")[0]).toBe("name,country,language,confirmed_at");
    expect(asMember).not.toContain("@example.org");
    const asAdmin = await csv(cookies.admin);
    expect(asAdmin).toContain("consents@example.org");
    expect(asAdmin).not.toContain("private@example.org");
  });

  it("keeps sessions server-side: an organiser found by session id carries no password material", async () => {
    const cookie = await organiserCookie("shape@example.org", "organiser");
    const { sessionIdFrom } = await import("../../app/web/auth.server");
    const id = await sessionIdFrom(new Request("http://padauk.test/", { headers: { Cookie: cookie } }), fixture.context);
    expect(await organiserForSession(fixture.db, crypto, id!)).toEqual({
      id: expect.any(Number),
      role: "organiser",
      email: "shape@example.org",
      partnerId: null,
    });
    const stored = await fixture.db.selectFrom("organiser_sessions").select("id_hash").execute();
    expect(stored.every((s) => !Buffer.from(s.id_hash).toString().includes(id!))).toBe(true);
  });
});
