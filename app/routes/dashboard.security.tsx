import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { audit } from "../models/audit.server";
import { loginBlockedFor, recordLoginFailure } from "../models/organiser.server";
import { beginTotp, checkTotp, confirmTotp, disableTotp, totpStatus } from "../models/totp.server";
import { requireCsrf, requireSignedIn } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { routeHeaders } from "../web/headers";
import { IntentForm } from "../components/fields";

export const headers = routeHeaders;

/** An organiser's own second factor: turn TOTP on (with a code to prove it works), move it to a new phone, or turn it off. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireSignedIn(request, context);
  return { csrf: auth.csrf, status: await totpStatus(context.db, auth.organiser.id) };
}

type State = { secret?: string; uri?: string; error?: "wrong" | "throttled"; changed?: "on" | "off" | "replaced" };

/**
 * Every change needs a code from the authenticator in force: a stolen session alone can neither
 * turn two-step login off nor swap in an authenticator of its own. Wrong codes are throttled
 * like logins (the same account bucket as the login's code form), and every change is audited.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireSignedIn(request, context);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const id = auth.organiser.id;
  const code = String(form.get("code") ?? "")
    .replace(/\s/g, "")
    .slice(0, 12);
  const keys = { account: `totp:${id}`, client: context.clientKey };
  const status = await totpStatus(context.db, id);

  /** A code checked under the login throttle: false (with the answer to give) if it fails. */
  const codeOk = async (check: () => Promise<boolean>): Promise<true | ReturnType<typeof data<State>>> => {
    if ((await loginBlockedFor(context.limiter, keys)) > 0) return data<State>({ error: "throttled" }, { status: 429 });
    if (await check()) return true;
    await recordLoginFailure(context.limiter, keys);
    await audit(context.db, id, "security.totp_code_refused", "self");
    return data<State>({ error: "wrong" }, { status: 400 });
  };

  switch (form.get("intent")) {
    case "begin": {
      // Starting over or moving to a new phone while two-step login is on needs a current code.
      if (status === "on") {
        const ok = await codeOk(() => checkTotp(context.db, context.crypto, id, code));
        if (ok !== true) return ok;
      }
      const started = await beginTotp(context.db, context.crypto, id, auth.organiser.email);
      await audit(context.db, id, status === "on" ? "security.totp_reenrol_begun" : "security.totp_begun", "self");
      return started satisfies State;
    }
    case "confirm": {
      const ok = await codeOk(() => confirmTotp(context.db, context.crypto, id, code));
      if (ok !== true) return ok;
      await audit(context.db, id, status === "on" ? "security.totp_replaced" : "security.totp_on", "self");
      return { changed: status === "on" ? "replaced" : "on" } satisfies State;
    }
    case "disable": {
      if (status !== "on") return data<State>({ error: "wrong" }, { status: 400 });
      const ok = await codeOk(() => checkTotp(context.db, context.crypto, id, code));
      if (ok !== true) return ok;
      await disableTotp(context.db, id);
      await audit(context.db, id, "security.totp_off", "self");
      return { changed: "off" } satisfies State;
    }
    default:
      return data<State>({ error: "wrong" }, { status: 400 });
  }
}

export default function Security() {
  const { csrf, status } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  // What the page shows follows the database; an answer only adds the new key or a message.
  const codeForm = (intent: string, label: string, hint?: string) => (
    <Form method="post" className="sign-form" key={intent}>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="intent" value={intent} />
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="field">
        <label htmlFor={`code-${intent}`}>{t("totp.code")}</label>
        <input id={`code-${intent}`} name="code" type="text" inputMode="numeric" autoComplete="one-time-code" required />
      </div>
      <button type="submit" className="button">
        {label}
      </button>
    </Form>
  );
  const beginButton = (label: string) => (
    <IntentForm csrf={csrf} intent="begin">
      <button type="submit" className="button secondary">
        {label}
      </button>
    </IntentForm>
  );
  return (
    <>
      <h1>{t("totp.title")}</h1>
      {state?.error ? (
        <p className="form-error" role="alert">
          {t(state.error === "throttled" ? "totp.throttled" : "totp.wrong")}
        </p>
      ) : null}
      {state?.changed ? (
        <p className="notice" role="status">
          {t(`totp.changed.${state.changed}`)}
        </p>
      ) : null}
      <p role="status">{t(`totp.status.${status}`)}</p>
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
      {status === "off" ? (
        <>
          <p>{t("totp.intro")}</p>
          {beginButton(t("totp.begin"))}
        </>
      ) : null}
      {status === "pending" ? (
        <>
          {codeForm("confirm", t("totp.confirm"))}
          {beginButton(t("totp.startOver"))}
        </>
      ) : null}
      {status === "on" && state?.secret ? codeForm("confirm", t("totp.confirmNew"), t("totp.confirmNewHint")) : null}
      {status === "on" && !state?.secret ? (
        <>
          {codeForm("begin", t("totp.reenrol"), t("totp.reenrolHint"))}
          {codeForm("disable", t("totp.disable"))}
        </>
      ) : null}
    </>
  );
}
