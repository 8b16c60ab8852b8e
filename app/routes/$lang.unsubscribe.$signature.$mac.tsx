import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkUnsubscribeMac, signatureLocale } from "../models/update.server";
import { stopNewsMail } from "../services/unsubscribe.server";
import { notFound, requireLanguage } from "../web/http.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction = () => [{ title: "Padauk" }, { name: "robots", content: "noindex" }];

function check(params: { lang?: string; signature?: string; mac?: string }, secret: string): string {
  requireLanguage(params);
  const id = params.signature ?? "";
  if (!checkUnsubscribeMac(secret, id, params.mac ?? "")) notFound();
  return id;
}

/**
 * The link in every news mail. Opening it asks for a click (a link scanner must not unsubscribe
 * anyone); the POST — from this page, or from a mail client's one-click button — stops the mails.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = check(params, context.config.appSecret);
  if (!(await signatureLocale(context.db, id))) notFound();
  return data({ done: false }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const id = check(params, context.config.appSecret);
  await stopNewsMail(context, id);
  return { done: true };
}

export default function Unsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useTranslation();
  const done = acted?.done ?? loaded.done;
  return (
    <div className="page narrow">
      <h1>{done ? t("unsubscribe.doneTitle") : t("unsubscribe.title")}</h1>
      {done ? (
        <p role="status">{t("unsubscribe.doneBody")}</p>
      ) : (
        <Form method="post">
          <p>{t("unsubscribe.body")}</p>
          <button type="submit" className="button">
            {t("unsubscribe.button")}
          </button>
        </Form>
      )}
    </div>
  );
}
