import cluster from "node:cluster";
import type { OutboxWorker } from "../outbox/worker.server";
import type { Booted } from "./boot.server";

/**
 * WEB_CONCURRENCY app processes on one port (node:cluster), each with its own pool. Everything
 * they share (sessions, throttles, counts, the outbox) is in Postgres, so they need nothing from
 * each other; the primary only starts them, replaces one that dies and runs the outbox worker.
 */
export function supervise({ database, mailer }: Booted, worker: OutboxWorker | undefined, processes: number, started: number) {
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
    await Promise.all(children.map((c) => new Promise((resolve) => (c.isDead() ? resolve(null) : (c.once("exit", resolve), c.process.kill("SIGTERM"))))));
    await worker?.stop();
    mailer.close();
    await database.db.destroy();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  for (let i = 0; i < processes; i++) fork();
}
