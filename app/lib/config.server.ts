import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  appSecret: string;
  /** True when the secret was generated into DATA_DIR (embedded default); start-up warns. */
  appSecretGenerated: boolean;
  production: boolean;
  /** Days after which letters to officials are erased (counts stay). */
  messageRetentionDays: number;
  /** Proxy hops in front of the app whose X-Forwarded-For is believed; 0: the header is ignored. */
  trustProxy: number;
  /** False only with RATE_LIMIT=off (load tests): every throttle is lifted. */
  rateLimit: boolean;
  /** The onion service's address, announced in an Onion-Location header. */
  onionUrl: string | undefined;
  /** Seconds a worker keeps a claimed mail before another worker may take it over (it died). */
  outboxLeaseSeconds: number;
  /** App processes `npm start` runs on this machine (one per core); more than one needs Postgres. */
  webConcurrency: number;
  /** WEBHOOK_ALLOW_PRIVATE=1: webhooks may go to loopback and private addresses (tests, a CRM on the same network). */
  webhookAllowPrivate: boolean;
}

/** A configuration error is printed as one line and stops start-up; never a stack trace. */
export class ConfigError extends Error {}

const urlWithProtocols = (protocols: string[], name: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `${name} must be a URL starting with ${protocols.map((p) => p + "//").join(" or ")}`,
    );

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: urlWithProtocols(["postgres:", "postgresql:"], "DATABASE_URL").optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  SMTP_URL: urlWithProtocols(["smtp:", "smtps:"], "SMTP_URL").optional(),
  MAIL_FROM: z.string().min(3).default("Padauk <no-reply@localhost>"),
  PUBLIC_URL: urlWithProtocols(["http:", "https:"], "PUBLIC_URL").optional(),
  APP_SECRET: z.string().min(32, "APP_SECRET must be at least 32 characters").optional(),
  NODE_ENV: z.string().optional(),
  MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  TRUST_PROXY: z.coerce.number({ message: "TRUST_PROXY must be a number of proxy hops" }).int().min(0).max(10).default(0),
  RATE_LIMIT: z.enum(["on", "off"], { message: "RATE_LIMIT must be on or off" }).default("on"),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  WEB_CONCURRENCY: z.coerce.number({ message: "WEB_CONCURRENCY must be a number of processes" }).int().min(1).max(64).default(1),
  WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"], { message: "WEBHOOK_ALLOW_PRIVATE must be 0 or 1" }).default("0"),
  ONION_URL: urlWithProtocols(["http:", "https:"], "ONION_URL")
    .refine((v) => new URL(v).hostname.endsWith(".onion"), "ONION_URL must be an address ending in .onion")
    .optional(),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" (a blank line in an env file should not become a bad URL).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue.path.join(".");
    throw new ConfigError(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    throw new ConfigError("WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database admits only one process");
  }
  const dataDir = path.resolve(e.DATA_DIR);
  let appSecret = e.APP_SECRET;
  let appSecretGenerated = false;
  if (!appSecret) {
    if (e.DATABASE_URL) {
      throw new ConfigError("APP_SECRET is required when DATABASE_URL is set (at least 32 characters, the same for every process)");
    }
    appSecret = readOrCreateSecret(dataDir);
    appSecretGenerated = true;
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    appSecret,
    appSecretGenerated,
    production: e.NODE_ENV === "production",
    messageRetentionDays: e.MESSAGE_RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY,
    rateLimit: e.RATE_LIMIT === "on",
    outboxLeaseSeconds: e.OUTBOX_LEASE_SECONDS,
    webConcurrency: e.WEB_CONCURRENCY,
    onionUrl: e.ONION_URL?.replace(/\/+$/, ""),
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === "1",
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "app-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
