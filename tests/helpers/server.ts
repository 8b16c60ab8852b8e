import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { randomBytes } from "node:crypto";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface RunningServer {
  baseUrl: string;
  /** The first line the server printed. */
  startupLine: string;
  /** Milliseconds from spawning the process to the first healthy /healthz. */
  startedInMs: number;
  dataDir: string;
  /** The server's process id (the primary, when it runs WEB_CONCURRENCY app processes). */
  pid: number;
  /** The environment the server runs with (for command-line tools pointed at the same data). */
  env: Record<string, string>;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
  /** kill -9: no shutdown handler runs (the data directory and database are kept). */
  kill(): Promise<void>;
}

/**
 * Starts the production server as `npm start` does (the build must exist), on a fresh data
 * directory and, when DATABASE_URL is set, on a fresh empty database of that server, which the
 * server itself migrates and seeds. Mail is captured for /dev/mail.
 */
export async function startServer(opts: { dataDir?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), "padauk-server-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    PUBLIC_URL: baseUrl,
    SMTP_URL: "",
    ...opts.env,
  };
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL && !opts.env?.DATABASE_URL) {
    const name = `padauk_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.APP_SECRET = env.APP_SECRET || "test-secret-that-is-at-least-32-characters-long";
    dropDatabase = async () => {
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }

  const t0 = Date.now();
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", "app/cli/serve.ts"], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const startedInMs = Date.now() - t0;
  return {
    baseUrl,
    startupLine: output.split("\n")[0],
    startedInMs,
    dataDir,
    pid: child.pid!,
    output: () => output,
    env: Object.fromEntries(["DATA_DIR", "DATABASE_URL", "APP_SECRET", "PUBLIC_URL", "SMTP_URL"].filter((k) => env[k]).map((k) => [k, env[k]!])),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      await dropDatabase?.();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
