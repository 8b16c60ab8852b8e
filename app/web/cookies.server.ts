import { createCookie } from "@remix-run/node";
import type { Config } from "../lib/config.server";

/**
 * Every cookie Padauk sets: signed with APP_SECRET, HttpOnly, SameSite=Lax, and Secure whenever
 * Padauk is served over HTTPS (a loopback development server has no TLS).
 */
export function appCookie(config: Pick<Config, "appSecret" | "publicUrl">, name: string, opts: { maxAge: number; path?: string }) {
  return createCookie(name, {
    secrets: [config.appSecret],
    httpOnly: true,
    sameSite: "lax",
    secure: config.publicUrl.startsWith("https:"),
    path: opts.path ?? "/",
    maxAge: opts.maxAge,
  });
}
