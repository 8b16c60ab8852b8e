import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";

/**
 * Remix's Express adapter (@remix-run/express, whose package exports only the handler), but the body is the one already read within its limit (the
 * adapter would stream the raw request to Remix, which buffers all of it to parse a form).
 */
export function remixHandler(build: ServerBuild, mode: string | undefined, getLoadContext: (req: ExpressRequest) => AppLoadContext) {
  const handle = createRequestHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req));
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) {
    // The page's own policy replaces the middleware's default; other headers add up (Set-Cookie).
    if (key === "content-security-policy") res.setHeader(key, value);
    else res.append(key, value);
  }
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function remixHeaders(from: ExpressRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(from)) {
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values) headers.set(key, values);
  }
  return headers;
}

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // As the adapter does: the port from X-Forwarded-Host (trusted proxies only) or Host, and
  // req.hostname, which respects the "trust proxy" setting.
  const port = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const p = [port(req.get("X-Forwarded-Host")), port(req.get("host"))].find((n) => Number.isSafeInteger(n));
  const url = new URL(`${req.protocol}://${req.hostname}${p ? `:${p}` : ""}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  // Loaders and actions are aborted when the client leaves before the answer is written.
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const body = res.locals.body as Buffer | undefined;
  return new Request(url.href, {
    method: req.method,
    headers: remixHeaders(req.headers),
    signal: controller.signal,
    body:
      req.method === "GET" || req.method === "HEAD"
        ? undefined
        : ((body ? new Uint8Array(body.buffer, body.byteOffset, body.length) : new Uint8Array(0)) as Uint8Array<ArrayBuffer>),
  });
}
