import { describe, expect, it } from "vitest";
import { isZawgyi, normalizeText } from "../../app/lib/text.server";

describe("Zawgyi to Unicode", () => {
  // "Freedom for political prisoners" typed with a Zawgyi keyboard, and the same in Unicode.
  const zawgyi = "ႏိုင္ငံေရးအက်ဥ္းသားမ်ား လြတ္ေျမာက္ေရး";
  const unicode = "နိုင်ငံရေးအကျဉ်းသားများ လွတ်မြောက်ရေး";

  it("converts a real Zawgyi sentence", () => {
    expect(isZawgyi(zawgyi)).toBe(true);
    expect(normalizeText(zawgyi)).toBe(unicode);
    expect(normalizeText("ျမန္မာ")).toBe("မြန်မာ");
  });

  it("leaves Unicode Burmese alone (converting it would corrupt it)", () => {
    for (const s of ["အောင်", "မြန်မာနိုင်ငံ", "နိုင်ငံရေးအကျဉ်းသားများ"]) {
      expect(isZawgyi(s)).toBe(false);
      expect(normalizeText(s)).toBe(s);
    }
  });

  it("decides line by line: one Zawgyi line in a Unicode field is converted, the rest kept as typed", () => {
    const field = `${unicode}\r\n${zawgyi}\n\nFree them all`;
    expect(isZawgyi(field)).toBe(true);
    expect(normalizeText(field)).toBe(`${unicode}\r\n${unicode}\n\nFree them all`);
    expect(isZawgyi(`${unicode}\nFree them all`)).toBe(false);
  });

  it("NFC-normalises and trims other scripts", () => {
    expect(normalizeText("  Jose\u0301  ")).toBe("Jos\u00e9");
    expect(normalizeText("O'Brien")).toBe("O'Brien");
  });
});
