import { createRequire } from "node:module";
import type { DB } from "../../db/index";
import { LIMIT_NAMES, type LimitName } from "./rate-limit.server";

/**
 * Abuse settings as data (docs/signer-safety.md, "Throttles"): throttle sizes and email-domain rules that organisers
 * edit in the dashboard, on top of a maintained list of disposable-address domains.
 */

let disposable: Set<string> | null = null;

/**
 * The community-kept list of throwaway-address domains (npm `disposable-email-domains`, MIT),
 * read once on first use: about 120,000 names, a few megabytes in memory.
 */
function disposableDomains(): Set<string> {
  if (!disposable) {
    const require = createRequire(import.meta.url);
    disposable = new Set(require("disposable-email-domains") as string[]);
  }
  return disposable;
}

/** Organisers' rules are a short list: read once per 15 s per process, not on every signature. */
const RULES_TTL_MS = 15_000;
const ruleCache = new WeakMap<DB, { at: number; rules: Promise<Map<string, "block" | "allow">> }>();

function domainRules(db: DB): Promise<Map<string, "block" | "allow">> {
  const cached = ruleCache.get(db);
  if (cached && Date.now() - cached.at < RULES_TTL_MS) return cached.rules;
  const rules = db
    .selectFrom("email_domain_rules")
    .select(["domain", "action"])
    .execute()
    .then((rows) => new Map(rows.map((r) => [r.domain, r.action])));
  rules.catch(() => ruleCache.delete(db));
  ruleCache.set(db, { at: Date.now(), rules });
  return rules;
}

/** The domain and each parent domain: `a.b.mailinator.com` is caught by a rule for `mailinator.com`. */
function domainAndParents(domain: string): string[] {
  const parts = domain.toLowerCase().replace(/\.$/, "").split(".");
  const out: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) out.push(parts.slice(i).join("."));
  return out;
}

/**
 * Whether an address's domain may sign or write. An organiser's `allow` wins over the list (a
 * real provider wrongly listed); their `block` adds to it.
 */
export async function isBlockedEmailDomain(db: DB, email: string): Promise<boolean> {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const candidates = domainAndParents(domain);
  if (candidates.length === 0) return false;
  const rules = await domainRules(db);
  if (candidates.some((d) => rules.get(d) === "allow")) return false;
  if (candidates.some((d) => rules.get(d) === "block")) return true;
  const list = disposableDomains();
  return candidates.some((d) => list.has(d));
}

export interface DomainRule {
  domain: string;
  action: "block" | "allow";
  createdAt: Date;
}

export async function listDomainRules(db: DB): Promise<DomainRule[]> {
  const rows = await db.selectFrom("email_domain_rules").select(["domain", "action", "created_at"]).orderBy("domain").execute();
  return rows.map((r) => ({ domain: r.domain, action: r.action, createdAt: r.created_at }));
}

export const DOMAIN_PATTERN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export async function setDomainRule(db: DB, domain: string, action: "block" | "allow" | "none"): Promise<void> {
  // This process sees the change at once; others within RULES_TTL_MS.
  ruleCache.delete(db);
  if (action === "none") {
    await db.deleteFrom("email_domain_rules").where("domain", "=", domain).execute();
    return;
  }
  await db
    .insertInto("email_domain_rules")
    .values({ domain, action })
    .onConflict((oc) => oc.column("domain").doUpdateSet({ action }))
    .execute();
}

export interface RateLimitRow {
  name: LimitName;
  points: number;
  durationS: number;
  updatedAt: Date;
}

export async function listRateLimits(db: DB): Promise<RateLimitRow[]> {
  const rows = await db.selectFrom("rate_limits").select(["name", "points", "duration_s", "updated_at"]).execute();
  const byName = new Map(rows.map((r) => [r.name, r]));
  // In the code's order, which groups them by what they protect.
  return LIMIT_NAMES.flatMap((name) => {
    const r = byName.get(name);
    return r ? [{ name, points: r.points, durationS: r.duration_s, updatedAt: r.updated_at }] : [];
  });
}

export async function setRateLimit(db: DB, name: LimitName, points: number, durationS: number): Promise<void> {
  await db
    .insertInto("rate_limits")
    .values({ name, points, duration_s: durationS })
    .onConflict((oc) => oc.column("name").doUpdateSet({ points, duration_s: durationS, updated_at: new Date() }))
    .execute();
}
