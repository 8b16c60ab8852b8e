import { describe, expect, it } from "vitest";
import { checkTargetCsv } from "../../app/services/target-import.server";

const header = "name,role,organisation,country,area,language,email";

describe("target CSV check", () => {
  it("accepts a valid file, in any column order, with quoted fields and a BOM", () => {
    const csv = `\uFEFFemail,name,role,organisation,country,area,language
ps@example.org,"Permanent Secretary, Foreign Affairs",Permanent Secretary,Ministry of Foreign Affairs,th,,th;en
mp@example.org,A Member of Parliament,Member of Parliament,Parliament,GB,Bristol West,en
`;
    const { rows, problems } = checkTargetCsv(csv);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        name: "Permanent Secretary, Foreign Affairs",
        role: "Permanent Secretary",
        organisation: "Ministry of Foreign Affairs",
        country: "TH",
        area: null,
        languages: ["th", "en"],
        email: "ps@example.org",
      },
      {
        name: "A Member of Parliament",
        role: "Member of Parliament",
        organisation: "Parliament",
        country: "GB",
        area: "Bristol West",
        languages: ["en"],
        email: "mp@example.org",
      },
    ]);
  });

  it("reports every bad row by line number and reason", () => {
    const csv = `${header}
Good,Role,Org,FR,,fr,good@example.org
Bad email,Role,Org,FR,,fr,not-an-address
Bad country,Role,Org,XX,,fr,bad-country@example.org
Twice,Role,Org,FR,,fr,GOOD@example.org
,Role,Org,FR,,fr,noname@example.org
`;
    const { problems } = checkTargetCsv(csv, new Set(["existing@example.org"]));
    expect(problems).toEqual([
      { line: 3, reason: "invalid email address" },
      { line: 4, reason: 'unknown country code "XX"' },
      { line: 5, reason: "duplicate: GOOD@example.org is also on line 2" },
      { line: 6, reason: "name is missing" },
    ]);
    expect(checkTargetCsv(`${header}\nA,R,O,FR,,fr,existing@example.org\n`, new Set(["existing@example.org"])).problems).toEqual([
      { line: 2, reason: "duplicate: existing@example.org is already on this list" },
    ]);
  });

  it("names missing columns and broken CSV", () => {
    expect(checkTargetCsv("name,email\nA,a@example.org\n").problems[0].reason).toMatch(/missing column\(s\): role, organisation, country, area, language/);
    expect(checkTargetCsv(`${header}\nA,R,O,FR,,fr\n`).problems[0].reason).toMatch(/not valid CSV/);
  });
});
