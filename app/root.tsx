import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { fallbackLanguage, isSupportedLanguage, textDirection } from "./lib/i18n";
import { negotiateLanguage } from "./lib/i18n.server";
import { useNonce } from "./web/nonce";
import { SiteFooter, SiteHeader } from "./components/layout";
import appStyles from "./styles/app.css";
import { routeHeaders } from "./web/headers";
import { pageScripts } from "./lib/page-scripts";

export const headers = routeHeaders;

export const links: LinksFunction = () => [
  // One stylesheet, with the self-hosted Myanmar font's faces in it: the browser fetches a face
  // only for text in its range; Latin text keeps the reader's system font.
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  // Pages under /:lang speak that language; anything else (a 404 on an unknown path) speaks the
  // visitor's browser language.
  if (isSupportedLanguage(params.lang)) return { lang: params.lang };
  return { lang: await negotiateLanguage(request) };
}

export function shouldRevalidate() {
  // The language only changes with a full page load (the switcher reloads the document).
  return false;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const lang = data?.lang ?? fallbackLanguage;
  const { i18n } = useTranslation();
  const nonce = useNonce();
  // Public pages run no script: no runtime, no hydration data, no strings for the browser. The
  // dashboard's pages hydrate, with the strings they need; a campaign asking for proof of work
  // loads its small solver.
  const page = pageScripts(useMatches());
  const bundle = page.hydrate
    ? JSON.stringify(Object.fromEntries(page.namespaces.map((ns) => [ns, i18n.getResourceBundle(lang, ns) ?? {}]))).replace(/</g, "\\u003c")
    : "";
  return (
    <html lang={lang} dir={textDirection(lang)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        {page.bare ? (
          // An embed on a partner's page: the action alone, no site around it.
          <main id="main" className="embed">
            {children}
          </main>
        ) : (
          <>
            <a className="skip-link" href="#main">
              {i18n.t("site.skipToContent", { lng: lang })}
            </a>
            <SiteHeader lang={lang} />
            <main id="main" tabIndex={-1}>
              {children}
            </main>
            <SiteFooter lang={lang} />
          </>
        )}
        {page.scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
        {page.hydrate ? (
          <>
            <script id="i18n-resources" type="application/json" suppressHydrationWarning dangerouslySetInnerHTML={{ __html: bundle }} />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const retryAfterMinutes = isRouteErrorResponse(error) ? Number((error.data as { retryAfterMinutes?: number } | null)?.retryAfterMinutes ?? 0) : 0;
  const [title, body] =
    status === 404
      ? [t("errors.notFoundTitle"), t("errors.notFoundBody")]
      : status === 429
        ? [t("errors.tooManyTitle"), t("errors.throttled", { count: retryAfterMinutes || 1 })]
        : status === 503
          ? [t("errors.unavailableTitle"), t("errors.unavailableBody")]
          : status >= 400 && status < 500
            ? [t("errors.badRequestTitle"), t("errors.badRequestBody")]
            : [t("errors.serverTitle"), t("errors.serverBody")];
  return (
    <div className="page narrow">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{t("site.homeLink")}</a>
      </p>
    </div>
  );
}
