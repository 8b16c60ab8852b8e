import { describe, expect, it } from "vitest";
import { isZawgyi, normalizeText } from "../../app/services/text.server";

describe("Zawgyi to Unicode", () => {
  it("converts a real Zawgyi sentence", () => {
    // "Freedom for political prisoners" typed with a Zawgyi keyboard.
    const zawgyi = "ႏိုင္ငံေရးအက်ဥ္းသားမ်ား လြတ္ေျမာက္ေရး";
    expect(isZawgyi(zawgyi)).toBe(true);
    expect(normalizeText(zawgyi)).toBe("နိုင်ငံရေးအကျဉ်းသားများ လွတ်မြောက်ရေး");
    expect(normalizeText("ျမန္မာ")).toBe("မြန်မာ");
  });

  it("leaves Unicode Burmese alone (converting it would corrupt it)", () => {
    for (const s of ["အောင်", "မြန်မာနိုင်ငံ", "နိုင်ငံရေးအကျဉ်းသားများ"]) {
      expect(isZawgyi(s)).toBe(false);
      expect(normalizeText(s)).toBe(s);
    }
  });

  it("NFC-normalises and trims other scripts", () => {
    expect(normalizeText("  Jose\u0301  ")).toBe("Jos\u00e9");
    expect(normalizeText("O'Brien")).toBe("O'Brien");
  });
});
