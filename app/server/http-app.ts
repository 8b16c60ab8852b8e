import { rmSync, writeFileSync } from "node:fs";
import cluster from "node:cluster";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import type { ServerBuild } from "@remix-run/node";
import { randomBytes } from "../lib/crypto.server";
import { pageCache } from "../lib/page-cache.server";
import { createRateLimiter } from "../models/rate-limit.server";
import type { OutboxWorker } from "../outbox/worker.server";
import { StartupError, type Booted } from "./boot.server";
import { plainPage } from "./plain-page";
import { BODY_LIMITS, limitRequestBodies } from "./request-body";
import { requestContext } from "./request-context";
import { remixHandler } from "./remix-handler";
import { securityMiddleware } from "./security";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The HTTP server of one app process: security rules, caches, static files, then Remix. */
export async function serveHttp(booted: Booted, worker: OutboxWorker | undefined, started: number) {
  const { config, database, mailer } = booted;
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

  const app = express();
  app.disable("x-powered-by");
  // Only with TRUST_PROXY=N does req.ip come from X-Forwarded-For (N hops from the right);
  // otherwise the header is ignored and a client cannot choose its own throttle key.
  app.set("trust proxy", config.trustProxy > 0 ? config.trustProxy : false);
  app.use(securityMiddleware(config));
  // Fingerprinted build assets never change: cache them for a year.
  // Public pages that are the same for everyone are rendered at most once a second per process.
  app.use(pageCache());
  // Many signers are on slow, metered connections: every text response is compressed.
  app.use(compression());
  // Brotli or gzip copies written at build time are sent to browsers that accept them.
  app.use(
    "/build",
    expressStaticGzip(path.join(root, "public/build"), {
      enableBrotli: true,
      orderPreference: ["br", "gzip"],
      index: false,
      serveStatic: { immutable: true, maxAge: "1y" },
    }),
  );
  // The Myanmar font's pieces (cut at build time) change only with the font package: a week.
  app.use("/fonts", express.static(path.join(root, "public/fonts"), { maxAge: "7d", index: false }));
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

  const context = requestContext({ booted, limiter, cliToken, wakeOutbox });
  // Bodies are read here, within a limit per path, before Remix parses anything.
  app.all(
    "*",
    limitRequestBodies((req, res) => {
      // An API client reads JSON, not a page (docs/osdi-api.md).
      if (req.path.startsWith("/api/osdi/")) {
        res
          .status(413)
          .type("application/json")
          .set("Cache-Control", "no-store")
          .send(JSON.stringify({ error: `The body is too large (at most ${BODY_LIMITS.api.bytes} bytes).` }));
        return;
      }
      plainPage(req, res, 413, "requestTooLarge.body", "requestTooLarge.title");
    }),
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
