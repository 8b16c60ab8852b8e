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

export function isZawgyi(text: string): boolean {
  return /[\u1000-\u109f]/.test(text) && detector.getZawgyiProbability(text) > ZAWGYI_THRESHOLD;
}

/**
 * Every piece of text a person types goes through here before it is stored or compared:
 * Zawgyi converted to Unicode when detected, then NFC, then trimmed.
 */
export function normalizeText(text: string): string {
  const unicode = isZawgyi(text) ? converter.zawgyiToUnicode(text) : text;
  return unicode.normalize("NFC").trim();
}
