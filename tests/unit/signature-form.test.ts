import { describe, expect, it } from "vitest";
import { parseSignatureForm } from "../../app/schemas/signature.server";

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}
const valid = { name: "A signer", email: "signer@example.org", country: "MM" };

describe("the signing form", () => {
  it("accepts a valid signature and normalises it", () => {
    const r = parseSignatureForm(form({ ...valid, name: "  ေအာင္ ", country: "mm", consent_updates: "on" }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toEqual({
        name: "အောင်",
        email: "signer@example.org",
        country: "MM",
        consent_updates: true,
        show_name: false,
        source: null,
        partner: null,
        consent_partner: false,
      });
    }
  });

  it("keeps a well-formed partner slug and the partner's own consent, and drops a malformed slug", () => {
    const r = parseSignatureForm(form({ ...valid, partner: "bangkok-rights", consent_partner: "on" }));
    expect(r.ok && r.value.partner).toBe("bangkok-rights");
    expect(r.ok && r.value.consent_partner).toBe(true);
    const bad = parseSignatureForm(form({ ...valid, partner: "<script>", consent_partner: "on" }));
    expect(bad.ok && bad.value.partner).toBe(null);
  });

  it("keeps names with apostrophes, quotes, angle brackets and SQL keywords as text", () => {
    for (const name of ["O'Brien", 'Aung "Ko" Min', "<b>Bold</b>", "Robert'); DROP TABLE signatures;--"]) {
      const r = parseSignatureForm(form({ ...valid, name }));
      expect(r.ok, name).toBe(true);
    }
  });

  const cases: [string, Record<string, string>, string, string][] = [
    ["missing name", { ...valid, name: "   " }, "name", "nameRequired"],
    ["10,000-character name", { ...valid, name: "a".repeat(10_000) }, "name", "nameTooLong"],
    ["name with a link", { ...valid, name: "Cheap pills https://spam.example" }, "name", "nameHasLink"],
    ["name with a domain", { ...valid, name: "visit spam.com now" }, "name", "nameHasLink"],
    ["name with control characters", { ...valid, name: "Ann\u0000e" }, "name", "nameInvalid"],
    ["name with a bidi override", { ...valid, name: "Ann\u202Ee" }, "name", "nameInvalid"],
    ["invalid email", { ...valid, email: "not-an-email" }, "email", "emailInvalid"],
    ["missing email", { ...valid, email: "" }, "email", "emailRequired"],
    ["missing country", { ...valid, country: "" }, "country", "countryRequired"],
    ["unknown country", { ...valid, country: "XX" }, "country", "countryUnknown"],
  ];
  for (const [label, fields, field, key] of cases) {
    it(`rejects a ${label} with a message for that field`, () => {
      const r = parseSignatureForm(form(fields));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[field as "name"]).toBe(key);
    });
  }

  it("returns what was typed, bounded", () => {
    const r = parseSignatureForm(form({ ...valid, name: "a".repeat(10_000), show_name: "on" }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.values.name.length).toBe(1000);
      expect(r.values.email).toBe(valid.email);
      expect(r.values.show_name).toBe(true);
    }
  });

  it("treats a missing field (a hand-made POST) as missing, not as a crash", () => {
    const r = parseSignatureForm(new FormData());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["country", "email", "name"]);
  });
});

describe("the source tag", () => {
  it("keeps a campaign link's tag and drops anything that is not one", () => {
    const ok = parseSignatureForm(form({ ...valid, source: "Partner-X" }));
    expect(ok.ok && ok.value.source).toBe("partner-x");
    const bad = parseSignatureForm(form({ ...valid, source: "<script>alert(1)</script>" }));
    expect(bad.ok && bad.value.source).toBe(null);
  });
});
