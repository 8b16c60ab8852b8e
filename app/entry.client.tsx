import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { fallbackLanguage, useOwnNumberFormat } from "./lib/i18n";

/**
 * The server wrote this page's strings into a JSON script element (see root.tsx); start i18next
 * from it synchronously so the first client render matches the HTML, with no extra request.
 */
const lng = document.documentElement.lang || fallbackLanguage;
const bundle = document.getElementById("i18n-resources")?.textContent;

void i18next.use(initReactI18next).init({
  lng,
  fallbackLng: false,
  ns: ["common", "dashboard"],
  defaultNS: "common",
  resources: bundle ? { [lng]: JSON.parse(bundle) } : {},
  interpolation: { escapeValue: false },
  initImmediate: false,
});
useOwnNumberFormat(i18next);

startTransition(() => {
  hydrateRoot(
    document,
    <I18nextProvider i18n={i18next}>
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    </I18nextProvider>,
  );
});
