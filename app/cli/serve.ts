import cluster from "node:cluster";
import { boot, outboxWorker, runCli } from "../server/boot.server";
import { supervise } from "../server/cluster";
import { serveHttp } from "../server/http-app";
import { DatabaseUnavailable } from "../web/http.server";

// `npm start`: one process, or a cluster supervisor and its app processes (WEB_CONCURRENCY).
runCli(async () => {
  const started = Date.now();
  // In a cluster (WEB_CONCURRENCY > 1) the primary migrates once; its app processes do not.
  const booted = await boot({ migrate: cluster.isPrimary, unavailable: (cause) => new DatabaseUnavailable(cause) });
  const { config } = booted;
  // One outbox worker per `npm start`: in the only process, or in the primary that supervises the
  // app processes. A deployment that runs `npm run worker` separately sets OUTBOX_WORKER=off.
  const worker = !cluster.isPrimary || process.env.OUTBOX_WORKER === "off" ? undefined : outboxWorker(booted);
  worker?.start();
  if (cluster.isPrimary && config.webConcurrency > 1) {
    supervise(booted, worker, config.webConcurrency, started);
    return;
  }
  await serveHttp(booted, worker, started);
});
