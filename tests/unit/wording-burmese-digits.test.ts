import { describe, expect, it } from "vitest";
import { clone, loadLocales, NAMESPACES, notProse, type Flat } from "../helpers/wording-scan";

/**
 * Wording rule (d), which the locale files must keep: Burmese strings have no Latin digits, and
 * the numbers they receive are formatted in Burmese digits. Checked by a function of plain data,
 * so the check is also shown failing on a deliberately broken copy. (The other wording rules:
 * tests/unit/wording-*.test.ts.)
 */

/**
 * Placeholders that receive numbers. In Burmese they must be formatted (`{{max, number}}`), which
 * writes Burmese digits (app/lib/i18n.ts formatNumber); a bare `{{max}}` prints Latin digits.
 */
const NUMERIC_PLACEHOLDERS = ["count", "goal", "targets", "sent", "signed", "max", "min", "days", "hours", "minutes", "usual", "line"];

function burmeseDigitProblems(my: Record<string, Flat>): string[] {
  const problems: string[] = [];
  for (const ns of NAMESPACES) {
    for (const [key, text] of Object.entries(my[ns])) {
      // Exceptions, each not Burmese text: placeholders, web addresses, and the Markdown syntax hint's link target.
      const rest = notProse(text);
      if (/[0-9]/.test(rest)) problems.push(`my/${ns} ${key}: Latin digits in "${text}"`);
      for (const m of text.matchAll(/\{\{\s*(\w+)\s*(,\s*(\w+))?\s*\}\}/g)) {
        if (NUMERIC_PLACEHOLDERS.includes(m[1]) && m[3] !== "number")
          problems.push(`my/${ns} ${key}: {{${m[1]}}} prints Latin digits; write {{${m[1]}, number}}`);
      }
    }
  }
  return problems;
}

const locales = loadLocales();

describe("wording", () => {
  it("(d) Burmese strings have no Latin digits, and their numbers are formatted in Burmese digits", () => {
    expect(burmeseDigitProblems(locales.my)).toEqual([]);
    const broken = clone(locales.my);
    broken.common["write.bodyHint"] = "စာလုံး 5000 အထိ";
    broken.dashboard["errors.tooLong"] = "စာလုံး {{max}} အထိ";
    // Placeholders and web addresses are not Burmese text.
    broken.dashboard["translations.markdownHint"] = "[link](https://example.org/2fa) {{count, number}}";
    expect(burmeseDigitProblems(broken)).toEqual([
      'my/common write.bodyHint: Latin digits in "စာလုံး 5000 အထိ"',
      "my/dashboard errors.tooLong: {{max}} prints Latin digits; write {{max, number}}",
    ]);
  });
});
