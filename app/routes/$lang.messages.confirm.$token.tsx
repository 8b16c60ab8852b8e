import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findPublicCampaign } from "../models/campaign.server";
import { previewMessageConfirmation } from "../models/message.server";
import { confirmLetter } from "../services/confirm-letter.server";
import { isWellFormedToken } from "../lib/crypto.server";
import { requireLanguage } from "../web/http.server";
import { throttledPage } from "../web/guards.server";
import { fixedT } from "../lib/i18n.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }, { name: "robots", content: "noindex" }] : []);

const invalid = (lang: ReturnType<typeof requireLanguage>, status: number) =>
  data({ lang, ask: null, pageTitle: fixedT(lang)("confirm.invalidTitle") }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * The link in the letter's confirmation email. Opening it sends nothing (mail scanners open
 * every link): it shows the letter's campaign and one button, whose POST queues the letters.
 * A letter already sent on its way goes straight to its receipt.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const lang = requireLanguage(params);
  const token = params.token ?? "";
  if (!isWellFormedToken(token)) return invalid(lang, 400);
  const preview = await previewMessageConfirmation(context.db, token);
  if (preview.status === "unknown") return invalid(lang, 404);
  if (preview.status === "expired") return invalid(lang, 410);
  if (preview.status === "already-confirmed") return redirect(`/${lang}/messages/${preview.publicId}`, { headers: { "Cache-Control": "no-store" } });
  const campaign = await findPublicCampaign(context.db, preview.slug, lang);
  const t = fixedT(lang);
  return data(
    {
      lang,
      ask: { title: campaign?.content.title ?? preview.slug, locale: campaign?.content.locale ?? lang, targets: preview.targets },
      pageTitle: t("confirmLetter.title"),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** The button: queues the letters, then shows the receipt. */
export async function action({ params, context }: ActionFunctionArgs) {
  const lang = requireLanguage(params);
  const result = await confirmLetter(context, params.token ?? "");
  switch (result.kind) {
    case "malformed":
      return invalid(lang, 400);
    case "throttled":
      return throttledPage(result);
    case "unknown":
      return invalid(lang, 404);
    case "expired":
      return invalid(lang, 410);
    case "confirmed":
    case "already-confirmed":
      // Confirmed now or before: the receipt says what became of each letter.
      return redirect(`/${lang}/messages/${result.publicId}`, { status: 303, headers: { "Cache-Control": "no-store" } });
  }
}

export default function MessageConfirm() {
  const acted = useActionData<typeof action>();
  const loaded = useLoaderData<typeof loader>();
  const { lang, ask } = acted ?? loaded;
  const { t } = useTranslation();
  if (ask) {
    return (
      <div className="page narrow">
        <h1>{t("confirmLetter.title")}</h1>
        <p className="lead" lang={ask.locale !== lang ? ask.locale : undefined}>
          <strong>{ask.title}</strong>
        </p>
        <Form method="post" replace>
          <p>{t("confirmLetter.body", { count: ask.targets })}</p>
          <button type="submit" className="button">
            {t("confirmLetter.button")}
          </button>
        </Form>
      </div>
    );
  }
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
