/** Shared by server and browser: which languages the interface speaks. */
export const supportedLanguages = ["en", "my", "th", "id", "fr", "es"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "en";
export const namespaces = ["common"] as const;

export function isSupportedLanguage(lng: string | undefined | null): lng is Language {
  return !!lng && (supportedLanguages as readonly string[]).includes(lng);
}

/** None of today's languages is right-to-left; this keeps `dir` right when one is added. */
const rtl = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi"]);
export function textDirection(lng: string): "ltr" | "rtl" {
  return rtl.has(lng.split("-")[0]) ? "rtl" : "ltr";
}

/**
 * Each language's name in itself, for the switcher. Written out rather than taken from
 * Intl.DisplayNames, whose data differs between Node and browsers and would break hydration.
 */
const endonyms: Record<string, string> = {
  en: "English",
  my: "မြန်မာ",
  th: "ไทย",
  id: "Bahasa Indonesia",
  fr: "Français",
  es: "Español",
};
/** The switcher's endonym. Anywhere else a language is named in the reader's language: languageIn. */
export function languageName(lng: string): string {
  return endonyms[lng] ?? lng;
}

/**
 * A language named in the reader's language, from the `language.names` table of common.json
 * (a table, not Intl.DisplayNames, for the same reason as the endonyms), as it reads in a
 * sentence ("affichée en anglais"). `label` capitalises it for a heading, table cell or option,
 * where French, Spanish and Indonesian start with a capital ("Anglais").
 */
export function languageIn(
  t: (key: string, options: { ns: string; defaultValue: string }) => string,
  lng: string,
  form: "sentence" | "label" = "sentence",
): string {
  const name = t(`language.names.${lng}`, { ns: "common", defaultValue: lng });
  return form === "label" ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

export function countryName(code: string, lng: string): string {
  try {
    return new Intl.DisplayNames([lng], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Numbers in the reader's digits. Browsers ship ICU without Burmese data (Chromium formats `my`
 * with Latin digits while Node uses Myanmar digits), so Burmese digits are produced here, the
 * same way on both sides, or hydration would fail on every count.
 */
export function formatNumber(n: number, lng: string): string {
  if (lng === "my") return new Intl.NumberFormat("en").format(n).replace(/[0-9]/g, (d) => String.fromCharCode(0x1040 + Number(d)));
  return new Intl.NumberFormat(lng).format(n);
}

/** Makes i18next's `{{count, number}}` use formatNumber, on the server and in the browser alike. */
export function useOwnNumberFormat(i18n: { services: { formatter?: { add(name: string, fn: (value: unknown, lng: string | undefined) => string): void } } }) {
  i18n.services.formatter?.add("number", (value, lng) => formatNumber(Number(value), lng ?? fallbackLanguage));
}

export function formatDate(d: Date | string, lng: string): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: "long", timeZone: "UTC" }).format(new Date(d));
}

/**
 * A BCP 47 language tag as it stands in a path: `my`, `shn` (Shan), `ksw` (S'gaw Karen),
 * `zh-Hans`, `rhg-Latn`. Two or three letters, then subtags.
 */
export const LANGUAGE_TAG = /[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*/;

const PUBLIC_SIGNING_PATH = new RegExp(`^/${LANGUAGE_TAG.source}/campaigns/[^/]+/?$`);

/** A campaign's page, whose signing form partner sites may post from their own origin. */
export function isPublicSigningPath(path: string): boolean {
  return PUBLIC_SIGNING_PATH.test(path);
}
