import { createHmac } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import type { ServerBuild } from "@remix-run/node";
import cluster from "node:cluster";
import { boot, runCli, StartupError, type Booted } from "../server/boot.server";
import { OutboxWorker } from "../outbox/worker.server";
import { redactText } from "../lib/log.server";
import { randomBytes } from "../lib/crypto.server";
import { createRateLimiter } from "../models/rate-limit.server";
import { pageCache } from "../lib/page-cache.server";
import { DatabaseUnavailable, isLocalLocation } from "../web/http.server";
import { limitRequestBodies, remixHandler } from "../server/request-body";
import { fixedT } from "../lib/i18n.server";
import { fallbackLanguage, isSupportedLanguage } from "../lib/i18n";
import type { AppContext } from "../web/context.server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * A minimal page in the visitor's language (from the path, else English) for requests refused
 * before they reach Remix.
 */
function plainPage(req: express.Request, res: express.Response, status: number, bodyKey: string, titleKey = "errors.badRequestTitle") {
  const segment = req.path.split("/")[1];
  const lang = isSupportedLanguage(segment) ? segment : fallbackLanguage;
  const t = fixedT(lang);
  res
    .status(status)
    .type("html")
    .send(`<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t(titleKey)}</title><h1>${t(titleKey)}</h1><p>${t(bodyKey)}</p></html>`);
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

/**
 * The Host a browser sent names this machine (`localhost`, `127.x.x.x`, `[::1]`). A page on
 * another site that rebinds its own name to 127.0.0.1 (DNS rebinding) reaches the server from
 * the developer's own browser, but with its own name in Host: that is what tells it apart.
 */
function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? "").toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Headers a proxy adds: a request that carries one came through something else, not from here. */
const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded", "x-real-ip", "via"];

runCli(async () => {
  const started = Date.now();
  // In a cluster (WEB_CONCURRENCY > 1) the primary migrates once; its app processes do not.
  const booted = await boot({ migrate: cluster.isPrimary, unavailable: (cause) => new DatabaseUnavailable(cause) });
  const { config, database, crypto, mailer } = booted;
  // One outbox worker per `npm start`: in the only process, or in the primary that supervises the
  // app processes. A deployment that runs `npm run worker` separately sets OUTBOX_WORKER=off.
  const worker =
    !cluster.isPrimary || process.env.OUTBOX_WORKER === "off"
      ? undefined
      : new OutboxWorker({ db: database.db, crypto, mailer, publicUrl: config.publicUrl, retentionDays: config.messageRetentionDays, secret: config.appSecret, leaseSeconds: config.outboxLeaseSeconds, log: (l) => console.warn(redactText(l)) });
  worker?.start();
  if (cluster.isPrimary && config.webConcurrency > 1) {
    supervise(booted, worker, config.webConcurrency, started);
    return;
  }
  await serveHttp(booted, worker, started);
});

/**
 * WEB_CONCURRENCY app processes on one port (node:cluster), each with its own pool. Everything
 * they share (sessions, throttles, counts, the outbox) is in Postgres, so they need nothing from
 * each other; the primary only starts them, replaces one that dies and runs the outbox worker.
 */
function supervise({ database, mailer }: Booted, worker: OutboxWorker | undefined, processes: number, started: number) {
  let listening = 0;
  let closing = false;
  const fork = () => {
    const child = cluster.fork();
    let up = false;
    child.on("message", (m: { type?: string; line?: string }) => {
      if (m?.type === "wake-outbox") worker?.wake();
      if (m?.type === "listening") {
        up = true;
        if (++listening === processes) console.log(`${m.line} · ${processes} app processes · ready in ${Date.now() - started} ms`);
      }
    });
    child.on("exit", (code, signal) => {
      if (closing) return;
      // One that never came up (a port in use, a bad build) would fail again: stop altogether.
      if (!up) {
        console.error(`padauk: an app process failed to start (${signal ?? code}); stopping`);
        void shutdown(1);
        return;
      }
      console.error(`padauk: app process ${child.process.pid} ended (${signal ?? code}); starting another`);
      setTimeout(fork, 1000);
    });
  };
  const shutdown = async (code = 0) => {
    if (closing) return;
    closing = true;
    const children = Object.values(cluster.workers ?? {}).filter((c) => c !== undefined);
    await Promise.all(
      children.map((c) => new Promise((resolve) => (c.isDead() ? resolve(null) : (c.once("exit", resolve), c.process.kill("SIGTERM"))))),
    );
    await worker?.stop();
    mailer.close();
    await database.db.destroy();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  for (let i = 0; i < processes; i++) fork();
}

async function serveHttp({ config, database, crypto, mailer }: Booted, worker: OutboxWorker | undefined, started: number) {
  const { db } = database;

  let build: ServerBuild;
  try {
    build = (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
  } catch {
    throw new StartupError("no production build in ./build: run `npm run build` first (npm start does this)");
  }

  const limiter = createRateLimiter(db, { enabled: config.rateLimit });
  // Said once per `npm start`, not once per app process.
  if (!config.rateLimit && (cluster.isPrimary || cluster.worker?.id === 1)) {
    console.warn("padauk: WARNING: RATE_LIMIT=off — every throttle is lifted. Use this for load tests only, never in production.");
  }

  const publicOrigin = new URL(config.publicUrl).origin;
  const app = express();
  app.disable("x-powered-by");
  // Only with TRUST_PROXY=N does req.ip come from X-Forwarded-For (N hops from the right);
  // otherwise the header is ignored and a client cannot choose its own throttle key.
  app.set("trust proxy", config.trustProxy > 0 ? config.trustProxy : false);
  app.use((req, res, next) => {
    // A fresh nonce per response: the only inline scripts that run are the ones Remix wrote for it.
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        // Style attributes (a progress bar's width) need this; no script can run from a style.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    if (config.publicUrl.startsWith("https:")) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    // Remix refuses actions whose Origin differs from Host. Under our Referrer-Policy: no-referrer
    // browsers send "Origin: null" on every form post, and partner sites post the public signing
    // form from their own origin by design (DESIGN.md §3). Double opt-in protects signing; the
    // organiser forms carry their own CSRF tokens. So the header is dropped for these two cases;
    // any other foreign Origin gets a 403 page here (Remix would answer it with a 500).
    // A backslash in the path (also as %5C) makes the router's URL parser read a host name
    // where a path should be: refused here, before any rendering.
    if (/%5c|\\/i.test(req.url.split("?")[0])) {
      plainPage(req, res, 400, "errors.badRequestBody");
      return;
    }
    // Noted before any header is dropped: a forwarded request never counts as this machine's own.
    res.locals.forwarded = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
    // X-Forwarded-Host is believed only from trusted proxies (Remix compares Origin with it).
    if (config.trustProxy === 0) delete req.headers["x-forwarded-host"];
    if (req.method !== "GET" && req.headers.origin !== undefined) {
      const host = String(req.headers["x-forwarded-host"] ?? req.headers.host ?? "").split(",")[0].trim();
      if (req.headers.origin === "null" || /^\/[a-z]{2}\/campaigns\/[^/]+\/?$/.test(req.path)) {
        delete req.headers.origin;
      } else if (!sameHost(req.headers.origin, host)) {
        plainPage(req, res, 403, "errors.crossOrigin");
        return;
      }
    }
    const isPost = req.method !== "GET" && req.method !== "HEAD";
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      // An answer to a form post holds what one visitor typed: no cache may keep it, whatever
      // the page's loader said about the page itself.
      if (isPost) this.setHeader("Cache-Control", "no-store");
      // No redirect leaves the site, whatever produced it: the last line behind safeLocalPath.
      const location = this.getHeader("Location");
      if (typeof location === "string" && !isLocalLocation(location) && !location.startsWith(`${publicOrigin}/`)) this.setHeader("Location", "/");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    // Tor Browser offers the onion address to visitors who reached the public domain.
    if (config.onionUrl) res.setHeader("Onion-Location", config.onionUrl + req.originalUrl);
    next();
  });
  // Fingerprinted build assets never change: cache them for a year.
  // Public pages that are the same for everyone are rendered at most once a second per process.
  app.use(pageCache());
  // Many signers are on slow, metered connections: every text response is compressed.
  app.use(compression());
  // Brotli or gzip copies written at build time are sent to browsers that accept them.
  app.use(
    "/build",
    expressStaticGzip(path.join(root, "public/build"), { enableBrotli: true, orderPreference: ["br", "gzip"], index: false, serveStatic: { immutable: true, maxAge: "1y" } }),
  );
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  // PGlite admits one process: command-line tools hand their requests to this server instead,
  // proving they run on this machine as this user by reading a token only this user can read.
  const cliToken = database.kind === "pglite" ? randomBytes(32).toString("base64url") : null;
  const serverFile = path.join(config.dataDir, "server.json");

  // In a cluster the worker is in the primary: a burst of signatures wakes it once, not per request.
  let wakeQueued = false;
  const wakeOutbox = cluster.isPrimary
    ? () => worker?.wake()
    : () => {
        if (wakeQueued) return;
        wakeQueued = true;
        setTimeout(() => {
          wakeQueued = false;
          process.send?.({ type: "wake-outbox" });
        }, 20);
      };

  const context = (req: express.Request): AppContext => ({
    db,
    crypto,
    config,
    mailCaptureDir: mailer.captureDir,
    wakeOutbox,
    cliToken,
    limiter,
    // The socket's peer, never a header. A proxy on this machine is a loopback peer too, so a
    // request it forwarded (it carries a forwarding header) does not count as local, and nor
    // does one whose Host is not a loopback name (DNS rebinding).
    clientIsLoopback:
      isLoopback(req.socket.remoteAddress) && isLoopbackHost(req.headers.host) && req.res?.locals.forwarded === false,
    cspNonce: (req.res?.locals.cspNonce as string | undefined) ?? "",
    // Keyed with the secret and today's date: the raw address is never stored or logged.
    // Computed when a throttle asks for it, not for every page view.
    get clientKey() {
      return createHmac("sha256", config.appSecret)
        .update(`client:${new Date().toISOString().slice(0, 10)}:${req.ip ?? req.socket.remoteAddress ?? ""}`)
        .digest("base64url")
        .slice(0, 22);
    },
  });
  // Bodies are read here, within a limit per path, before Remix parses anything.
  app.all(
    "*",
    limitRequestBodies((req, res) => plainPage(req, res, 413, "requestTooLarge.body", "requestTooLarge.title")),
    remixHandler(build, process.env.NODE_ENV, context),
  );

  const server = app.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === "object" && addr ? addr.port : config.port;
    const shown = ["0.0.0.0", "::", "127.0.0.1", "::1"].includes(config.host) ? "localhost" : config.host;
    const mail = mailer.captureDir ? `mail captured, read it at http://${shown}:${port}/dev/mail` : `mail via ${mailer.describe}`;
    const line = `Padauk listening on http://${shown}:${port} · database: ${database.describe} · ${mail}`;
    // An app process in a cluster reports to the primary, which prints one line for all.
    if (cluster.isPrimary) console.log(`${line} · ready in ${Date.now() - started} ms`);
    else process.send?.({ type: "listening", line });
    if (cliToken) writeFileSync(serverFile, JSON.stringify({ url: `http://127.0.0.1:${port}`, token: cliToken, pid: process.pid }), { mode: 0o600 });
    if (config.appSecretGenerated) {
      console.warn(`padauk: using the generated secret in ${config.dataDir}/app-secret; set APP_SECRET in production`);
    }
  });
  server.on("error", (err) => {
    console.error(`padauk: cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    if (cliToken) rmSync(serverFile, { force: true });
    server.close();
    await worker?.stop();
    mailer.close();
    await db.destroy();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  // The primary is gone (killed): an app process must not live on holding the port.
  process.on("disconnect", shutdown);
}
