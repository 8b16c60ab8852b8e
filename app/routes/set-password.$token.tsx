import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isValidPasswordToken, setPasswordWithToken } from "../models/organiser.server";
import { isWellFormedToken } from "../services/crypto.server";
import { readForm } from "../services/http.server";
import { passwordProblem } from "../services/password.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "../limits";
import { routeHeaders } from "../headers";

export const headers = routeHeaders;

export const handle = { i18n: ["dashboard"] };
export const meta: MetaFunction = () => [{ title: "Padauk" }, { name: "robots", content: "noindex" }];

/** The single-use link `npm run organiser:create` prints. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const valid = isWellFormedToken(token) && (await isValidPasswordToken(context.db, token));
  return data({ valid, min: PASSWORD_MIN }, { status: valid ? 200 : 410, headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readForm(request);
  const password = String(form.get("password") ?? "");
  const problem = password !== String(form.get("confirm") ?? "") ? "passwordMismatch" : passwordProblem(password);
  if (problem) return data({ error: problem }, { status: 400 });
  if (!isWellFormedToken(token) || !(await setPasswordWithToken(context.db, token, password))) {
    return data({ error: "invalid" }, { status: 410 });
  }
  return redirect("/login?set=1");
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
