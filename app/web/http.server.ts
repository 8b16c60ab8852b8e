import { data } from "@remix-run/node";
import { isSupportedLanguage, type Language } from "../lib/i18n";

export function notFound(): never {
  throw data(null, { status: 404 });
}

/** The `:lang` segment of a page URL, or a 404 (in the visitor's browser language) for an unknown one. */
export function requireLanguage(params: { lang?: string }): Language {
  if (!isSupportedLanguage(params.lang)) notFound();
  return params.lang;
}

/** A form body that cannot be read (wrong content type, broken encoding) is the client's fault: 400. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data(null, { status: 400 });
  }
}

const LOCAL_BASE = "http://padauk.invalid";

/**
 * Whether a Location header's value keeps the browser on this site. Judged by the URL parser
 * browsers use (WHATWG), so every spelling that reaches another host — `//host`, `/\host`,
 * tabs or line breaks inside, a scheme — is caught as the browser would read it.
 */
export function isLocalLocation(value: string): boolean {
  try {
    return new URL(value, LOCAL_BASE).origin === LOCAL_BASE;
  } catch {
    return false;
  }
}

/**
 * Only same-site absolute paths. The result is re-serialised by the URL parser, so it is
 * percent-encoded ASCII with no line breaks and can go into a Location header as it is. The
 * parser resolves dot segments (`/.//host` becomes `//host`), so the path it gives back is
 * checked again: leading slashes are collapsed into one.
 */
export function safeLocalPath(to: string | null, fallback: string): string {
  if (!to || !to.startsWith("/")) return fallback;
  try {
    const url = new URL(to, LOCAL_BASE);
    if (url.origin !== LOCAL_BASE) return fallback;
    const path = `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
    return isLocalLocation(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Public pages that are the same for everyone (home, campaign): browsers revalidate, shared
 * caches (a CDN, a reverse proxy) keep them 5 s and may serve a stale copy for 30 s more while
 * fetching a fresh one. Pages that show a visitor their own state (thanks, receipts) say no-store.
 */
export const PUBLIC_PAGE_CACHE = "public, max-age=0, s-maxage=5, stale-while-revalidate=30";

/** Seconds → whole minutes for "try again in N minutes" (never 0). */
export function retryMinutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

/** The Retry-After header of a throttled answer. */
export function retryAfterHeaders(seconds: number): Record<string, string> {
  return { "Retry-After": String(seconds), "Cache-Control": "no-store" };
}

/**
 * Thrown in place of a database connection failure (see db/index.ts): shaped like Remix's
 * `data(…, { status: 503 })`, so every loader and action that meets it answers with the
 * "briefly unavailable" page in the visitor's language and a Retry-After, not a 500. It is also
 * a real Error, so the worker's logs still read.
 */
export class DatabaseUnavailable extends Error {
  readonly type = "DataWithResponseInit";
  readonly data = { unavailable: true };
  readonly init = { status: 503, headers: { "Retry-After": "10", "Cache-Control": "no-store" } };
  constructor(readonly cause: unknown) {
    super(`database unavailable: ${(cause as Error)?.message ?? String(cause)}`);
  }
}
