import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto } from "../../app/lib/crypto.server";
import { closeCampaign, findPublicCampaign } from "../../app/models/campaign.server";
import { confirmSignature } from "../../app/models/confirming.server";
import * as campaignRoute from "../../app/routes/$lang.campaigns.$slug";
import * as apiList from "../../app/routes/api.v1.campaigns";
import * as apiOne from "../../app/routes/api.v1.campaigns.$slug";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { latestConfirmToken, signAs } from "../helpers/signing";

let t: TestDatabase;
let context: AppLoadContext;
const crypto = createCrypto("routes-secret-of-at-least-32-characters!!");

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  context = testContext(t.db, crypto);
});
afterAll(async () => {
  await t?.close();
});

const args = (request: Request, params: Record<string, string>) => ({ request, params, context });
const post = (url: string, fields: Record<string, string>) => new Request(`http://localhost${url}`, { method: "POST", body: new URLSearchParams(fields) });

/** Results of route functions are Responses or single-fetch `data()` objects. */
function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  const init = (result as { init?: { status?: number } }).init;
  return init?.status ?? 200;
}

async function signAndConfirm(slug: string, email: string, country: string) {
  await signAs(t.db, crypto, { slug, email, country });
  await confirmSignature(t.db, await latestConfirmToken(t.db, crypto));
}

describe("routes", () => {
  it("the JSON API reports confirmed signatures and folds small countries into 'other'", async () => {
    for (let i = 0; i < 11; i++) await signAndConfirm("icc-referral", `api-mm-${i}@example.org`, "MM");
    for (let i = 0; i < 2; i++) await signAndConfirm("icc-referral", `api-fr-${i}@example.org`, "FR");
    await signAndConfirm("icc-referral", "api-de@example.org", "DE");

    const one = (await apiOne.loader(args(new Request("http://localhost/api/v1/campaigns/icc-referral"), { slug: "icc-referral" }))) as Response;
    expect(one.status).toBe(200);
    const body = await one.json();
    expect(body).toMatchObject({ slug: "icc-referral", status: "open", goal: 50000, signatureCount: 14 });
    expect(body.signaturesByCountry).toEqual({ MM: 11, other: 3 });
    expect(Object.keys(body.titles)).toEqual(expect.arrayContaining(["en", "my", "fr", "es"]));

    const list = (await apiList.loader(args(new Request("http://localhost/api/v1/campaigns"), {}))) as Response;
    const all = (await list.json()).campaigns as { slug: string; signatureCount: number }[];
    expect(all.find((c) => c.slug === "icc-referral")!.signatureCount).toBe(14);
    expect(all.find((c) => c.slug === "arms-embargo")!.signatureCount).toBe(0);

    const missing = (await apiOne.loader(args(new Request("http://localhost/api/v1/campaigns/nope"), { slug: "nope" }))) as Response;
    expect(missing.status).toBe(404);
  });

  it("a closed campaign refuses new signatures politely and stores nothing", async () => {
    const c = (await findPublicCampaign(t.db, "asean-engage-nug", "en"))!;
    await closeCampaign(t.db, c.id);
    const result = await campaignRoute.action(
      args(post("/es/campaigns/asean-engage-nug", { name: "Una firmante", email: "closed@example.org", country: "ES" }), {
        lang: "es",
        slug: "asean-engage-nug",
      }),
    );
    expect(statusOf(result)).toBe(409);
    expect((result as { data: { formError: string } }).data.formError).toBe("campaignClosed");
    const rows = await t.db.selectFrom("signatures").select("id").where("campaign_id", "=", c.id).execute();
    expect(rows).toHaveLength(0);
  });

  it("a filled honeypot gets the normal answer and stores nothing", async () => {
    const before = await t.db.selectFrom("signatures").select("id").execute();
    const result = await campaignRoute.action(
      args(post("/en/campaigns/arms-embargo", { name: "Bot", email: "bot@example.org", country: "US", website: "http://spam" }), {
        lang: "en",
        slug: "arms-embargo",
      }),
    );
    expect(statusOf(result)).toBe(303);
    expect((result as Response).headers.get("Location")).toBe("/en/campaigns/arms-embargo/signed");
    expect(await t.db.selectFrom("signatures").select("id").execute()).toHaveLength(before.length);
  });

  it("an unknown language or campaign is a 404, not a 500", async () => {
    await expect(campaignRoute.loader(args(new Request("http://localhost/xx/campaigns/arms-embargo"), { lang: "xx", slug: "arms-embargo" }))).rejects.toSatisfy(
      (e: unknown) => statusOf(e) === 404,
    );
    await expect(campaignRoute.loader(args(new Request("http://localhost/en/campaigns/zzz"), { lang: "en", slug: "zzz" }))).rejects.toSatisfy(
      (e: unknown) => statusOf(e) === 404,
    );
  });
});

describe("captured mail viewer", () => {
  it("is not there for a client on another machine, nor when mail goes out over SMTP", async () => {
    const devMail = await import("../../app/routes/dev.mail._index");
    const req = new Request("http://localhost/dev/mail");
    const remote = { ...context, mailCaptureDir: "/tmp", clientIsLoopback: false };
    await expect(devMail.loader({ request: req, params: {}, context: remote })).rejects.toSatisfy((e: unknown) => statusOf(e) === 404);
    const smtp = { ...context, mailCaptureDir: null, clientIsLoopback: true };
    await expect(devMail.loader({ request: req, params: {}, context: smtp })).rejects.toSatisfy((e: unknown) => statusOf(e) === 404);
  });
});
