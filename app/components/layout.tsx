import { useLocation, useMatches } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isSupportedLanguage, languageName, supportedLanguages } from "../lib/i18n";

/**
 * The languages a page offers: its own list (a campaign's languages, loader data `languages`: an
 * array of language codes) or every interface language.
 */
function usePageLanguages(): string[] {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const data = matches[i].data as { languages?: unknown } | undefined;
    if (Array.isArray(data?.languages) && data.languages.length && data.languages.every((l) => typeof l === "string")) return data.languages;
  }
  return [...supportedLanguages];
}

export function LanguageSwitcher({ lang }: { lang: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const languages = usePageLanguages();
  const segments = location.pathname.split("/");
  // Pages under /:lang/ change their first segment; other pages (login, dashboard) stay where
  // they are and take the language from the remembered choice.
  const localised = isSupportedLanguage(segments[1]);
  const rest = segments.slice(2).join("/");
  return (
    <nav aria-label={t("language.label")} className="language-switcher">
      <ul>
        {languages.map((lng) => {
          const to = localised ? `/${lng}/${rest}` : location.pathname + location.search;
          return (
            <li key={lng}>
              {lng === lang ? (
                <span aria-current="true" lang={lng}>
                  {languageName(lng)}
                </span>
              ) : (
                // A plain link to a route that remembers the choice in a cookie, then a full
                // page load in the new language.
                <a href={`/language/${lng}?to=${encodeURIComponent(to)}`} lang={lng} hrefLang={lng}>
                  {languageName(lng)}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function SiteHeader({ lang }: { lang: string }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a href={`/${lang}/`} className="brand">
          <svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32">
            <circle cx="16" cy="16" r="15" fill="#e0a100" />
            <path
              d="M16 6c3 4 3 8 0 10-3-2-3-6 0-10zm0 20c-3-4-3-8 0-10 3 2 3 6 0 10zM6 16c4-3 8-3 10 0-2 3-6 3-10 0zm20 0c-4 3-8 3-10 0 2-3 6-3 10 0z"
              fill="#fff"
            />
          </svg>
          <span>{t("site.name")}</span>
        </a>
        <LanguageSwitcher lang={lang} />
      </div>
    </header>
  );
}

export function SiteFooter({ lang }: { lang: string }) {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>
        {t("footer.privacy")} <a href={`/${lang}/my-data`}>{t("footer.myData")}</a>
      </p>
      <p>{t("footer.openSource")}</p>
    </footer>
  );
}
