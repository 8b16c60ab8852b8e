import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Runs `npm start`'s server entry with the given environment and collects how it ends. */
function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/cli/serve.ts"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), "padauk-start-")),
        PORT: "0",
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const secret = "a-secret-of-at-least-thirty-two-characters";

describe("start-up with a bad configuration stops with one readable line", () => {
  it("a DATABASE_URL that is not a Postgres URL", async () => {
    const r = await start({ DATABASE_URL: "mysql://localhost/padauk", APP_SECRET: secret });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual(["padauk: configuration: DATABASE_URL must be a URL starting with postgres:// or postgresql://"]);
  });

  it("a DATABASE_URL where nothing listens", async () => {
    const r = await start({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/padauk", APP_SECRET: secret });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^padauk: cannot use DATABASE_URL: ECONNREFUSED/);
  });

  it("a DATABASE_URL without APP_SECRET", async () => {
    const r = await start({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x" });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^padauk: configuration: APP_SECRET is required when DATABASE_URL is set/);
  });

  it("an SMTP_URL where nothing listens", async () => {
    const r = await start({ SMTP_URL: "smtp://127.0.0.1:1" });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^padauk: cannot use SMTP_URL \(smtp:\/\/127\.0\.0\.1:1\): .*ECONNREFUSED/);
  });

  it("a malformed SMTP_URL", async () => {
    const r = await start({ SMTP_URL: "http://mail.example.org" });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("padauk: configuration: SMTP_URL must be a URL starting with smtp:// or smtps://");
  });
});
