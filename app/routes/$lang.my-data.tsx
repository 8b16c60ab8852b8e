import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { enqueue } from "../models/outbox.server";
import { holdsDataFor } from "../models/data-export.server";
import { signatureFormSchema } from "../schemas/signature.server";
import { keep } from "../schemas/form.server";
import { readForm, requireLanguage, retryAfterHeaders, retryMinutes } from "../web/http.server";
import { fixedT } from "../lib/i18n.server";
import { isThrottled } from "../models/rate-limit.server";
import { routeHeaders } from "../web/headers";

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
  if (form.get("website")) return { sent: true } satisfies State;
  const raw = form.get("email");
  const parsed = signatureFormSchema.shape.email.safeParse(typeof raw === "string" ? raw : undefined);
  if (!parsed.success) return data<State>({ sent: false, error: parsed.error.issues[0].message, email: keep(raw, 300) }, { status: 400 });
  const email = parsed.data;
  try {
    await context.limiter.consume(["export.client", context.clientKey]);
  } catch (err) {
    if (!(isThrottled(err))) throw err;
    return data<State>({ sent: false, error: "throttled", email, retryAfterMinutes: retryMinutes(err.retryAfterSeconds) }, { status: 429, headers: retryAfterHeaders(err.retryAfterSeconds) });
  }
  // The address's hourly mail allowance is spent whatever Padauk holds about it: spending it
  // only for known addresses made the next form that mails it (the composer) answer differently
  // for a known address. Mail goes only when there is something to send.
  const recipient = Buffer.from(context.crypto.emailHmac(email)).toString("base64url");
  const withinAllowance = await context.limiter.tryConsume("mail.recipient", recipient);
  if (withinAllowance && (await holdsDataFor(context.db, context.crypto, email))) {
    await enqueue(context.db, context.crypto, { kind: "data-export", payload: { to: email, lang } }, new URL(context.config.publicUrl).hostname);
    context.wakeOutbox();
  }
  return { sent: true } satisfies State;
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
        <div className="field">
          <label htmlFor="my-data-email">{t("sign.email")}</label>
          <input
            id="my-data-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={error?.email}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "my-data-error" : undefined}
            autoFocus={!!error}
          />
          {error ? (
            <p className="field-error" id="my-data-error" role="alert">
              {t(`errors.${error.error}`, { count: error.retryAfterMinutes ?? 0 })}
            </p>
          ) : null}
        </div>
        <div className="hp" aria-hidden="true">
          <label htmlFor="my-data-website">{t("sign.honeypot")}</label>
          <input id="my-data-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <p className="hint">{t("myData.hint")}</p>
        <button type="submit" className="button">
          {t("myData.submit")}
        </button>
      </Form>
    </div>
  );
}
