import ts from "typescript";
import { describe, expect, it } from "vitest";
import { languageName, supportedLanguages } from "../../app/lib/i18n";
import { clone, lineOf, loadLocales, loadSources, NAMESPACES, parse, visit, type Locales, type Source } from "../helpers/wording-scan";

/**
 * Wording rule (b), which the locale files and the code that uses them must keep: languages are
 * named in the reader's language. Each check is a function of plain data, so each is also shown
 * failing on a deliberately broken copy. (The other wording rules: tests/unit/wording-*.test.ts.)
 */

const nameKey = (lng: string) => `language.names.${lng}`;

/** Every name of every supported language, by the locale that writes it (its own table and its endonym). */
function languageNames(locales: Locales): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const lng of supportedLanguages) {
    out[lng] = [...supportedLanguages.map((l) => locales[lng].common[nameKey(l)]).filter(Boolean), languageName(lng)];
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A name as a word of its own where its script has word spaces (not inside "Thailand"). */
const nameRe = (name: string) => new RegExp(`(?<![\\p{L}\\p{M}])${escapeRe(name)}(?![\\p{L}\\p{M}])`, "iu");

function languageNameProblems(locales: Locales): string[] {
  const problems: string[] = [];
  const names = languageNames(locales);
  for (const lng of supportedLanguages) {
    for (const l of supportedLanguages) if (!locales[lng].common[nameKey(l)]?.trim()) problems.push(`${lng}/common ${nameKey(l)} is missing`);
    const own = names[lng];
    const foreign = [...new Set(supportedLanguages.filter((o) => o !== lng).flatMap((o) => names[o]))].filter(
      (n) => !own.some((m) => m.toLowerCase() === n.toLowerCase()),
    );
    for (const ns of NAMESPACES) {
      for (const [key, text] of Object.entries(locales[lng][ns])) {
        if (key.startsWith("language.names.")) continue;
        // The reader's own names for languages are right; what is left must name none in another language.
        const rest = own.reduce((s, n) => s.replace(new RegExp(escapeRe(n), "giu"), " "), text);
        const found = new Set(foreign.map((n) => rest.match(nameRe(n))?.[0]).filter((m): m is string => !!m));
        for (const n of found) problems.push(`${lng}/${ns} ${key} names a language in another language: "${n}"`);
      }
    }
  }
  return problems;
}

/**
 * Code: languageName() (the endonyms) only in the switcher, and in the build step that cuts the
 * font for the switcher's Burmese name from it; no language name written into code.
 */
function languageNameInCodeProblems(sources: Source[], names: string[]): string[] {
  const problems: string[] = [];
  const SWITCHER = "app/components/layout.tsx";
  const SWITCHER_FONT = "app/cli/subset-fonts.ts";
  const ENDONYMS = "app/lib/i18n.ts";
  for (const s of sources) {
    visit(parse(s), (n) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "languageName" && s.file !== SWITCHER && s.file !== SWITCHER_FONT) {
        problems.push(`${s.file}:${lineOf(n)}: languageName() outside the language switcher`);
      }
      if (s.file === ENDONYMS) return;
      const text =
        ts.isJsxText(n) ||
        ts.isStringLiteral(n) ||
        ts.isNoSubstitutionTemplateLiteral(n) ||
        ts.isTemplateHead(n) ||
        ts.isTemplateMiddle(n) ||
        ts.isTemplateTail(n)
          ? n.text
          : null;
      if (text) for (const name of names) if (nameRe(name).test(text)) problems.push(`${s.file}:${lineOf(n)}: "${name}" written into code`);
    });
  }
  return problems;
}

const locales = loadLocales();
const sources = loadSources();

describe("wording", () => {
  it("(b) no locale string names a language in another language", () => {
    expect(languageNameProblems(locales)).toEqual([]);
    const broken = clone(locales);
    broken.fr.common["campaign.translationMissing"] = "Elle est affichée en English.";
    broken.en.dashboard["translations.title"] = "Texts in Français";
    broken.id.common["site.tagline"] = "dalam bahasa Thai"; // Indonesian's own name for Thai: right
    expect(languageNameProblems(broken)).toEqual([
      'en/dashboard translations.title names a language in another language: "Français"',
      'fr/common campaign.translationMissing names a language in another language: "English"',
    ]);
  });

  it("(b) only the language switcher names languages by their endonyms, and no code writes a language name", () => {
    const names = [...new Set(Object.values(languageNames(locales)).flat())];
    expect(languageNameInCodeProblems(sources, names)).toEqual([]);
    const broken: Source[] = [
      { file: "app/routes/x.tsx", text: 'const a = <p>{languageName(l)}</p>;\nconst b = <option value="en">English</option>;\nconst c = "shown in Burmese";' },
      { file: "app/components/layout.tsx", text: "const a = <span>{languageName(lng)}</span>;" },
      { file: "app/lib/i18n.ts", text: 'const endonyms = { en: "English" };' },
    ];
    expect(languageNameInCodeProblems(broken, names)).toEqual([
      "app/routes/x.tsx:1: languageName() outside the language switcher",
      'app/routes/x.tsx:2: "English" written into code',
      'app/routes/x.tsx:3: "Burmese" written into code',
    ]);
  });
});
