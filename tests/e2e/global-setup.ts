import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase } from "../helpers/db";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Starts the production server the way `npm start` does (after `remix build`), on a fresh data
 * directory and, with DATABASE_URL, a fresh Postgres database, with mail captured for /dev/mail.
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "padauk-e2e-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let dropDatabase: (() => Promise<void>) | undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    PUBLIC_URL: baseUrl,
    SMTP_URL: "",
  };
  if (process.env.DATABASE_URL) {
    // A database of its own, migrated and seeded by the server itself at start-up.
    const t = await createTestDatabase();
    await t.db.destroy();
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = new URL(t.url!).pathname.slice(1);
    // Start from an empty database: the server must migrate and seed it.
    await admin.query(`drop database ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    env.DATABASE_URL = t.url;
    env.APP_SECRET = "e2e-secret-that-is-at-least-32-characters-long";
    dropDatabase = async () => {
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }

  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "app/cli/serve.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (d) => (output += d));
  server.stderr!.on("data", (d) => (output += d));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_STARTUP_LINE = output.split("\n")[0];

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
