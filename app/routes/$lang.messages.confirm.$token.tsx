import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { confirmMessage } from "../models/message.server";
import { isWellFormedToken } from "../services/crypto.server";
import { requireLanguage, throttledPage } from "../services/http.server";
import { isThrottled } from "../services/rate-limit.server";
import { fixedT } from "../services/i18n.server";
import { routeHeaders } from "../headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }] : []);

/** The link in the letter's confirmation email: queues the letters, then shows the receipt. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const lang = requireLanguage(params);
  const token = params.token ?? "";
  const invalid = (status: number) =>
    data({ lang, pageTitle: fixedT(lang)("confirm.invalidTitle") }, { status, headers: { "Cache-Control": "no-store" } });
  if (!isWellFormedToken(token)) return invalid(400);
  try {
    await context.limiter.consume(["confirm.client", context.clientKey]);
  } catch (err) {
    if (isThrottled(err)) throttledPage(err.retryAfterSeconds);
    throw err;
  }
  const result = await confirmMessage(context.db, context.crypto, token, new URL(context.config.publicUrl).hostname);
  if (result.status === "unknown") return invalid(404);
  if (result.status === "expired") return invalid(410);
  if (result.status === "confirmed") context.wakeOutbox();
  // Confirmed now or before: the receipt says what became of each letter.
  return redirect(`/${lang}/messages/${result.publicId}`, { headers: { "Cache-Control": "no-store" } });
}

export default function MessageConfirmInvalid() {
  const { lang } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("confirm.invalidTitle")}</h1>
      <p className="lead">{t("confirm.invalidBody")}</p>
      <p>
        <Link to={`/${lang}/`}>{t("site.homeLink")}</Link>
      </p>
    </div>
  );
}
