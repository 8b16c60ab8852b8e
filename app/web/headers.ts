import type { HeadersFunction } from "@remix-run/node";

/**
 * Remix builds a page's HTTP headers only from `headers` exports; without one, the status and
 * headers a loader or action gave with `data()` (Retry-After on a 429, Cache-Control) would be
 * dropped. Every page route re-exports this: the parent's headers, then the loader's, the
 * action's and a thrown error's. Set-Cookie is carried over by Remix itself.
 */
export const routeHeaders: HeadersFunction = ({ parentHeaders, loaderHeaders, actionHeaders, errorHeaders }) => {
  const headers = new Headers();
  for (const source of [parentHeaders, loaderHeaders, actionHeaders, errorHeaders]) {
    source?.forEach((value, key) => {
      if (key !== "set-cookie") headers.set(key, value);
    });
  }
  // Unless a route said otherwise (a public page, see PUBLIC_PAGE_CACHE), nothing is kept by a
  // shared cache: most pages answer one visitor's own request.
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "private, no-cache");
  return headers;
};
