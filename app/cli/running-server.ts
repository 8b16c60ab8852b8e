import { readFileSync } from "node:fs";
import path from "node:path";
import { StartupError } from "../server/boot.server";

/**
 * The command-line tools on the embedded database: while a server holds it (PGlite admits one
 * process), the request goes to that server's loopback-only `/internal/…` routes with the token
 * from DATA_DIR/server.json. Null when no server is running there.
 */
export async function askRunningServer<T>(dataDir: string, route: string, body: unknown): Promise<{ answer: T; url: string } | null> {
  let server: { url: string; token: string };
  try {
    server = JSON.parse(readFileSync(path.join(dataDir, "server.json"), "utf8"));
  } catch {
    return null;
  }
  let res: Response;
  try {
    res = await fetch(`${server.url}${route}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}` },
      body: JSON.stringify(body),
    });
  } catch {
    return null; // a stale file: the server is gone, open the data directly
  }
  const answer = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new StartupError(`the running server refused: ${answer.message ?? res.status}`);
  return { answer, url: server.url };
}

/** A database URL without its password, to say which database was used. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(DATABASE_URL)";
  }
}

/** Whether a Padauk server answers its health check at this address, within two seconds. */
export async function answers(publicUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${publicUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}
