import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { appCookie } from "./cookies.server";
import { isWellFormedToken, newToken, sameSecret } from "../lib/crypto.server";
import type { Config } from "../lib/config.server";
import { csrfToken, organiserForSession, type Organiser } from "../models/organiser.server";
import { campaignForOrganiser } from "../models/campaign-stats.server";

function sessionCookie(config: Pick<Config, "appSecret" | "publicUrl">) {
  return appCookie(config, "padauk_session", { maxAge: 12 * 60 * 60 });
}

export async function sessionIdFrom(request: Request, context: AppLoadContext): Promise<string | null> {
  const id = await sessionCookie(context.config)
    .parse(request.headers.get("Cookie"))
    .catch(() => null);
  return typeof id === "string" && /^[A-Za-z0-9_-]{43}$/.test(id) ? id : null;
}

export function setSessionCookie(context: AppLoadContext, sessionId: string) {
  return sessionCookie(context.config).serialize(sessionId);
}

export function clearSessionCookie(context: AppLoadContext) {
  return sessionCookie(context.config).serialize("", { maxAge: 0 });
}

export interface Auth {
  organiser: Organiser;
  sessionId: string;
  /** For the hidden `csrf` field of every form this page shows. */
  csrf: string;
}

export async function currentOrganiser(request: Request, context: AppLoadContext): Promise<Auth | null> {
  const sessionId = await sessionIdFrom(request, context);
  if (!sessionId) return null;
  const organiser = await organiserForSession(context.db, context.crypto, sessionId);
  return organiser ? { organiser, sessionId, csrf: csrfToken(context.config.appSecret, sessionId) } : null;
}

/**
 * Anyone signed in — organiser, administrator or a partner's account — or a redirect to the login
 * page that brings them back here afterwards. For the pages every account has: the dashboard's
 * frame, its own security settings.
 */
export async function requireSignedIn(request: Request, context: AppLoadContext): Promise<Auth> {
  const auth = await currentOrganiser(request, context);
  if (!auth) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return auth;
}

/** Where a partner's account lives: its own partner view, and nothing else of the dashboard. */
export const PARTNER_HOME = "/dashboard/partner";

/**
 * The first line of every organisers' dashboard loader and action: the signed-in organiser, or a
 * redirect to the login page. A partner's account is sent to its own view: it sees no campaign's
 * figures, signatures or settings, and no other partner.
 */
export async function requireOrganiser(request: Request, context: AppLoadContext): Promise<Auth> {
  const auth = await requireSignedIn(request, context);
  if (auth.organiser.role === "partner") throw redirect(PARTNER_HOME);
  return auth;
}

/** A partner's own account, and the partner it belongs to; organisers use the campaign's partner pages. */
export async function requirePartnerAccount(request: Request, context: AppLoadContext): Promise<Auth & { partnerId: number }> {
  const auth = await requireSignedIn(request, context);
  if (auth.organiser.role !== "partner" || auth.organiser.partnerId === null) forbidden();
  return { ...auth, partnerId: auth.organiser.partnerId };
}

/** Every state-changing dashboard form carries the session's CSRF token; anything else is refused. */
export function requireCsrf(form: FormData, auth: Auth): void {
  if (form.get("csrf") !== auth.csrf) throw data({ error: "csrf" }, { status: 403 });
}

export function forbidden(): never {
  throw data(null, { status: 403 });
}

/** The campaign behind a dashboard URL, if this organiser may manage it: 404 if none, 403 if not theirs. */
export async function requireCampaignAccess(context: AppLoadContext, auth: Auth, slug: string | undefined) {
  const campaign = slug ? await campaignForOrganiser(context.db, auth.organiser, slug) : undefined;
  if (campaign === undefined) throw data(null, { status: 404 });
  if (campaign === null) forbidden();
  return campaign;
}

export function requireAdmin(auth: Auth): void {
  if (auth.organiser.role !== "admin") forbidden();
}

/** Between the password and the second factor: who passed the first step, for five minutes. */
function pendingCookie(config: Pick<Config, "appSecret" | "publicUrl">) {
  return appCookie(config, "padauk_2fa", { maxAge: 300, path: "/login" });
}

export function setPendingSecondFactor(context: AppLoadContext, organiserId: number) {
  return pendingCookie(context.config).serialize({ o: organiserId, t: Date.now() });
}

export async function pendingSecondFactor(request: Request, context: AppLoadContext): Promise<number | null> {
  const v = (await pendingCookie(context.config)
    .parse(request.headers.get("Cookie"))
    .catch(() => null)) as { o?: number; t?: number } | null;
  if (!v || typeof v.o !== "number" || typeof v.t !== "number" || Date.now() - v.t > 300_000) return null;
  return v.o;
}

export function clearPendingSecondFactor(context: AppLoadContext) {
  return pendingCookie(context.config).serialize("", { maxAge: 0 });
}

/**
 * Login CSRF: the login form carries a random value that must equal the one in a cookie only
 * this site sets (double submit). A page elsewhere cannot read the cookie, and under
 * SameSite=Lax the browser does not send it with that page's cross-site POST, so nobody can
 * log a visitor into an account of their own choosing.
 */
function loginFormCookie(config: Pick<Config, "appSecret" | "publicUrl">) {
  // Path "/", not "/login": with JavaScript the form posts to /login.data, outside that path.
  return appCookie(config, "padauk_login", { maxAge: 60 * 60 });
}

/** The login form's token, and the cookie to set when the browser has none yet. */
export async function loginFormToken(request: Request, context: AppLoadContext): Promise<{ token: string; setCookie?: string }> {
  const cookie = loginFormCookie(context.config);
  const existing = (await cookie.parse(request.headers.get("Cookie")).catch(() => null)) as unknown;
  if (typeof existing === "string" && isWellFormedToken(existing)) return { token: existing };
  const token = newToken();
  return { token, setCookie: await cookie.serialize(token) };
}

/** True when the posted form came from our login page in this browser. */
export async function isOwnLoginForm(request: Request, context: AppLoadContext, form: FormData): Promise<boolean> {
  const cookie = (await loginFormCookie(context.config)
    .parse(request.headers.get("Cookie"))
    .catch(() => null)) as unknown;
  const field = form.get("csrf");
  return typeof cookie === "string" && typeof field === "string" && sameSecret(field, cookie);
}
