import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto } from "../../app/lib/crypto.server";
import { checkTotp, totpCode, totpStatus } from "../../app/models/totp.server";
import { inviteOrganiser, passwordTokenOwner } from "../../app/models/organiser.server";
import * as security from "../../app/routes/dashboard.security";
import * as setPassword from "../../app/routes/set-password.$token";
import * as signaturesCsv from "../../app/routes/dashboard.campaigns.$slug.signatures[.]csv";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { dashboardPost, organiserSession } from "../helpers/organisers";
import { signAs, latestConfirmToken } from "../helpers/signing";
import { confirmSignature } from "../../app/models/confirming.server";

let t: TestDatabase;
let context: AppLoadContext;
const crypto = createCrypto("organiser-security-secret-of-at-least-32-chars");

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto);
});
afterAll(async () => {
  await t?.close();
});

const statusOf = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
const errorOf = (r: unknown) => (r as { data?: { error?: string } }).data?.error ?? (r as { error?: string }).error;
const auditActions = async (organiserId: number) =>
  (await t.db.selectFrom("audit_log").select("action").where("organiser_id", "=", organiserId).orderBy("id").execute()).map((r) => r.action);

/** The security page's form, posted by the signed-in organiser. */
function securityPost(s: { cookie: string; csrf: string }, fields: Record<string, string>) {
  return security.action({ request: dashboardPost("/dashboard/security", s, Object.entries(fields)), params: {}, context } as never);
}

describe("two-step login changes", () => {
  it("need a current code to start over, move to a new phone or turn off, and the old secret works until the new one is confirmed", async () => {
    const s = await organiserSession(t.db, crypto, context, "careful-organiser@example.org", "organiser");
    const begun = (await securityPost(s, { intent: "begin" })) as { secret: string };
    const now = Date.now();
    expect(await securityPost(s, { intent: "confirm", code: totpCode(begun.secret, now) })).toEqual({ changed: "on" });
    expect(await totpStatus(t.db, s.id)).toBe("on");

    // A session alone (someone at an unlocked laptop) can neither start over nor turn it off.
    for (const intent of ["begin", "disable"]) {
      const refused = await securityPost(s, { intent });
      expect(statusOf(refused), intent).toBe(400);
      expect(errorOf(refused)).toBe("wrong");
      expect(await totpStatus(t.db, s.id)).toBe("on");
    }
    // With a current code, a new key is issued, but the old one still counts until confirmed.
    const moved = (await securityPost(s, { intent: "begin", code: totpCode(begun.secret, now + 30_000) })) as { secret: string };
    expect(moved.secret).not.toBe(begun.secret);
    expect(await totpStatus(t.db, s.id)).toBe("on");
    expect(await checkTotp(t.db, crypto, s.id, totpCode(begun.secret, now + 60_000), now + 60_000)).toBe(true);
    expect(await checkTotp(t.db, crypto, s.id, totpCode(moved.secret, now + 90_000), now + 90_000)).toBe(false);
    // Confirmed with a code from the new key: now only the new one works.
    expect(await securityPost(s, { intent: "confirm", code: totpCode(moved.secret) })).toEqual({ changed: "replaced" });
    expect(await checkTotp(t.db, crypto, s.id, totpCode(begun.secret, Date.now() + 30_000), Date.now() + 30_000)).toBe(false);
    // Turning it off needs a code too.
    expect(await securityPost(s, { intent: "disable", code: totpCode(moved.secret, Date.now() + 30_000) })).toEqual({ changed: "off" });
    expect(await totpStatus(t.db, s.id)).toBe("off");

    expect(await auditActions(s.id)).toEqual([
      "security.totp_begun",
      "security.totp_on",
      "security.totp_code_refused",
      "security.totp_code_refused",
      "security.totp_reenrol_begun",
      "security.totp_replaced",
      "security.totp_off",
    ]);
  });

  it("throttles wrong codes on the security page like login (5 per account), then refuses even a right one", async () => {
    const s = await organiserSession(t.db, crypto, context, "guessed-organiser@example.org", "organiser");
    const begun = (await securityPost(s, { intent: "begin" })) as { secret: string };
    expect(await securityPost(s, { intent: "confirm", code: totpCode(begun.secret) })).toEqual({ changed: "on" });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(statusOf(await securityPost(s, { intent: "disable", code: String(100000 + i) })));
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const right = await securityPost(s, { intent: "disable", code: totpCode(begun.secret, Date.now() + 30_000) });
    expect(statusOf(right)).toBe(429);
    expect(errorOf(right)).toBe("throttled");
    expect(await totpStatus(t.db, s.id)).toBe("on");
  });

  it("accepts one code once when two submissions of it arrive together", async () => {
    const s = await organiserSession(t.db, crypto, context, "double-submit@example.org", "organiser");
    const begun = (await securityPost(s, { intent: "begin" })) as { secret: string };
    expect(await securityPost(s, { intent: "confirm", code: totpCode(begun.secret) })).toEqual({ changed: "on" });
    const later = Date.now() + 30_000;
    const code = totpCode(begun.secret, later);
    for (let round = 0; round < 5; round++) {
      const at = later + round * 30_000;
      const c = round === 0 ? code : totpCode(begun.secret, at);
      const results = await Promise.all([checkTotp(t.db, crypto, s.id, c, at), checkTotp(t.db, crypto, s.id, c, at), checkTotp(t.db, crypto, s.id, c, at)]);
      expect(results.filter(Boolean), `round ${round}`).toHaveLength(1);
    }
  });
});

describe("set-password links", () => {
  const use = (token: string, password: string) =>
    setPassword.action({
      request: new Request(`http://padauk.test/set-password/${token}`, { method: "POST", body: new URLSearchParams({ password, confirm: password }) }),
      params: { token },
      context,
    } as never);

  it("a new link replaces the old ones, using one spends the others, and the organiser is logged in", async () => {
    const first = await inviteOrganiser(t.db, crypto, "relinked@example.org", "organiser");
    const second = await inviteOrganiser(t.db, crypto, "relinked@example.org", "organiser");
    expect(await passwordTokenOwner(t.db, crypto, first)).toBeNull();
    expect(await passwordTokenOwner(t.db, crypto, second)).toBe("relinked@example.org");
    expect(statusOf(await use(first, "monsoon clouds over the Salween"))).toBe(410);

    // A guessable password is refused with the link still usable.
    const weak = await use(second, "password1234");
    expect(statusOf(weak)).toBe(400);
    expect(errorOf(weak)).toBe("passwordWeak");
    expect(await passwordTokenOwner(t.db, crypto, second)).toBe("relinked@example.org");

    // Two links outstanding at once (issued in one transaction each, e.g. by two admins): using one spends both.
    const organiserId = (await t.db.selectFrom("password_tokens").select("organiser_id").orderBy("expires_at", "desc").limit(1).executeTakeFirstOrThrow())
      .organiser_id;
    const third = await inviteOrganiser(t.db, crypto, "relinked@example.org", "organiser");
    await sql`update password_tokens set used_at = null where organiser_id = ${organiserId}`.execute(t.db);
    const done = (await use(third, "monsoon clouds over the Salween")) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/dashboard");
    expect(done.headers.get("Set-Cookie")).toMatch(/^padauk_session=[^;]+;/);
    for (const token of [first, second, third]) expect(await passwordTokenOwner(t.db, crypto, token)).toBeNull();
    expect(statusOf(await use(second, "another long passphrase of mine"))).toBe(410);
  });

  it("with two-step login on, setting a password leads to the code form, not to a session", async () => {
    const s = await organiserSession(t.db, crypto, context, "reset-with-2fa@example.org", "organiser");
    const begun = (await securityPost(s, { intent: "begin" })) as { secret: string };
    expect(await securityPost(s, { intent: "confirm", code: totpCode(begun.secret) })).toEqual({ changed: "on" });
    const token = await inviteOrganiser(t.db, crypto, "reset-with-2fa@example.org", "organiser");
    const done = (await use(token, "tea leaves drying on a bamboo mat")) as Response;
    expect(done.headers.get("Location")).toBe("/login/code?next=%2Fdashboard");
    expect(done.headers.get("Set-Cookie")).toMatch(/^padauk_2fa=/);
    expect(done.headers.get("Set-Cookie")).not.toMatch(/padauk_session=/);
  });
});

describe("exports and the audit log", () => {
  it("an export is on the audit log before its first row leaves, even if the reader stops at once", async () => {
    const admin = await organiserSession(t.db, crypto, context, "export-admin@example.org", "admin");
    await signAs(t.db, crypto, { email: "exported-signer@example.org", slug: "arms-embargo" });
    await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
    const res = (await signaturesCsv.loader({
      request: new Request("http://padauk.test/dashboard/campaigns/arms-embargo/signatures.csv", { headers: { Cookie: admin.cookie } }),
      params: { slug: "arms-embargo" },
      context,
    } as never)) as Response;
    // The reader takes the header and goes away.
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    const rows = await t.db
      .selectFrom("audit_log")
      .select(["action", "subject", "row_count", "completed_at"])
      .where("organiser_id", "=", admin.id)
      .where("action", "like", "export.%")
      .execute();
    expect(rows).toEqual([{ action: "export.signatures_with_email", subject: "arms-embargo", row_count: null, completed_at: null }]);

    // Read to the end, the row is completed with the count.
    const full = (await signaturesCsv.loader({
      request: new Request("http://padauk.test/dashboard/campaigns/arms-embargo/signatures.csv", { headers: { Cookie: admin.cookie } }),
      params: { slug: "arms-embargo" },
      context,
    } as never)) as Response;
    const lines = (await full.text()).trim().split("\n");
    const done = await t.db
      .selectFrom("audit_log")
      .select(["row_count", "completed_at"])
      .where("organiser_id", "=", admin.id)
      .where("action", "like", "export.%")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(done.row_count).toBe(lines.length - 1);
    expect(done.completed_at).not.toBeNull();
  });

  it("is append-only in the database: no row can be changed after it is complete, or deleted", async () => {
    const row = await t.db.selectFrom("audit_log").select(["id"]).where("completed_at", "is not", null).orderBy("id").limit(1).executeTakeFirstOrThrow();
    await expect(sql`update audit_log set subject = 'rewritten' where id = ${row.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set row_count = 0 where id = ${row.id}`.execute(t.db)).rejects.toThrow(/completed once/);
    await expect(sql`delete from audit_log where id = ${row.id}`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});
