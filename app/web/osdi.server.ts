import type { AppLoadContext } from "@remix-run/node";
import { authenticate, pageNumber } from "../services/osdi.server";
import type { ApiCaller } from "../models/partner-signatures.server";
import { retryAfterHeaders } from "./http.server";

/**
 * HTTP for the OSDI API (docs/osdi-api.md). Every answer holds one caller's data or is about one
 * caller's token: none may be kept by a cache or proxy, so none is `public`.
 */
export function halJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/hal+json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function osdiError(status: number, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error, ...extra }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** Every route's first line: the caller of a valid token within its throttle, or the 401 or 429 thrown. */
export async function requireOsdiCaller(request: Request, context: AppLoadContext): Promise<ApiCaller> {
  const auth = await authenticate(context, request.headers.get("OSDI-API-Token"));
  if (auth.kind === "unauthorized") throw osdiError(401, auth.message, {}, { "WWW-Authenticate": 'OSDI-API-Token realm="padauk"' });
  if (auth.kind === "throttled") {
    throw osdiError(
      429,
      `Too many requests for this token: try again in ${auth.retryAfterSeconds} seconds.`,
      { retry_after: auth.retryAfterSeconds },
      retryAfterHeaders(auth.retryAfterSeconds),
    );
  }
  return auth.caller;
}

/** `?page=N` of a collection, or a 400 thrown. */
export function requirePage(request: Request): number {
  const page = pageNumber(new URL(request.url).searchParams.get("page"));
  if (!page.ok) throw osdiError(400, page.message, { fields: { page: page.message } });
  return page.page;
}

export function notFoundPetition(): Response {
  return osdiError(404, "No petition with this identifier is visible to this token.");
}

/** A method the resource does not take (a POST to a read-only collection, a PUT, a DELETE). */
export function methodNotAllowed(allow: string): Response {
  return osdiError(405, `This resource takes ${allow} only.`, {}, { Allow: allow });
}
