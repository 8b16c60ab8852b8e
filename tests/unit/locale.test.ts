import { describe, expect, it } from "vitest";
import { languageCookie, negotiateLanguage } from "../../app/lib/i18n.server";

const req = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

describe("language negotiation for /", () => {
  it("follows Accept-Language, by quality and by base language", async () => {
    expect(await negotiateLanguage(req({ "Accept-Language": "my-MM,my;q=0.9,en;q=0.8" }))).toBe("my");
    expect(await negotiateLanguage(req({ "Accept-Language": "fr-CA,fr;q=0.9" }))).toBe("fr");
    expect(await negotiateLanguage(req({ "Accept-Language": "de-DE,th;q=0.5" }))).toBe("th");
    expect(await negotiateLanguage(req({ "Accept-Language": "es-419" }))).toBe("es");
  });

  it("falls back to English for unsupported or missing languages and for junk", async () => {
    expect(await negotiateLanguage(req({ "Accept-Language": "de-DE" }))).toBe("en");
    expect(await negotiateLanguage(req({}))).toBe("en");
    expect(await negotiateLanguage(req({ "Accept-Language": ";;;q=abc,,," }))).toBe("en");
  });

  it("prefers an explicit choice remembered in the cookie", async () => {
    const cookie = await languageCookie.serialize("id");
    expect(await negotiateLanguage(req({ "Accept-Language": "my", Cookie: cookie }))).toBe("id");
    // A cookie naming a language we do not have is ignored.
    const bad = await languageCookie.serialize("xx");
    expect(await negotiateLanguage(req({ "Accept-Language": "my", Cookie: bad }))).toBe("my");
  });
});
