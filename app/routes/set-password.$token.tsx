import type { PageHandle } from "../lib/page-scripts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "../models/audit.server";
import { createSession, passwordTokenOwner, setPasswordWithToken } from "../models/organiser.server";
import { totpRequired } from "../models/totp.server";
import { setPendingSecondFactor, setSessionCookie } from "../web/auth.server";
import { isWellFormedToken } from "../lib/crypto.server";
import { readForm } from "../web/http.server";
import { passwordProblem } from "../lib/password.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "../lib/limits";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const handle: PageHandle = { i18n: ["dashboard"], hydrate: true };
export const meta: MetaFunction = () => [{ title: "Padauk" }, { name: "robots", content: "noindex" }];

/** The single-use link an invitation mails and `npm run organiser:create` prints. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const valid = isWellFormedToken(token) && (await passwordTokenOwner(context.db, context.crypto, token)) !== null;
  return data({ valid, min: PASSWORD_MIN }, { status: valid ? 200 : 410, headers: { "Cache-Control": "no-store" } });
}

/**
 * Sets the password, spends this and every other outstanding link of the organiser, and logs
 * them in: straight to the dashboard, or to the code form when two-step login is on.
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const owner = isWellFormedToken(token) ? await passwordTokenOwner(context.db, context.crypto, token) : null;
  if (!owner) return data({ error: "invalid" }, { status: 410 });
  const form = await readForm(request);
  const password = String(form.get("password") ?? "");
  const problem = password !== String(form.get("confirm") ?? "") ? "passwordMismatch" : await passwordProblem(password, [owner]);
  if (problem) return data({ error: problem }, { status: 400 });
  const organiserId = await setPasswordWithToken(context.db, token, password);
  if (!organiserId) return data({ error: "invalid" }, { status: 410 });
  await audit(context.db, organiserId, "organiser.password_set", "self");
  if (await totpRequired(context.db, organiserId)) {
    return redirect("/login/code?next=%2Fdashboard", { headers: { "Set-Cookie": await setPendingSecondFactor(context, organiserId) } });
  }
  const sessionId = await createSession(context.db, organiserId);
  return redirect("/dashboard", { headers: { "Set-Cookie": await setSessionCookie(context, sessionId) } });
}

export default function SetPassword() {
  const { valid, min } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const { t } = useTranslation("dashboard");
  if (!valid || state?.error === "invalid") {
    return (
      <div className="page narrow">
        <h1>{t("setPassword.invalidTitle")}</h1>
        <p>{t("setPassword.invalidBody")}</p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("setPassword.title")}</h1>
      <p>{t("setPassword.intro", { min })}</p>
      <Form method="post" className="sign-form">
        {state?.error ? (
          <p className="form-error" role="alert">
            {t(`errors.${state.error}`, { min, max: PASSWORD_MAX })}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="pw-new">{t("setPassword.password")}</label>
          <input id="pw-new" name="password" type="password" autoComplete="new-password" required />
        </div>
        <div className="field">
          <label htmlFor="pw-confirm">{t("setPassword.confirm")}</label>
          <input id="pw-confirm" name="confirm" type="password" autoComplete="new-password" required />
        </div>
        <button type="submit" className="button">
          {t("setPassword.submit")}
        </button>
      </Form>
    </div>
  );
}
