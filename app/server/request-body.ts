import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

/** How much a request may send: bytes of body, and fields (urlencoded) or parts (multipart). */
export interface BodyLimit {
  bytes: number;
  fields: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Public forms are small: the longest is a letter of 5,000 characters, at most 45 KB once
 * Burmese is percent-encoded, with 50 officials ticked. The dashboard posts whole translations
 * (a 20,000-character body) and up to 1,000 signature ids; the officials' CSV import a file.
 */
export const BODY_LIMITS = {
  public: { bytes: 128 * KiB, fields: 200 },
  dashboard: { bytes: 2 * MiB, fields: 2_500 },
  import: { bytes: 10 * MiB, fields: 20 },
  // One signature of the OSDI API is a few hundred bytes of JSON; 16 KiB leaves room for a
  // client's own extra fields (tags, custom fields) that are read and ignored.
  api: { bytes: 16 * KiB, fields: 200 },
} satisfies Record<string, BodyLimit>;

export function bodyLimitFor(path: string): BodyLimit {
  if (/^\/dashboard\/targets\/[^/]+\/?$/.test(path)) return BODY_LIMITS.import;
  if (path.startsWith("/dashboard/") || path.startsWith("/internal/")) return BODY_LIMITS.dashboard;
  if (path.startsWith("/api/osdi/")) return BODY_LIMITS.api;
  return BODY_LIMITS.public;
}

/**
 * After refusing a body, the rest is read and dropped for at most this long (a "lingering
 * close", as nginx does): a client still sending then reads the answer instead of a reset.
 */
const DRAIN_MS = 2_000;

function countOf(body: Buffer, needle: Buffer, stopAfter: number): number {
  let n = 0;
  for (let i = body.indexOf(needle); i !== -1 && n <= stopAfter; i = body.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Fields of a urlencoded body or parts of a multipart one, counted without parsing them. */
function tooManyFields(body: Buffer, contentType: string | undefined, limit: number): boolean {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
    // Each part opens with "--boundary"; the closing delimiter adds one more.
    return boundary ? countOf(body, Buffer.from(`--${boundary}`), limit + 1) > limit + 1 : false;
  }
  if (type.startsWith("application/x-www-form-urlencoded") || type === "") return countOf(body, Buffer.from("&"), limit) + 1 > limit;
  return false;
}

/**
 * Reads a request's body before Remix sees it, within the limit for its path: a body declared
 * too large is refused before a byte of it is read, one that grows too large (chunked, or a
 * lying Content-Length) as soon as it passes the limit, and one with too many fields or parts
 * before it is parsed. Without this, one 200 MiB post took the process from 0.5 to 1.9 GB.
 * `refuse` writes the 413 page; the connection is then drained briefly and closed.
 */
export function limitRequestBodies(refuse: (req: ExpressRequest, res: ExpressResponse) => void) {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const limit = bodyLimitFor(req.path);
    let settled = false;
    const tooLarge = () => {
      settled = true;
      // Not "Connection: close": Node would then close the socket the moment the answer is
      // written, with the client's data unread, and the reset can overtake the answer.
      refuse(req, res);
      // Read and drop the rest for a moment, so the client sees the answer instead of a reset
      // while it is still sending; then close, whatever is left.
      const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
      timer.unref();
      req.removeAllListeners("data");
      req.on("end", () => clearTimeout(timer));
      req.resume();
    };
    const declared = Number(req.headers["content-length"] ?? NaN);
    if (declared > limit.bytes) return tooLarge();

    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit.bytes) return tooLarge();
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      const body = Buffer.concat(chunks, size);
      if (tooManyFields(body, req.headers["content-type"], limit.fields)) return refuse(req, res);
      res.locals.body = body;
      next();
    });
    // The client went away mid-body: there is nobody to answer.
    req.on("error", () => {
      settled = true;
    });
  };
}
