import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestMyData } from "../services/my-data.server";
import { readForm, requireLanguage } from "../web/http.server";
import { honeypot, throttledForm } from "../web/guards.server";
import { fixedT } from "../lib/i18n.server";
import { routeHeaders } from "../web/headers";
import { Field, Honeypot } from "../components/fields";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

export async function loader({ params }: LoaderFunctionArgs) {
  const lang = requireLanguage(params);
  return { lang, pageTitle: fixedT(lang)("myData.title") };
}

type State = { sent: true } | { sent: false; error: string; email: string; retryAfterMinutes?: number };

/**
 * "What do you hold about me?" The answer goes only to the address itself, and the page says
 * the same whatever the address, so it cannot be used to learn who has signed.
 */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const lang = requireLanguage(params);
  const form = await readForm(request);
  const refused = honeypot(form, () => ({ sent: true }) satisfies State);
  if (refused) return refused;
  const result = await requestMyData(context, lang, form);
  switch (result.kind) {
    case "invalid":
      return data<State>({ sent: false, error: result.error, email: result.email }, { status: 400 });
    case "throttled":
      return throttledForm(result, ({ retryAfterMinutes }): State => ({ sent: false, error: "throttled", email: result.email, retryAfterMinutes }));
    case "sent":
      return { sent: true } satisfies State;
  }
}

export default function MyData() {
  useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation();
  if (state?.sent) {
    return (
      <div className="page narrow">
        <h1>{t("myData.sentTitle")}</h1>
        <p className="lead" role="status">
          {t("myData.sentBody")}
        </p>
      </div>
    );
  }
  const error = state && !state.sent ? state : undefined;
  return (
    <div className="page narrow">
      <h1>{t("myData.title")}</h1>
      <p className="lead">{t("myData.intro")}</p>
      <Form method="post" noValidate>
        <Field
          id="my-data-email"
          name="email"
          label={t("sign.email")}
          error={error ? t(`errors.${error.error}`, { count: error.retryAfterMinutes ?? 0 }) : null}
          errorId="my-data-error"
          errorRole="alert"
        >
          {(aria) => (
            <input id="my-data-email" name="email" type="email" autoComplete="email" required defaultValue={error?.email} autoFocus={!!error} {...aria} />
          )}
        </Field>
        <Honeypot id="my-data-website" label={t("sign.honeypot")} />
        <p className="hint">{t("myData.hint")}</p>
        <button type="submit" className="button">
          {t("myData.submit")}
        </button>
      </Form>
    </div>
  );
}
