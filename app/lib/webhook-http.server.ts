import http from "node:http";
import https from "node:https";
import ipaddr from "ipaddr.js";
import { guardedLookup, isPrivateAddress } from "./webhook-url.server";

/** What one POST to a partner's endpoint came to. */
export type WebhookAttempt =
  | { ok: true; status: number; ms: number }
  /** status: the HTTP status when there was an answer (non-2xx, a redirect); null on a network error. */
  | { ok: false; status: number | null; error: string; ms: number };

export interface PostOptions {
  /** The whole attempt, connect to last byte of the answer. */
  timeoutMs: number;
  allowPrivate: boolean;
  /** At most this much of the answer is read (it is only kept as an error hint). */
  maxResponseBytes?: number;
}

/**
 * POST a webhook body. The connection goes through `guardedLookup`, so the address checked is
 * the one connected to; an IP literal never reaches a lookup, so it is checked here. Redirects
 * are never followed (node:http does not follow them; a 3xx is reported as a failure), a
 * partner's receiver gets a few KiB of reading at most, and every attempt ends within the timeout.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, opts: PostOptions): Promise<WebhookAttempt> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ ok: false, status: null, error: "invalid URL", ms: 0 });
      return;
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") {
      resolve({ ok: false, status: null, error: "only http and https", ms: 0 });
      return;
    }
    const bare = target.hostname.replace(/^\[|\]$/g, "");
    if (!opts.allowPrivate && ipaddr.isValid(bare) && isPrivateAddress(bare)) {
      resolve({ ok: false, status: null, error: `${bare} is a private address`, ms: 0 });
      return;
    }
    let settled = false;
    const done = (r: WebhookAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const client = target.protocol === "https:" ? https : http;
    const payload = Buffer.from(body, "utf8");
    const req = client.request(target, {
      method: "POST",
      // A fresh connection per delivery: no pooled socket outlives the check of its address.
      agent: false,
      lookup: guardedLookup(opts.allowPrivate) as never,
      headers: { ...headers, "Content-Length": String(payload.length), Connection: "close" },
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => {
      done({ ok: false, status: null, error: err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message, ms: ms() });
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const limit = opts.maxResponseBytes ?? 4096;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const text = Buffer.concat(chunks).toString("utf8").slice(0, 200);
        if (status >= 200 && status < 300) done({ ok: true, status, ms: ms() });
        else if (status >= 300 && status < 400)
          done({ ok: false, status, error: `redirect to ${String(res.headers.location ?? "").slice(0, 200)} not followed`, ms: ms() });
        else done({ ok: false, status, error: `HTTP ${status}${text ? `: ${text}` : ""}`, ms: ms() });
        req.destroy();
      };
      res.on("data", (c: Buffer) => {
        if (size < limit) chunks.push(c.subarray(0, limit - size));
        size += c.length;
        // Enough read: the status is what counts, the rest of a large answer is not waited for.
        if (size >= limit) finish();
      });
      res.on("end", finish);
      res.on("error", finish);
    });
    req.end(payload);
  });
}
