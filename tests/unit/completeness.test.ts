import { describe, expect, it } from "vitest";
import { isWritten, missingFields } from "../../app/models/campaign-admin.server";
import { missingUpdateFields } from "../../app/models/update.server";

describe("what counts as written", () => {
  it("is what trim() leaves: the same whitespace the public query's SQL pattern lists", () => {
    // Every character of the Basic Multilingual Plane: written alone exactly when trim() keeps it.
    const disagree: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // lone surrogates are no text
      const ch = String.fromCharCode(c);
      if (isWritten(ch) !== (ch.trim() !== "")) disagree.push(c.toString(16));
    }
    expect(disagree).toEqual([]);
    expect([isWritten(""), isWritten(null), isWritten(" \u00a0\u3000\n"), isWritten(" x ")]).toEqual([false, false, false, true]);
  });

  it("a language lacks the fields its readers would see empty; the letter only with officials to write to", () => {
    const text = { title: "T", summary: "S", body: " ", demand: "", addressed_to: "A", message_subject: "", message_body: "" };
    expect(missingFields(text, false)).toEqual(["body", "demand"]);
    expect(missingFields(text, true)).toEqual(["body", "demand", "message_subject", "message_body"]);
    expect(missingFields(undefined, false)).toEqual(["title", "summary", "body", "demand", "addressed_to"]);
    expect(missingUpdateFields({ title: "ရုံးချိန်းရွှေ့", body: "\u00a0" })).toEqual(["body"]);
    expect(missingUpdateFields({ title: "T", body: "B" })).toEqual([]);
  });
});
