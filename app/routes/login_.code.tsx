import type { PageHandle } from "../lib/page-scripts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { createSession, endSession, loginBlockedFor, recordLoginFailure } from "../models/organiser.server";
import { checkTotp } from "../models/totp.server";
import { clearPendingSecondFactor, pendingSecondFactor, sessionIdFrom, setSessionCookie } from "../web/auth.server";
import { readForm, safeLocalPath } from "../web/http.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const handle: PageHandle = { i18n: ["dashboard"], hydrate: true };
export const meta: MetaFunction = () => [{ title: "Padauk" }, { name: "robots", content: "noindex" }];

/** The second step of a login with TOTP: the six-digit code from the organiser's authenticator. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await pendingSecondFactor(request, context))) return redirect("/login");
  return { next: safeLocalPath(new URL(request.url).searchParams.get("next"), "/dashboard") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organiserId = await pendingSecondFactor(request, context);
  if (!organiserId) return redirect("/login");
  const form = await readForm(request);
  const next = safeLocalPath(String(form.get("next") ?? ""), "/dashboard");
  const keys = { account: `totp:${organiserId}`, client: context.clientKey };
  if ((await loginBlockedFor(context.limiter, keys)) > 0) return data({ error: "throttled" as const }, { status: 429 });
  if (!(await checkTotp(context.db, context.crypto, organiserId, String(form.get("code") ?? "").replace(/\s/g, "")))) {
    await recordLoginFailure(context.limiter, keys);
    return data({ error: "failed" as const }, { status: 400 });
  }
  const previous = await sessionIdFrom(request, context);
  if (previous) await endSession(context.db, previous);
  const sessionId = await createSession(context.db, organiserId);
  const headers = new Headers();
  headers.append("Set-Cookie", await setSessionCookie(context, sessionId));
  headers.append("Set-Cookie", await clearPendingSecondFactor(context));
  return redirect(next, { headers });
}

export default function LoginCode() {
  const { next } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const { t } = useTranslation("dashboard");
  return (
    <div className="page narrow">
      <h1>{t("totp.loginTitle")}</h1>
      <Form method="post" className="sign-form">
        {state?.error ? (
          <p className="form-error" role="alert">
            {t(state.error === "throttled" ? "totp.throttled" : "totp.wrong")}
          </p>
        ) : null}
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label htmlFor="totp-code">{t("totp.code")}</label>
          <input id="totp-code" name="code" type="text" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" required />
        </div>
        <button type="submit" className="button">
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
