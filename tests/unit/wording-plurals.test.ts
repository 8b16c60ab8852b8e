import ts from "typescript";
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "../../app/lib/i18n";
import { clone, lineOf, loadLocales, loadSources, NAMESPACES, parse, PLURAL, visit, type Locales, type Namespace, type Source } from "../helpers/wording-scan";

/**
 * Wording rule (a), which the locale files and the code that uses them must keep: a count needs
 * plural forms. Checked by a function of plain data, so the check is also shown failing on a
 * deliberately broken copy. (The other wording rules: tests/unit/wording-*.test.ts.)
 */

/** A t(…) call passing `count`: its key, or the static start of a template-literal key, and where. */
interface CountCall {
  where: string;
  /** The namespaces the call reads, most likely first (an email template reads "email"). */
  namespaces: Namespace[];
  key?: string;
  prefix?: string;
}

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
        for (const u of UNIT_PLACEHOLDERS)
          if (new RegExp(`\\{\\{\\s*${u}\\b`).test(text)) problems.push(`${lng}/${ns} ${key}: {{${u}}} is a count: pass it as count, with plural forms`);
      }
    }
  }
  return problems;
}

const locales = loadLocales();
const sources = loadSources();

describe("wording", () => {
  it("(a) every key used with a count has the plural forms of every language", () => {
    const calls = countCalls(sources);
    // The scan finds the calls it is meant to find (a scan that finds nothing checks nothing).
    expect(calls.map((c) => c.key ?? `${c.prefix}…`)).toEqual(
      expect.arrayContaining(["campaign.signatures", "thanks.total", "login.throttled", "messageConfirm.intro", "errors.…"]),
    );
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
    const src: Source = {
      file: "x.tsx",
      text: 'const a = t("campaign.signatures", { count });\nconst b = t(`errors.${e}`, { count: 2 });\nconst c = t("site.name", { title });',
    };
    expect(countCalls([src])).toEqual([
      { where: "x.tsx:1", namespaces: ["common", "dashboard", "email"], key: "campaign.signatures" },
      { where: "x.tsx:2", namespaces: ["common", "dashboard", "email"], prefix: "errors." },
    ]);
  });
});
