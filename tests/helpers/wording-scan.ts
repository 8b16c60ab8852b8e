import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { supportedLanguages } from "../../app/lib/i18n";

/**
 * What the wording checks (tests/unit/wording-*.test.ts) read: every locale file, flattened to
 * dotted keys, and every source file of app/ and emails/, walked as TypeScript syntax trees.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const NAMESPACES = ["common", "dashboard", "email"] as const;
export const PLURAL = /_(zero|one|two|few|many|other)$/;

export type Flat = Record<string, string>;
export type Locales = Record<string, Record<string, Flat>>;
export interface Source {
  file: string;
  text: string;
}

export type Namespace = (typeof NAMESPACES)[number];

function flatten(obj: Record<string, unknown>, prefix = ""): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = String(v);
  }
  return out;
}

export function loadLocales(): Locales {
  const out: Locales = {};
  for (const lng of supportedLanguages) {
    out[lng] = {};
    for (const ns of NAMESPACES) out[lng][ns] = flatten(JSON.parse(readFileSync(path.join(repo, "locales", lng, `${ns}.json`), "utf8")));
  }
  return out;
}

export function loadSources(): Source[] {
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

export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
export const parse = (s: Source) =>
  ts.createSourceFile(s.file, s.text, ts.ScriptTarget.Latest, true, s.file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
export const lineOf = (node: ts.Node) => node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;

export function visit(node: ts.Node, fn: (n: ts.Node) => void) {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

/**
 * Not prose, so neither French typography nor Burmese digits apply: placeholders, web addresses
 * and Markdown link targets, and code a reader types or reads as it is (a query tag such as `?source=`).
 */
export const notProse = (s: string) =>
  s
    .replace(/\{\{[^}]*\}\}/g, "X")
    .replace(/\b[a-z]+:\/\/\S*/g, "X")
    .replace(/\?[a-z]+=/g, "X");
