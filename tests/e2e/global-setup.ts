import { startServer } from "../helpers/server";

/** One production server for the whole end-to-end run (see tests/helpers/server.ts). */
export default async function globalSetup() {
  const server = await startServer();
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_STARTUP_LINE = server.startupLine;
  return () => server.stop();
}
