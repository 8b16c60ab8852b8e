import i18next, { type i18n, type TFunction } from "i18next";
import Negotiator from "negotiator";
import { createCookie } from "@remix-run/node";
import { fallbackLanguage, isSupportedLanguage, supportedLanguages, useOwnNumberFormat, type Language } from "./i18n";
import enCommon from "../../locales/en/common.json";
import enEmail from "../../locales/en/email.json";
import enDashboard from "../../locales/en/dashboard.json";
import myCommon from "../../locales/my/common.json";
import myEmail from "../../locales/my/email.json";
import myDashboard from "../../locales/my/dashboard.json";
import thCommon from "../../locales/th/common.json";
import thEmail from "../../locales/th/email.json";
import thDashboard from "../../locales/th/dashboard.json";
import idCommon from "../../locales/id/common.json";
import idEmail from "../../locales/id/email.json";
import idDashboard from "../../locales/id/dashboard.json";
import frCommon from "../../locales/fr/common.json";
import frEmail from "../../locales/fr/email.json";
import frDashboard from "../../locales/fr/dashboard.json";
import esCommon from "../../locales/es/common.json";
import esEmail from "../../locales/es/email.json";
import esDashboard from "../../locales/es/dashboard.json";

export const resources = {
  en: { common: enCommon, email: enEmail, dashboard: enDashboard },
  my: { common: myCommon, email: myEmail, dashboard: myDashboard },
  th: { common: thCommon, email: thEmail, dashboard: thDashboard },
  id: { common: idCommon, email: idEmail, dashboard: idDashboard },
  fr: { common: frCommon, email: frEmail, dashboard: frDashboard },
  es: { common: esCommon, email: esEmail, dashboard: esDashboard },
} satisfies Record<Language, { common: unknown; email: unknown; dashboard: unknown }>;

/**
 * Remembers a language the visitor chose explicitly in the switcher; nothing else. Not signed:
 * its value is only ever used after checking it is one of our language codes, so a forged one
 * can choose nothing a visitor could not choose. Secure over HTTPS (set where it is written).
 */
export const languageCookie = createCookie("lang", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60 * 60 * 24 * 365,
});

/** The language `/` should send a visitor to: an explicit earlier choice, else the browser's. */
export async function negotiateLanguage(request: Request): Promise<Language> {
  const remembered = await languageCookie.parse(request.headers.get("Cookie"));
  if (isSupportedLanguage(remembered)) return remembered;
  // Negotiator walks the whole Accept-Language list by quality, matching "fr-CA" to "fr".
  const header = request.headers.get("Accept-Language") ?? "";
  const [best] = new Negotiator({ headers: { "accept-language": header } }).languages([...supportedLanguages]);
  return isSupportedLanguage(best) ? best : fallbackLanguage;
}

let instance: i18n | undefined;

/** One i18next instance with every language loaded up front: no file reads per request. */
export function serverI18n(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources,
      lng: fallbackLanguage,
      fallbackLng: fallbackLanguage,
      supportedLngs: [...supportedLanguages],
      ns: ["common", "email", "dashboard"],
      defaultNS: "common",
      interpolation: { escapeValue: false },
      initImmediate: false,
    });
    useOwnNumberFormat(instance);
  }
  return instance;
}

export function fixedT(lng: Language, ns: "common" | "email" | "dashboard" = "common"): TFunction {
  return serverI18n().getFixedT(lng, ns);
}
