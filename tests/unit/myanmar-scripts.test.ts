import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isZawgyi, normalizeText } from "../../app/lib/text.server";
import { LANGUAGE_NAMES, MINORITY_SAMPLES, UNICODE_BURMESE_SAMPLES, ZAWGYI_SAMPLES, type MinorityLanguage } from "../fixtures/myanmar-script-samples";

// The same module instance text.server.ts loads, to compare with the bare detector and to count its calls.
const require = createRequire(import.meta.url);
const { ZawgyiDetector, ZawgyiConverter } = require("myanmar-tools") as {
  ZawgyiDetector: { new (): { getZawgyiProbability(s: string): number }; prototype: { getZawgyiProbability(s: string): number } };
  ZawgyiConverter: new () => { zawgyiToUnicode(s: string): string };
};
const bareDetector = new ZawgyiDetector();
const converter = new ZawgyiConverter();
/** What the code did before: the whole text scored once, converted whole above 0.95. */
const oldRuleWouldCorrupt = (s: string) => bareDetector.getZawgyiProbability(s) > 0.95 && converter.zawgyiToUnicode(s) !== s;

const sample = (lang: MinorityLanguage, i = 0) => MINORITY_SAMPLES.filter((s) => s.lang === lang)[i].text;
const zawgyi = (i: number) => ZAWGYI_SAMPLES[i];

afterEach(() => vi.restoreAllMocks());

describe("text in the other languages of Myanmar is never converted", () => {
  it("has samples of every language it names", () => {
    expect([...new Set(MINORITY_SAMPLES.map((s) => s.lang))].sort()).toEqual(Object.keys(LANGUAGE_NAMES).sort());
  });

  it.each(MINORITY_SAMPLES.map((s) => [`${s.lang}: ${s.text.slice(0, 24)}`, s] as const))("%s", (_, s) => {
    expect(s.text).toBe(s.text.normalize("NFC"));
    expect(normalizeText(s.text)).toBe(s.text);
    expect(isZawgyi(s.text)).toBe(false);
  });

  it("includes, in all three Karen languages, Mon, Pa'O and Rakhine, lines the bare detector took for Zawgyi and the converter mangled", () => {
    const misread = new Set(MINORITY_SAMPLES.filter((s) => oldRuleWouldCorrupt(s.text)).map((s) => s.lang));
    expect([...misread].sort()).toEqual(["blk", "kjp", "ksw", "mnw", "pwo", "rki"]);
    // The review's example, exactly as reported.
    expect(bareDetector.getZawgyiProbability(sample("ksw"))).toBeCloseTo(0.978, 3);
  });

  it("keeps every sample intact when they are typed together, one per line", () => {
    const field = MINORITY_SAMPLES.map((s) => s.text).join("\n");
    expect(normalizeText(field)).toBe(field);
  });
});

describe("Zawgyi Burmese is converted", () => {
  it.each(ZAWGYI_SAMPLES.map((s) => [s.zawgyi.slice(0, 24), s] as const))("%s", (_, s) => {
    expect(isZawgyi(s.zawgyi)).toBe(true);
    expect(normalizeText(s.zawgyi)).toBe(s.unicode);
    // Once converted it is Unicode, and stays as it is.
    expect(normalizeText(s.unicode)).toBe(s.unicode);
  });
});

describe("Unicode Burmese stays untouched", () => {
  it.each(UNICODE_BURMESE_SAMPLES.map((s) => [s.text.slice(0, 24), s] as const))("%s", (_, s) => {
    expect(normalizeText(s.text)).toBe(s.text);
    expect(isZawgyi(s.text)).toBe(false);
  });
});

describe("a field that mixes them", () => {
  // A letter as the composer receives it: the campaign's Unicode paragraph, a line the signer typed
  // with a Zawgyi keyboard, a S'gaw Karen line, a blank line and English, with the browser's CRLF.
  const template = UNICODE_BURMESE_SAMPLES[1].text;
  const typed = [template, zawgyi(10).zawgyi, sample("ksw"), "", "With respect, a signer in Yangon"].join("\r\n");

  it("converts only the Zawgyi line and keeps every line break as typed", () => {
    expect(normalizeText(typed)).toBe([template, zawgyi(10).unicode, sample("ksw"), "", "With respect, a signer in Yangon"].join("\r\n"));
    // Scored as a whole, the field reads as Unicode: why the Zawgyi line used to go out broken.
    expect(bareDetector.getZawgyiProbability(typed)).toBeLessThan(0.95);
  });

  it("keeps LF, CR and Unicode line separators too, and trims only the field's ends", () => {
    const text = `  ${zawgyi(0).zawgyi}\n${sample("mnw", 2)}\r${sample("shn", 1)}\u2028  ${zawgyi(7).zawgyi}  \n\n`;
    expect(normalizeText(text)).toBe(`${zawgyi(0).unicode}\n${sample("mnw", 2)}\r${sample("shn", 1)}\u2028  ${zawgyi(7).unicode}`);
  });

  it("asks the detector only about lines that show a Zawgyi sign, never about ASCII", () => {
    const calls = vi.spyOn(ZawgyiDetector.prototype, "getZawgyiProbability");
    expect(normalizeText("A signer in Yangon\r\nO'Brien, Jos\u00e9")).toBe("A signer in Yangon\r\nO'Brien, Jos\u00e9");
    expect(calls).not.toHaveBeenCalled();
    // Karen, Mon, Shan, Pa'O and Rakhine carry no Zawgyi sign: no line reaches the detector.
    normalizeText(MINORITY_SAMPLES.map((s) => s.text).join("\n"));
    expect(calls).not.toHaveBeenCalled();
    normalizeText(typed);
    expect(calls).toHaveBeenCalledTimes(1);
    expect(calls).toHaveBeenCalledWith(zawgyi(10).zawgyi);
  });
});
