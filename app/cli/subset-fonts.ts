/**
 * Before `remix build`: cuts the self-hosted Myanmar font (Noto Sans Myanmar, from
 * @fontsource, SIL Open Font License) into the pieces a page actually needs, in public/fonts/:
 *
 * - `myanmar-core-{400,700}.woff2`: the letters Burmese writes (U+1000–104F and the joiners),
 *   about half the whole Myanmar subset. A Burmese page fetches these two and nothing else.
 * - `myanmar-extended-{400,700}.woff2`: the whole Myanmar subset, fetched only for text with the
 *   letters Shan, Karen, Mon and other languages of Myanmar add (U+1050–109F, Extended-A/B).
 *   It holds the Burmese letters too, so a syllable that mixes both is shaped by one font.
 * - `myanmar-name-{400,700}.woff2`: just the glyphs of "မြန်မာ", for the language switcher on
 *   pages in other languages (about 1.5 KiB instead of 47).
 *
 * The @font-face rules that use them are in app/styles/app.css (decision 065).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";
import { languageName } from "../lib/i18n";

/** What the switcher writes for Burmese; the CSS's unicode-range lists the same characters. */
const SWITCHER_NAME = languageName("my");

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join("");
const CORE_LETTERS = range(0x1000, 0x104f) + "\u200b\u200c\u200d\u25cc";

const require = createRequire(import.meta.url);
const sourceDir = path.join(path.dirname(require.resolve("@fontsource/noto-sans-myanmar/package.json")), "files");
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../public/fonts");

mkdirSync(outDir, { recursive: true });
const sizes: string[] = [];
for (const weight of [400, 700]) {
  const whole = readFileSync(path.join(sourceDir, `noto-sans-myanmar-myanmar-${weight}-normal.woff2`));
  const pieces: [string, Buffer][] = [
    ["core", await subsetFont(whole, CORE_LETTERS, { targetFormat: "woff2" })],
    ["extended", whole],
    ["name", await subsetFont(whole, SWITCHER_NAME, { targetFormat: "woff2" })],
  ];
  for (const [name, body] of pieces) {
    writeFileSync(path.join(outDir, `myanmar-${name}-${weight}.woff2`), body);
    sizes.push(`${name} ${weight} ${(body.length / 1024).toFixed(1)} KiB`);
  }
}
console.log(`fonts: ${sizes.join(", ")}`);
