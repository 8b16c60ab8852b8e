import ts from "typescript";
import { describe, expect, it } from "vitest";
import { clone, lineOf, loadLocales, loadSources, NAMESPACES, notProse, parse, visit, type Flat, type Source } from "../helpers/wording-scan";

/**
 * Wording rule (c), which the locale files and the code that uses them must keep: French
 * punctuation, a no-break space before : ; ? ! and inside « », and no punctuation written into
 * JSX beside translated text. Each check is a function of plain data, so each is also shown
 * failing on a deliberately broken copy. (The other wording rules: tests/unit/wording-*.test.ts.)
 */

const NBSP = "[\\u00a0\\u202f]";

function frenchPunctuationProblems(fr: Record<string, Flat>): string[] {
  const problems: string[] = [];
  for (const ns of NAMESPACES) {
    for (const [key, raw] of Object.entries(fr[ns])) {
      const text = notProse(raw);
      if (new RegExp(`(^|[^\\u00a0\\u202f])[:;?!]`).test(text)) problems.push(`fr/${ns} ${key}: no no-break space before : ; ? or !`);
      if (new RegExp(`«(?!${NBSP})|(?<!${NBSP})»`).test(text)) problems.push(`fr/${ns} ${key}: « » without no-break spaces inside`);
    }
  }
  return problems;
}

/**
 * Punctuation written into JSX next to translated text (`{t("x")}:`) cannot follow each
 * language's rules: it belongs in the translations. JSX text and template literals in .tsx
 * files must hold none of : ; ? ! « » followed by a space or ending the text.
 */
function jsxPunctuationProblems(sources: Source[]): string[] {
  const problems: string[] = [];
  const PUNCT = /[:;?!«»](\s|$)/;
  for (const s of sources.filter((x) => x.file.endsWith(".tsx"))) {
    visit(parse(s), (n) => {
      const inJsx = (x: ts.Node): boolean =>
        !!x.parent && (ts.isJsxExpression(x.parent) || ts.isJsxAttribute(x.parent) || (!ts.isSourceFile(x.parent) && inJsx(x.parent)));
      if (ts.isJsxText(n) && PUNCT.test(n.text)) problems.push(`${s.file}:${lineOf(n)}: punctuation in JSX text ${JSON.stringify(n.text.trim())}`);
      if ((ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) && PUNCT.test(n.text) && inJsx(n))
        problems.push(`${s.file}:${lineOf(n)}: punctuation in a template literal ${JSON.stringify(n.text)}`);
      if (ts.isStringLiteral(n) && inJsx(n) && /^\s*[:;?!»]/.test(n.text))
        problems.push(`${s.file}:${lineOf(n)}: punctuation in a string ${JSON.stringify(n.text)}`);
    });
  }
  return problems;
}

const locales = loadLocales();
const sources = loadSources();

describe("wording", () => {
  it("(c) French strings put a no-break space before : ; ? ! and inside « »", () => {
    expect(frenchPunctuationProblems(locales.fr)).toEqual([]);
    const broken = clone(locales.fr);
    broken.common["campaign.addressedTo"] = "Adressée à :";
    broken.common["checkInbox.notArrived"] = "Aucun e-mail? Regardez.";
    broken.email["update.why"] = "Nouvelles de «{{title}}\u00a0».";
    // Not prose: web addresses, query tags and placeholders.
    broken.dashboard["translations.markdownHint"] = "Markdown\u00a0: [link](https://…), ?source=x, {{count, number}}";
    expect(frenchPunctuationProblems(broken)).toEqual([
      "fr/common campaign.addressedTo: no no-break space before : ; ? or !",
      "fr/common checkInbox.notArrived: no no-break space before : ; ? or !",
      "fr/email update.why: « » without no-break spaces inside",
    ]);
  });

  it("(c) no punctuation is written into JSX beside translated text", () => {
    expect(jsxPunctuationProblems(sources)).toEqual([]);
    const broken: Source[] = [
      {
        file: "app/routes/x.tsx",
        text: 'const a = <strong>{t("campaign.addressedTo")}:</strong>;\nconst b = <a aria-label={`${t("home.readAndSign")}: ${title}`} href={`/language/${lng}?to=${to}`} />;\nconst c = <p>{t("a")}{" : "}</p>;',
      },
    ];
    expect(jsxPunctuationProblems(broken)).toEqual([
      'app/routes/x.tsx:1: punctuation in JSX text ":"',
      'app/routes/x.tsx:2: punctuation in a template literal ": "',
      'app/routes/x.tsx:3: punctuation in a string " : "',
    ]);
  });
});
