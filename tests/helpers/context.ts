import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/index";
import { loadConfig } from "../../app/lib/config.server";
import type { Crypto } from "../../app/lib/crypto.server";
import { createRateLimiter } from "../../app/models/rate-limit.server";

/** The load context app/cli/serve.ts gives routes, for calling loaders and actions directly. */
export function testContext(db: DB, crypto: Crypto, over: Partial<AppLoadContext> = {}): AppLoadContext {
  return {
    db,
    crypto,
    config: loadConfig({ APP_SECRET: "t".repeat(40), DATABASE_URL: "postgres://unused/x", PUBLIC_URL: "http://padauk.test" } as unknown as NodeJS.ProcessEnv),
    mailCaptureDir: null,
    wakeOutbox: () => {},
    clientIsLoopback: false,
    clientKey: "test-client",
    cliToken: null,
    cspNonce: "",
    limiter: createRateLimiter(db, { enabled: true }),
    ...over,
  };
}
