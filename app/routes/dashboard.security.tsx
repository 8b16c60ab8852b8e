import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { apiTokenStatus, issueApiToken, revokeApiTokens } from "../models/api-token.server";
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
  // A partner's account has the partner's token, on its partner view; organisers have their own here.
  const isPartner = auth.organiser.role === "partner";
  const [status, token] = await Promise.all([
    totpStatus(context.db, auth.organiser.id),
    isPartner ? null : apiTokenStatus(context.db, { organiserId: auth.organiser.id }),
  ]);
  return {
    csrf: auth.csrf,
    status,
    tokenAllowed: !isPartner,
    apiToken: token
      ? {
          createdAt: token.createdAt.toISOString().slice(0, 16).replace("T", " "),
          lastUsedAt: token.lastUsedAt?.toISOString().slice(0, 16).replace("T", " ") ?? null,
        }
      : null,
  };
}

type State = {
  secret?: string;
  uri?: string;
  error?: "wrong" | "throttled";
  changed?: "on" | "off" | "replaced";
  /** A new API token: in this one answer, never again. */
  apiToken?: string;
  apiTokenChanged?: "created" | "revoked";
};

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

  const intent = form.get("intent");
  // A partner's account uses the partner's token (its partner view); it has none of its own.
  if (auth.organiser.role === "partner" && (intent === "api-token" || intent === "api-token-revoke")) return data<State>({ error: "wrong" }, { status: 403 });
  switch (intent) {
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
    case "api-token": {
      // A token reads what this organiser may read, signers' addresses included, for as long as
      // it lives: with two-step login on, minting one needs a code as every other change here does.
      if (status === "on") {
        const ok = await codeOk(() => checkTotp(context.db, context.crypto, id, code));
        if (ok !== true) return ok;
      }
      const replaced = (await apiTokenStatus(context.db, { organiserId: id })) !== null;
      const token = await issueApiToken(context.db, { organiserId: id });
      await audit(context.db, id, replaced ? "security.api_token_replaced" : "security.api_token_created", "self");
      return { apiToken: token, apiTokenChanged: "created" } satisfies State;
    }
    case "api-token-revoke": {
      const n = await revokeApiTokens(context.db, { organiserId: id });
      await audit(context.db, id, "security.api_token_revoked", "self", n);
      return { apiTokenChanged: "revoked" } satisfies State;
    }
    default:
      return data<State>({ error: "wrong" }, { status: 400 });
  }
}

export default function Security() {
  const { csrf, status, apiToken, tokenAllowed } = useLoaderData<typeof loader>();
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

      {tokenAllowed ? (
        <>
          <h2>{t("apiToken.title")}</h2>
          <p>{t("apiToken.intro")}</p>
          {state?.apiTokenChanged ? (
            <p className="notice" role="status">
              {t(`apiToken.changed.${state.apiTokenChanged}`)}
            </p>
          ) : null}
          {state?.apiToken ? (
            <div className="notice">
              <p>
                <strong>{t("apiToken.shownOnce")}</strong>
              </p>
              <p>
                <code data-testid="api-token">{state.apiToken}</code>
              </p>
            </div>
          ) : null}
          <p>
            {apiToken
              ? apiToken.lastUsedAt
                ? t("apiToken.status.used", { created: apiToken.createdAt, lastUsed: apiToken.lastUsedAt })
                : t("apiToken.status.unused", { created: apiToken.createdAt })
              : t("apiToken.status.none")}
          </p>
          {status === "on" ? (
            codeForm("api-token", t(apiToken ? "apiToken.replace" : "apiToken.create"), t(apiToken ? "apiToken.replaceHint" : "apiToken.codeHint"))
          ) : (
            <IntentForm csrf={csrf} intent="api-token">
              {apiToken ? <p className="hint">{t("apiToken.replaceHint")}</p> : null}
              <button type="submit" className="button secondary">
                {t(apiToken ? "apiToken.replace" : "apiToken.create")}
              </button>
            </IntentForm>
          )}
          {apiToken ? (
            <IntentForm csrf={csrf} intent="api-token-revoke">
              <button type="submit" className="button secondary">
                {t("apiToken.revoke")}
              </button>
            </IntentForm>
          ) : null}
        </>
      ) : null}
    </>
  );
}
