import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { supportedLanguages } from "../../app/lib/i18n";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales");
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj: Record<string, unknown>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = String(v);
  }
  return out;
}

const load = (lng: string, ns: string) => flatten(JSON.parse(readFileSync(path.join(root, lng, ns), "utf8")));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
const namespaces = readdirSync(path.join(root, "en"));

describe("locale files", () => {
  it("exist for every supported language and namespace", () => {
    expect(namespaces.sort()).toEqual(["common.json", "dashboard.json", "email.json"]);
    for (const lng of supportedLanguages) expect(readdirSync(path.join(root, lng)).sort()).toEqual(namespaces.sort());
  });

  for (const lng of supportedLanguages.filter((l) => l !== "en")) {
    for (const ns of namespaces) {
      it(`${lng}/${ns} has every key of en/${ns}, with the plural forms ${lng} needs`, () => {
        const en = load("en", ns);
        const other = load(lng, ns);
        const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
        const expected = new Set<string>();
        for (const key of Object.keys(en)) {
          if (PLURAL.test(key)) {
            const base = key.replace(PLURAL, "");
            for (const c of categories) expected.add(`${base}_${c}`);
          } else expected.add(key);
        }
        expect(Object.keys(other).sort()).toEqual([...expected].sort());
        for (const key of expected) {
          const enKey = PLURAL.test(key) ? key.replace(PLURAL, "_other") : key;
          expect(other[key].trim(), `${lng}/${ns} ${key} is empty`).not.toBe("");
          expect(placeholders(other[key]), `${lng}/${ns} ${key} placeholders`).toEqual(placeholders(en[enKey]));
        }
      });
    }
  }

  it("Burmese strings are Unicode: our own input normalisation leaves them unchanged", async () => {
    const { normalizeText } = await import("../../app/lib/text.server");
    for (const ns of namespaces) {
      for (const [key, value] of Object.entries(load("my", ns))) {
        expect(normalizeText(value), `my/${ns} ${key}`).toBe(value.trim());
      }
    }
  });
});
