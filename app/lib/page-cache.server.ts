import type { NextFunction, Request, Response } from "express";

/**
 * A one-second cache, in each app process, of the public pages that are the same for every
 * reader (those whose loader says `Cache-Control: public…`: the home page, campaign pages, the
 * JSON API). When a campaign goes viral, thousands of readers a second then cost one render a
 * second per page, and the count shown is at most a second older than the database — within what
 * the page already allows a CDN (5 s). It keeps only what it would be safe to hand to anyone:
 * GET, 200, public, no Set-Cookie. Compressed bytes are kept per encoding, with the headers they
 * were sent with (the CSP nonce in the header matches the one in the page it goes with).
 */
interface Entry {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  expires: number;
}

const TTL_MS = 1_000;
const MAX_ENTRIES = 1_000;
/** Larger answers are not kept (a page is ~20 KB compressed). */
const MAX_BODY = 512 * 1024;

export function pageCache() {
  const entries = new Map<string, Entry>();
  /** Requests waiting for a render already under way for the same key. */
  const waiting = new Map<string, (() => void)[]>();

  const send = (req: Request, res: Response, e: Entry) => {
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    res.setHeader("Age", String(Math.floor((TTL_MS - (e.expires - Date.now())) / 1000)));
    if (e.headers.etag && req.headers["if-none-match"] === e.headers.etag) {
      res.removeHeader("Content-Length");
      res.status(304).end();
      return;
    }
    res.status(e.status).end(e.body);
  };

  return function cache(req: Request, res: Response, next: NextFunction) {
    // The OSDI API answers each token with its own data: never kept, nor queued behind another
    // caller's request for the same URL.
    if (
      req.method !== "GET" ||
      req.path.startsWith("/build/") ||
      req.path.startsWith("/dashboard") ||
      req.path.startsWith("/dev/") ||
      req.path.startsWith("/api/osdi/")
    )
      return next();
    // Keyed on the exact Accept-Encoding too: the bytes kept are compressed for it.
    const key = `${req.headers["accept-encoding"] ?? ""}|${req.originalUrl}`;
    const hit = entries.get(key);
    if (hit && hit.expires > Date.now()) return send(req, res, hit);

    const queue = waiting.get(key);
    if (queue) {
      // Someone is rendering this page right now: wait for it rather than render it again.
      queue.push(() => {
        const e = entries.get(key);
        if (e && e.expires > Date.now()) send(req, res, e);
        else next();
      });
      return;
    }
    waiting.set(key, []);
    const release = () => {
      const q = waiting.get(key) ?? [];
      waiting.delete(key);
      for (const resume of q) resume();
    };

    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => Response;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || size > MAX_BODY) return;
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
      size += b.length;
      chunks.push(b);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== "function") keep(chunk, rest[0]);
      const result = end(chunk, ...rest);
      const cacheControl = String(res.getHeader("Cache-Control") ?? "");
      if (res.statusCode === 200 && cacheControl.startsWith("public") && !res.getHeader("Set-Cookie") && size <= MAX_BODY) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(key, { status: 200, headers: res.getHeaders() as Entry["headers"], body: Buffer.concat(chunks), expires: Date.now() + TTL_MS });
      }
      release();
      return result;
    }) as typeof res.end;
    res.on("close", release);
    next();
  };
}
