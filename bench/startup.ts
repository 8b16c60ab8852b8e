/**
 * Time from launching the server to its first healthy /healthz: on a new data directory
 * (migrations and seed) and on reopening it. With DATABASE_URL, on a fresh Postgres database.
 *   npm run build && npm run bench:startup
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer } from "../tests/helpers/server";

const dataDir = mkdtempSync(path.join(tmpdir(), "padauk-bench-start-"));
const first = await startServer({ dataDir });
await first.stop();
const again = await startServer({ dataDir });
console.log(again.startupLine);
await again.stop();
rmSync(dataDir, { recursive: true, force: true });
const db = process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite";
console.log(
  `start-up on ${db}, ${new Date().toISOString().slice(0, 10)}: first start (migrate + seed) ${first.startedInMs} ms; restart ${again.startedInMs} ms`,
);
