import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicSigningPath } from "../../app/lib/i18n";
import { send } from "../helpers/http";
import { startServer, type RunningServer } from "../helpers/server";

/**
 * Partner sites post the public signing form from their own origin (docs/api.md, "The signing
 * form from partner sites"). The rule that lets them must read the language segment as a BCP 47
 * tag of any length: Shan is `shn`, S'gaw Karen `ksw`. Matched only on two letters, a post to a
 * three-letter route was refused as cross-origin before it reached the page.
 */
const PARTNER = { Origin: "https://partner.example" };
const form = { name: "A supporter in Mae Sot", email: "a.supporter@example.org", country: "TH" };

describe("the Origin rule for partner sites takes language tags of any length", () => {
  it("reads every BCP 47 language segment in a campaign path, and nothing else", () => {
    for (const tag of ["en", "my", "shn", "ksw", "mnw", "zh-Hans", "rhg-Latn", "sr-Latn-RS"]) {
      expect(isPublicSigningPath(`/${tag}/campaigns/arms-embargo`), tag).toBe(true);
      expect(isPublicSigningPath(`/${tag}/campaigns/arms-embargo/`), tag).toBe(true);
    }
    for (const path of [
      "/english/campaigns/arms-embargo",
      "/e/campaigns/arms-embargo",
      "/en/campaigns/arms-embargo/write",
      "/en/campaigns/",
      "/dashboard/campaigns/arms-embargo",
      "/shn/my-data",
    ]) {
      expect(isPublicSigningPath(path), path).toBe(false);
    }
  });

  describe("on a running server", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("a partner's post on a two-letter route signs", async () => {
      const res = await send(server.baseUrl, "POST", "/en/campaigns/arms-embargo", { form, headers: PARTNER });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe("/en/campaigns/arms-embargo/signed");
    });

    it("a partner's post on a three-letter route passes the Origin rule and reaches the page (no such language yet: 404)", async () => {
      const res = await send(server.baseUrl, "POST", "/shn/campaigns/arms-embargo", {
        form: { ...form, email: "another.supporter@example.org" },
        headers: PARTNER,
      });
      expect(res.status).toBe(404);
      const refused = await send(server.baseUrl, "POST", "/en/campaigns/arms-embargo/write", { form, headers: PARTNER });
      // The control: any other public form from a foreign origin is still refused by the rule.
      expect(refused.status).toBe(403);
      expect(res.body).not.toBe(refused.body);
    });
  });
});
