import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig as load } from "../../app/lib/config.server";

const loadConfig = (env: Record<string, string>) => load(env as unknown as NodeJS.ProcessEnv);

const dataDir = () => mkdtempSync(path.join(tmpdir(), "padauk-config-"));

describe("configuration", () => {
  it("defaults to embedded PGlite with a generated secret kept in DATA_DIR (mode 0600)", () => {
    const dir = dataDir();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe("http://localhost:3000");
    expect(c.appSecretGenerated).toBe(true);
    expect(statSync(path.join(dir, "app-secret")).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).appSecret).toBe(c.appSecret);
  });

  it("explains a bad DATABASE_URL or SMTP_URL in one line", () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "mysql://x" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must be a URL starting with postgres:/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), SMTP_URL: "not a url" })).toThrow(/SMTP_URL/);
  });

  it("requires APP_SECRET with DATABASE_URL, so every process of a deployment shares it", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/x" })).toThrow(/APP_SECRET is required/);
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/x", APP_SECRET: "short" })).toThrow(/at least 32/);
    const c = loadConfig({ DATABASE_URL: "postgres://localhost/x", APP_SECRET: "x".repeat(32), PORT: "8080" });
    expect(c.appSecretGenerated).toBe(false);
    expect(c.publicUrl).toBe("http://localhost:8080");
  });

  it("runs several app processes only on PostgreSQL", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).webConcurrency).toBe(1);
    expect(() => loadConfig({ DATA_DIR: dataDir(), WEB_CONCURRENCY: "2" })).toThrow(/WEB_CONCURRENCY above 1 needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/x", APP_SECRET: "x".repeat(32), WEB_CONCURRENCY: "two" })).toThrow(
      /WEB_CONCURRENCY must be a number/,
    );
    expect(loadConfig({ DATABASE_URL: "postgres://localhost/x", APP_SECRET: "x".repeat(32), WEB_CONCURRENCY: "4" }).webConcurrency).toBe(4);
  });

  it("reads the signer-safety settings and refuses bad ones in one line", () => {
    const d = loadConfig({ DATA_DIR: dataDir() });
    expect(d).toMatchObject({ trustProxy: 0, rateLimit: true, onionUrl: undefined });
    const c = loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: "2", RATE_LIMIT: "off", ONION_URL: "http://abcdefghij.onion/" });
    expect(c).toMatchObject({ trustProxy: 2, rateLimit: false, onionUrl: "http://abcdefghij.onion" });
    expect(() => loadConfig({ DATA_DIR: dataDir(), TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY must be a number of proxy hops/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), RATE_LIMIT: "false" })).toThrow(/RATE_LIMIT must be on or off/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ONION_URL: "https://example.org" })).toThrow(/ONION_URL must be an address ending in \.onion/);
  });
});
