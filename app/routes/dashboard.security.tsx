import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "../models/organiser.server";
import { beginTotp, checkTotp, disableTotp, enableTotp, totpStatus } from "../models/totp.server";
import { requireCsrf, requireOrganiser } from "../services/auth.server";
import { readForm } from "../services/http.server";
import { routeHeaders } from "../headers";

export const headers = routeHeaders;

/** An organiser's own second factor: turn TOTP on (with a code to prove it works) or off. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  return { csrf: auth.csrf, status: await totpStatus(context.db, auth.organiser.id) };
}

type State = { secret?: string; uri?: string; error?: string; changed?: "on" | "off" };

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const id = auth.organiser.id;
  const code = String(form.get("code") ?? "").replace(/\s/g, "");
  switch (form.get("intent")) {
    case "begin":
      return (await beginTotp(context.db, context.crypto, id, auth.organiser.email)) satisfies State;
    case "confirm":
      if (!(await checkTotp(context.db, context.crypto, id, code))) return data<State>({ error: "wrong" }, { status: 400 });
      await enableTotp(context.db, id);
      await audit(context.db, id, "security.totp_on", "self", null);
      return { changed: "on" } satisfies State;
    case "disable":
      if (!(await checkTotp(context.db, context.crypto, id, code))) return data<State>({ error: "wrong" }, { status: 400 });
      await disableTotp(context.db, id);
      await audit(context.db, id, "security.totp_off", "self", null);
      return { changed: "off" } satisfies State;
    default:
      return data<State>({ error: "wrong" }, { status: 400 });
  }
}

export default function Security() {
  const { csrf, status } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  const now = state?.changed ?? (state?.secret ? "pending" : status);
  const codeForm = (intent: string, label: string) => (
    <Form method="post" className="sign-form">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="intent" value={intent} />
      <div className="field">
        <label htmlFor={`code-${intent}`}>{t("totp.code")}</label>
        <input id={`code-${intent}`} name="code" type="text" inputMode="numeric" autoComplete="one-time-code" required />
      </div>
      <button type="submit" className="button">
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <h1>{t("totp.title")}</h1>
      {state?.error ? (
        <p className="form-error" role="alert">
          {t("totp.wrong")}
        </p>
      ) : null}
      <p role="status">{t(`totp.status.${now}`)}</p>
      {now === "off" ? (
        <Form method="post">
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="intent" value="begin" />
          <p>{t("totp.intro")}</p>
          <button type="submit" className="button">
            {t("totp.begin")}
          </button>
        </Form>
      ) : null}
      {now === "pending" ? (
        <>
          {state?.secret ? (
            <div className="notice">
              <p>{t("totp.enterKey")}</p>
              <p>
                <code data-testid="totp-secret">{state.secret}</code>
              </p>
              <p className="hint">
                <code>{state.uri}</code>
              </p>
            </div>
          ) : null}
          {codeForm("confirm", t("totp.confirm"))}
        </>
      ) : null}
      {now === "on" ? codeForm("disable", t("totp.disable")) : null}
    </>
  );
}
