import { createRequire } from "node:module";

// myanmar-tools is CommonJS; 1.1.3 is pinned because 1.2.0 on the registry ships without build_node/.
const require = createRequire(import.meta.url);
const { ZawgyiDetector, ZawgyiConverter } = require("myanmar-tools") as {
  ZawgyiDetector: new () => { getZawgyiProbability(s: string): number };
  ZawgyiConverter: new () => { zawgyiToUnicode(s: string): string };
};

const detector = new ZawgyiDetector();
const converter = new ZawgyiConverter();

/** Above this the detector is sure; converting text that is already Unicode would corrupt it. */
const ZAWGYI_THRESHOLD = 0.95;

/** Anything in the Myanmar block: text without it (ASCII, Thai, Kayah Li…) is never looked at. */
const MYANMAR = /[\u1000-\u109f]/;

/**
 * Code points Zawgyi never produces (its fonts and the converter use U+1000–U+104F, U+105A and
 * U+1060–U+1097 only): Myanmar Extended-A and -B (Pa'O, Khamti, Aiton, Tai Laing…), the
 * Pali/Sanskrit letters U+1050–U+1059, Mon U+105B–U+105F and Shan/Khamti/Aiton U+1098–U+109F.
 * A line holding one is Unicode by construction.
 */
const UNICODE_ONLY = /[\u1050-\u1059\u105b-\u105f\u1098-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]/;

// Character classes of the Myanmar block in Unicode's own terms.
const LETTER = "\\u1000-\\u102a\\u103f\\u1050-\\u1055\\u105a-\\u105d\\u1061\\u1065\\u1066\\u106e-\\u1070\\u1075-\\u1081\\u108e";
const SIGN = "\\u102b-\\u103e\\u1056-\\u1059\\u105e-\\u1060\\u1062-\\u1064\\u1067-\\u106d\\u1071-\\u1074\\u1082-\\u108d\\u108f\\u109a-\\u109d";
const DIGIT = "\\u1040-\\u1049\\u1090-\\u1099";
// Joiners, variation selectors and the dotted circle sit inside a cluster without breaking it.
const JOINER = "\\u200c\\u200d\\u2060\\ufe00-\\ufe0f\\u25cc";
// Consonants that are stacked under another after U+1039 (Burmese/Pali, Mon, Karen). Not nga, ya,
// ra, wa and ha, which Unicode writes as kinzi or as medials, nor the Shan letters U+1075–U+1081
// (Shan does not stack): after Zawgyi's asat, U+1039, those are simply the next syllable.
const STACKABLE = "\\u1000-\\u1003\\u1005-\\u1019\\u101c\\u101e\\u1020\\u1021\\u1050\\u1051\\u105a-\\u105d\\u1061\\u1065\\u1066\\u106e-\\u1070\\u108e";

/**
 * Sequences that Zawgyi typing produces all the time and that well-formed Unicode forbids, in
 * any of the languages written in Myanmar script. The bare detector cannot tell Karen, Mon,
 * Pa'O or Rakhine from Zawgyi (it scores many such lines 0.99–1.0), so a line is converted only
 * if it shows one of these:
 *  - a vowel sign, medial or tone mark with no letter before it (ေ, ျ, ႏ typed before the consonant);
 *  - U+1039 not followed by a consonant it could stack (Zawgyi's asat);
 *  - ေ after a later sign of the syllable (vowel, anusvara, dot below, visarga, tone);
 *  - asat before ာ/ါ (Zawgyi's medial ya), anusvara before ု/ူ, ိ/ီ/ံ/် before ဳ/ဴ (Zawgyi's u);
 *  - a Shan digit inside a syllable (Zawgyi's ႔ ႕ ႐ and stacked forms).
 * Checked on about 990 lines of genuine Karen, Mon, Shan, Pa'O and Rakhine text and 900 of Unicode
 * Burmese: none shows one. 152 of 154 Zawgyi lines do; a Zawgyi line with no such sign (a short
 * heading, say) stays as typed, the safe way to be wrong. Samples: tests/fixtures/myanmar-script-samples.ts.
 */
/* eslint-disable no-misleading-character-class -- the classes hold combining Myanmar signs on
   purpose: they are matched one code point at a time. */
const ZAWGYI_SIGN = new RegExp(
  [
    `(?:^|[^${LETTER}${SIGN}${DIGIT}${JOINER}])[${SIGN}]`,
    `\\u1039(?![${STACKABLE}])`,
    "[\\u102b-\\u1030\\u1032\\u1036-\\u1038\\u1087-\\u108d\\u108f]\\u1031",
    "\\u103a[\\u102b\\u102c]",
    "\\u1036[\\u102f\\u1030]",
    "[\\u102d\\u102e\\u1036\\u103a][\\u1033\\u1034]",
    `[\\u102b-\\u103e][\\u1090-\\u1099]|[\\u1090-\\u1099][${SIGN}]`,
  ].join("|"),
);
/* eslint-enable no-misleading-character-class */

/** Line breaks as typed; the capture keeps them in `split`'s output so they are put back verbatim. */
const LINE_BREAK = /(\r\n|[\n\r\u2028\u2029])/;

/** One line, decided on its own: a Zawgyi line in a Unicode letter is still found. */
function lineIsZawgyi(line: string): boolean {
  return MYANMAR.test(line) && !UNICODE_ONLY.test(line) && ZAWGYI_SIGN.test(line) && detector.getZawgyiProbability(line) > ZAWGYI_THRESHOLD;
}

/** True if normalizeText would convert at least one line of `text` from Zawgyi. */
export function isZawgyi(text: string): boolean {
  return MYANMAR.test(text) && text.split(LINE_BREAK).some((part, i) => i % 2 === 0 && lineIsZawgyi(part));
}

/**
 * Every piece of text a person types goes through here before it is stored or compared:
 * each Zawgyi line converted to Unicode (other lines and the line breaks left exactly as typed),
 * then NFC, then trimmed.
 */
export function normalizeText(text: string): string {
  if (!MYANMAR.test(text)) return text.normalize("NFC").trim();
  const parts = text.split(LINE_BREAK); // even indexes are lines, odd ones the breaks between them
  for (let i = 0; i < parts.length; i += 2) if (lineIsZawgyi(parts[i])) parts[i] = converter.zawgyiToUnicode(parts[i]);
  return parts.join("").normalize("NFC").trim();
}
