import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { serverI18n } from "./lib/i18n.server";
import { loggableError, loggablePath } from "./lib/log.server";
import { fallbackLanguage, isSupportedLanguage } from "./lib/i18n";
import { NonceContext } from "./web/nonce";
import { contentSecurityPolicy, pageScripts } from "./lib/page-scripts";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // The language is the first path segment; the root loader picked it and its data says so.
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { lang?: string } | undefined;
  const lng = isSupportedLanguage(rootData?.lang) ? rootData!.lang! : fallbackLanguage;
  const i18n = serverI18n().cloneInstance({ lng, initImmediate: false });
  // The page's policy allows exactly the scripts it loads (none on public pages).
  const { loaderData, matches } = remixContext.staticHandlerContext;
  const page = pageScripts(matches.map((m) => ({ handle: remixContext.routeModules[m.route.id]?.handle, data: loaderData?.[m.route.id] })));
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce, page));
  const callback = isbot(request.headers.get("user-agent") || "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [callback]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(`error rendering ${loggablePath(new URL(request.url).pathname)}: ${loggableError(error)}`);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** A refusal Remix or a route gave on purpose (404, 405, 403, 429…): an answer, not a fault. */
function isExpectedRefusal(error: unknown): boolean {
  if (isRouteErrorResponse(error)) return error.status < 500;
  const init = (error as { type?: string; init?: { status?: number } } | null)?.init;
  return (error as { type?: string } | null)?.type === "DataWithResponseInit" && (init?.status ?? 500) < 500;
}

/**
 * Unexpected errors are logged without request data (no addresses, no form fields, no query),
 * with secrets in the path and message replaced; expected 4xx answers are not logged at all.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted || isExpectedRefusal(error)) return;
  console.error(`error on ${loggablePath(new URL(request.url).pathname)}: ${loggableError(error)}`);
}
