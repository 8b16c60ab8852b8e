import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { languageName, supportedLanguages } from "../../app/lib/i18n";

/**
 * Wording rules the locale files and the code that uses them must keep, each checked by a
 * function of plain data, so each check is also shown failing on a deliberately broken copy.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NAMESPACES = ["common", "dashboard", "email"] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Flat = Record<string, string>;
type Locales = Record<string, Record<string, Flat>>;
interface Source {
  file: string;
  text: string;
}

function flatten(obj: Record<string, unknown>, prefix = ""): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = String(v);
  }
  return out;
}

function loadLocales(): Locales {
  const out: Locales = {};
  for (const lng of supportedLanguages) {
    out[lng] = {};
    for (const ns of NAMESPACES) out[lng][ns] = flatten(JSON.parse(readFileSync(path.join(repo, "locales", lng, `${ns}.json`), "utf8")));
  }
  return out;
}

function loadSources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(repo, dir))) {
      const rel = `${dir}/${name}`;
      if (statSync(path.join(repo, rel)).isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(name)) out.push({ file: rel, text: readFileSync(path.join(repo, rel), "utf8") });
    }
  };
  walk("app");
  walk("emails");
  return out;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const parse = (s: Source) => ts.createSourceFile(s.file, s.text, ts.ScriptTarget.Latest, true, s.file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
const lineOf = (node: ts.Node) => node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;

function visit(node: ts.Node, fn: (n: ts.Node) => void) {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

// ---------------------------------------------------------------------------------------------
// (a) A count needs plural forms.

/** A t(…) call passing `count`: its key, or the static start of a template-literal key, and where. */
interface CountCall {
  where: string;
  /** The namespaces the call reads, most likely first (an email template reads "email"). */
  namespaces: Namespace[];
  key?: string;
  prefix?: string;
}
type Namespace = (typeof NAMESPACES)[number];

function namespacesOf(s: Source): Namespace[] {
  if (s.file.startsWith("emails/")) return ["email"];
  return s.text.includes('useTranslation("dashboard")') ? ["dashboard", "common"] : ["common", "dashboard", "email"];
}

/** Calls whose first argument is a translation key and whose options object has `count`. */
function countCalls(sources: Source[]): CountCall[] {
  const calls: CountCall[] = [];
  for (const s of sources) {
    visit(parse(s), (n) => {
      if (!ts.isCallExpression(n) || n.arguments.length < 2) return;
      const [key, options] = n.arguments;
      if (!ts.isObjectLiteralExpression(options)) return;
      const hasCount = options.properties.some((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText() === "count");
      if (!hasCount) return;
      const at = { where: `${s.file}:${lineOf(n)}`, namespaces: namespacesOf(s) };
      if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) calls.push({ ...at, key: key.text });
      else if (ts.isTemplateExpression(key)) calls.push({ ...at, prefix: key.head.text });
    });
  }
  return calls.filter((c) => /^[a-zA-Z]+\./.test(c.key ?? c.prefix ?? ""));
}

/**
 * Template-literal keys called with `count`, by their static start, and which keys under it take
 * a count. `errors.${…}`: an error shown with the minutes to wait; only the throttles use it
 * (every other error ignores `count`, and is checked by the rule that a text using {{count}} is plural).
 */
const DYNAMIC_COUNT_KEYS: Record<string, string[]> = {
  "errors.": ["errors.throttled", "errors.throttledQueue"],
};

/** Numbers of units, which need plural forms as much as a count does: pass them as `count`. */
const UNIT_PLACEHOLDERS = ["days", "hours", "minutes"];

function pluralProblems(locales: Locales, calls: CountCall[], dynamic: Record<string, string[]>): string[] {
  const problems: string[] = [];
  const check = (key: string, c: CountCall) => {
    const ns = c.namespaces.find((n) => Object.keys(locales.en[n]).some((k) => k === key || k.replace(PLURAL, "") === key));
    if (!ns) return problems.push(`${c.where}: ${key} is no key of en/${c.namespaces.join(", en/")}`);
    for (const lng of supportedLanguages) {
      const lacking = new Intl.PluralRules(lng).resolvedOptions().pluralCategories.filter((cat) => !(`${key}_${cat}` in locales[lng][ns]));
      if (lacking.length) problems.push(`${c.where}: ${lng}/${ns} ${key} lacks ${lacking.map((cat) => `_${cat}`).join(", ")}`);
    }
  };
  for (const c of calls) {
    if (c.key) check(c.key, c);
    else if (c.prefix && dynamic[c.prefix]) for (const key of dynamic[c.prefix]) check(key, c);
    else problems.push(`${c.where}: \`${c.prefix}…\` is called with count: declare which of its keys take it`);
  }
  // A text that shows a count is plural, whoever calls it; a number of days is a count.
  for (const lng of supportedLanguages) {
    for (const ns of NAMESPACES) {
      for (const [key, text] of Object.entries(locales[lng][ns])) {
        if (lng === "en" && /\{\{\s*count\b/.test(text) && !PLURAL.test(key)) problems.push(`en/${ns} ${key} shows {{count}} without plural forms`);
        for (const u of UNIT_PLACEHOLDERS) if (new RegExp(`\\{\\{\\s*${u}\\b`).test(text)) problems.push(`${lng}/${ns} ${key}: {{${u}}} is a count: pass it as count, with plural forms`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// (b) Languages are named in the reader's language.

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
    const foreign = [...new Set(supportedLanguages.filter((o) => o !== lng).flatMap((o) => names[o]))].filter((n) => !own.some((m) => m.toLowerCase() === n.toLowerCase()));
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

/** Code: languageName() (the endonyms) only in the switcher; no language name written into code. */
function languageNameInCodeProblems(sources: Source[], names: string[]): string[] {
  const problems: string[] = [];
  const SWITCHER = "app/components/layout.tsx";
  const ENDONYMS = "app/lib/i18n.ts";
  for (const s of sources) {
    visit(parse(s), (n) => {
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "languageName" && s.file !== SWITCHER) {
        problems.push(`${s.file}:${lineOf(n)}: languageName() outside the language switcher`);
      }
      if (s.file === ENDONYMS) return;
      const text = ts.isJsxText(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n) ? n.text : null;
      if (text) for (const name of names) if (nameRe(name).test(text)) problems.push(`${s.file}:${lineOf(n)}: "${name}" written into code`);
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// (c) French punctuation: a no-break space before : ; ? ! and inside « ».

const NBSP = "[\\u00a0\\u202f]";
/**
 * Not prose, so not French typography: placeholders, web addresses and Markdown link targets,
 * and code a reader types or reads as it is (a query tag such as `?source=`).
 */
const notProse = (s: string) => s.replace(/\{\{[^}]*\}\}/g, "X").replace(/\b[a-z]+:\/\/\S*/g, "X").replace(/\?[a-z]+=/g, "X");

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
      const inJsx = (x: ts.Node): boolean => !!x.parent && (ts.isJsxExpression(x.parent) || ts.isJsxAttribute(x.parent) || (!ts.isSourceFile(x.parent) && inJsx(x.parent)));
      if (ts.isJsxText(n) && PUNCT.test(n.text)) problems.push(`${s.file}:${lineOf(n)}: punctuation in JSX text ${JSON.stringify(n.text.trim())}`);
      if ((ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) && PUNCT.test(n.text) && inJsx(n)) problems.push(`${s.file}:${lineOf(n)}: punctuation in a template literal ${JSON.stringify(n.text)}`);
      if (ts.isStringLiteral(n) && inJsx(n) && /^\s*[:;?!»]/.test(n.text)) problems.push(`${s.file}:${lineOf(n)}: punctuation in a string ${JSON.stringify(n.text)}`);
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// (d) Burmese digits.

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
        if (NUMERIC_PLACEHOLDERS.includes(m[1]) && m[3] !== "number") problems.push(`my/${ns} ${key}: {{${m[1]}}} prints Latin digits; write {{${m[1]}, number}}`);
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

const locales = loadLocales();
const sources = loadSources();

describe("wording", () => {
  it("(a) every key used with a count has the plural forms of every language", () => {
    const calls = countCalls(sources);
    // The scan finds the calls it is meant to find (a scan that finds nothing checks nothing).
    expect(calls.map((c) => c.key ?? `${c.prefix}…`)).toEqual(expect.arrayContaining(["campaign.signatures", "thanks.total", "login.throttled", "messageConfirm.intro", "errors.…"]));
    expect(pluralProblems(locales, calls, DYNAMIC_COUNT_KEYS)).toEqual([]);

    const broken = clone(locales);
    delete broken.fr.common["thanks.total_one"];
    delete broken.es.common["thanks.total_many"];
    broken.en.common["home.readAndSign"] = "Read and sign ({{count}})";
    broken.my.email["invite.body"] = "{{hours}} နာရီ";
    const some: CountCall[] = [
      { where: "a.tsx:1", namespaces: ["common"], key: "thanks.total" },
      { where: "b.tsx:2", namespaces: ["common"], key: "site.name" },
      { where: "c.tsx:3", namespaces: ["dashboard", "common"], prefix: "status." },
      { where: "d.tsx:4", namespaces: ["common"], prefix: "errors." },
    ];
    expect(pluralProblems(broken, some, DYNAMIC_COUNT_KEYS)).toEqual([
      "a.tsx:1: fr/common thanks.total lacks _one",
      "a.tsx:1: es/common thanks.total lacks _many",
      "b.tsx:2: en/common site.name lacks _one, _other",
      "b.tsx:2: my/common site.name lacks _other",
      "b.tsx:2: th/common site.name lacks _other",
      "b.tsx:2: id/common site.name lacks _other",
      "b.tsx:2: fr/common site.name lacks _many, _one, _other",
      "b.tsx:2: es/common site.name lacks _many, _one, _other",
      "c.tsx:3: `status.…` is called with count: declare which of its keys take it",
      "en/common home.readAndSign shows {{count}} without plural forms",
      "my/email invite.body: {{hours}} is a count: pass it as count, with plural forms",
    ]);
  });

  it("(a) the scan reads literal and template-literal keys", () => {
    const src: Source = { file: "x.tsx", text: 'const a = t("campaign.signatures", { count });\nconst b = t(`errors.${e}`, { count: 2 });\nconst c = t("site.name", { title });' };
    expect(countCalls([src])).toEqual([
      { where: "x.tsx:1", namespaces: ["common", "dashboard", "email"], key: "campaign.signatures" },
      { where: "x.tsx:2", namespaces: ["common", "dashboard", "email"], prefix: "errors." },
    ]);
  });

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
