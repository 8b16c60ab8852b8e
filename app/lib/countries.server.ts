import { countryCodes } from "./countries";
import { countryName } from "./i18n";

const cache = new Map<string, [string, string][]>();

/** [code, name] for the country select, named and sorted in the reader's language (cached per language). */
export function countryOptions(lang: string): [string, string][] {
  let options = cache.get(lang);
  if (!options) {
    const collator = new Intl.Collator(lang);
    options = countryCodes.map((code): [string, string] => [code, countryName(code, lang)]).sort((a, b) => collator.compare(a[1], b[1]));
    cache.set(lang, options);
  }
  return options;
}
