import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { RunningServer } from "./server";

const run = promisify(execFile);

export interface CreatedPartner {
  partner: string;
  token: string;
  webhookSecret: string | null;
}

/** `npm run partner:create` against a running server's data, as an operator types it; its last line, parsed. */
export async function partnerCreate(env: Record<string, string>, args: string[]): Promise<CreatedPartner> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "app/cli/partner-create.ts", ...args], { env: { ...process.env, ...env } });
  return JSON.parse(stdout.trim().split("\n").pop()!) as CreatedPartner;
}

/** The mails a running server captured (DATA_DIR/mail) for one address, as raw text. */
export function capturedMailTo(server: RunningServer, address: string): string[] {
  const dir = path.join(server.dataDir, "mail");
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
  } catch {
    return [];
  }
  return files.map((f) => readFileSync(path.join(dir, f), "utf8")).filter((m) => new RegExp(`^To: ${address}`, "mi").test(m));
}
