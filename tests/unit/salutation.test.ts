import { describe, expect, it } from "vitest";
import { salutationKind } from "../../emails/target-message";
import { checkTargetCsv } from "../../app/services/target-import.server";
import { seedTargetLists } from "../../db/seed/targets";

const kinds = (slug: string) => {
  const out: Record<string, number> = {};
  for (const x of seedTargetLists.find((l) => l.slug === slug)!.targets) {
    const k = salutationKind(x);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

describe("how a letter addresses an official", () => {
  it("addresses every seeded mission as an ambassador and every seeded ministry as a minister", () => {
    expect(kinds("un-security-council")).toEqual({ ambassador: 15 });
    expect(kinds("asean-foreign-ministries")).toEqual({ minister: 10 });
    // Among them the Foreign Secretary, the Secretary of State, the Secretary of Foreign Affairs and the Swiss head of department.
    expect(kinds("national-governments")).toEqual({ minister: 25 });
  });

  it("tells ambassadors, ministers, names and bare roles apart by role and name", () => {
    const kind = (name: string, role: string, salutation?: string | null) => salutationKind({ name, role, salutation });
    expect(kind("Member for Testshire", "Ambassador and Permanent Representative")).toBe("ambassador");
    expect(kind("Member for Testshire", "Ambassador of Testland to Thailand")).toBe("ambassador");
    expect(kind("Member for Testshire", "Deputy Minister of Foreign Affairs")).toBe("minister");
    expect(kind("Member for Testshire", "Secretary of State for Testland")).toBe("minister");
    expect(kind("The Prime Minister", "Prime Minister")).toBe("sir-or-madam");
    expect(kind("Member for Testshire", "Prime Minister")).toBe("name");
    expect(kind("Member for Testshire", "Deputy Prime Minister and Minister of Foreign Affairs")).toBe("minister");
    expect(kind("Member for Testshire", "Member of Parliament")).toBe("name");
    // A name that begins with the role is only the role.
    expect(kind("Senator for Testshire", "Senator")).toBe("sir-or-madam");
    expect(kind("The Office of the Testland Ombudsman", "Ombudsman")).toBe("sir-or-madam");
    expect(kind("Permanent Secretary, Foreign Affairs", "Permanent Secretary")).toBe("sir-or-madam");
    // A permanent secretary is a civil servant, not a minister.
    expect(kind("Member for Testshire", "Permanent Secretary of the Ministry of Foreign Affairs")).toBe("name");
    // An organiser's choice wins; anything else in the column is ignored.
    expect(kind("Foreign Affairs Office of Testland", "Director-General", "minister")).toBe("minister");
    expect(kind("The Minister for Foreign Affairs", "Minister for Foreign Affairs", "sir-or-madam")).toBe("sir-or-madam");
    expect(kind("The Minister for Foreign Affairs", "Minister for Foreign Affairs", "excellency")).toBe("minister");
  });

  it("reads an optional salutation column on import, and names a bad value by line", () => {
    const header = "name,role,organisation,country,area,language,email,salutation";
    const { rows, problems } = checkTargetCsv(
      [
        header,
        "Member for Testshire,Member of Parliament,Parliament,GB,,en,mp@example.org,",
        "Testland Office,Director,Office,GB,,en,office@example.org, Ambassador ",
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.salutation)).toEqual([undefined, "ambassador"]);
    expect(checkTargetCsv(`${header}\nA,R,O,GB,,en,a@example.org,excellency\n`).problems).toEqual([
      { line: 2, reason: "salutation must be empty or one of minister, ambassador, name, sir-or-madam" },
    ]);
  });
});
