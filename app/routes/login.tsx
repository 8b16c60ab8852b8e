import type { PageHandle } from "../lib/page-scripts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkCredentials, createSession, endSession, loginBlockedFor, loginThrottleKeys, recordLoginFailure } from "../models/organiser.server";
import { currentOrganiser, isOwnLoginForm, loginFormToken, sessionIdFrom, setPendingSecondFactor, setSessionCookie } from "../web/auth.server";
import { totpRequired } from "../models/totp.server";
import { readForm, safeLocalPath } from "../web/http.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const handle: PageHandle = { i18n: ["dashboard"], hydrate: true };
export const meta: MetaFunction = () => [{ title: "Padauk" }, { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentOrganiser(request, context)) return redirect("/dashboard");
  const url = new URL(request.url);
  const { token, setCookie } = await loginFormToken(request, context);
  return data(
    { next: safeLocalPath(url.searchParams.get("next"), "/dashboard"), csrf: token },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

type LoginState = { error: "failed" | "throttled" | "expired"; minutes?: number; email: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = String(form.get("email") ?? "")
    .trim()
    .slice(0, 254);
  // Not from our form in this browser (another site's page, or a form left open past an hour):
  // nothing is checked, and the page comes back with a fresh token.
  if (!(await isOwnLoginForm(request, context, form))) return data<LoginState>({ error: "expired", email }, { status: 403 });
  const password = String(form.get("password") ?? "").slice(0, 1024);
  const next = safeLocalPath(String(form.get("next") ?? ""), "/dashboard");
  const keys = loginThrottleKeys(context.crypto, email, context.clientKey);
  const wait = await loginBlockedFor(context.limiter, keys);
  if (wait > 0)
    return data<LoginState>({ error: "throttled", minutes: Math.ceil(wait / 60), email }, { status: 429, headers: { "Retry-After": String(wait) } });
  const organiserId = email && password ? await checkCredentials(context.db, context.crypto, email, password) : null;
  if (!organiserId) {
    await recordLoginFailure(context.limiter, keys);
    return data<LoginState>({ error: "failed", email }, { status: 400 });
  }
  // With a second factor, the password only opens the door to the code form.
  if (await totpRequired(context.db, organiserId)) {
    return redirect(`/login/code?next=${encodeURIComponent(next)}`, { headers: { "Set-Cookie": await setPendingSecondFactor(context, organiserId) } });
  }
  // A new session id at every login: a session id planted before login is worth nothing after it.
  const previous = await sessionIdFrom(request, context);
  if (previous) await endSession(context.db, previous);
  const sessionId = await createSession(context.db, organiserId);
  return redirect(next, { headers: { "Set-Cookie": await setSessionCookie(context, sessionId) } });
}

export default function Login() {
  const { next, csrf } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as LoginState | undefined;
  const { t } = useTranslation("dashboard");
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>{t("login.title")}</h1>
      <Form method="post" className="sign-form">
        {state ? (
          <p className="form-error" role="alert">
            {state.error === "throttled" ? t("login.throttled", { count: state.minutes }) : state.error === "expired" ? t("login.expired") : t("login.failed")}
          </p>
        ) : null}
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="csrf" value={csrf} />
        <div className="field">
          <label htmlFor="login-email">{t("login.email")}</label>
          <input id="login-email" name="email" type="email" autoComplete="username" required defaultValue={state?.email} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t("login.password")}</label>
          <input id="login-password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
