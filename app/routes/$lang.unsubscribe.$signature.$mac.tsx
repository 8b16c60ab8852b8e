import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkUnsubscribeMac } from "../models/update.server";
import { signatureConsent } from "../models/signature-consent.server";
import { stopNewsMail } from "../services/unsubscribe.server";
import { Checkbox } from "../components/fields";
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
 * When the partner the signer came by holds their permission too, the page offers to take that
 * back as well: a box left unticked by default, as it was on the form (decision 073).
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = check(params, context.config.appSecret);
  const consent = await signatureConsent(context.db, id);
  if (!consent) notFound();
  return data({ done: false, partner: consent.partnerConsent ? consent.partnerName : null }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs): Promise<{ done: true; partnerWithdrawn?: string }> {
  const id = check(params, context.config.appSecret);
  // A mail client's one-click POST (RFC 8058) carries only `List-Unsubscribe=One-Click`, or an
  // unreadable body: it stops the news, never more.
  const form = await request.formData().catch(() => null);
  const partner = form?.get("also_partner") === "on" ? ((await signatureConsent(context.db, id))?.partnerName ?? null) : null;
  await stopNewsMail(context, id, { alsoPartner: partner !== null });
  return partner === null ? { done: true } : { done: true, partnerWithdrawn: partner };
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
        <>
          <p role="status">{t("unsubscribe.doneBody")}</p>
          {acted?.partnerWithdrawn ? <p>{t("unsubscribe.partnerDone", { partner: acted.partnerWithdrawn })}</p> : null}
        </>
      ) : (
        <Form method="post">
          <p>{t("unsubscribe.body")}</p>
          {loaded.partner ? <Checkbox id="unsubscribe-partner" name="also_partner" label={t("unsubscribe.alsoPartner", { partner: loaded.partner })} /> : null}
          <button type="submit" className="button">
            {t("unsubscribe.button")}
          </button>
        </Form>
      )}
    </div>
  );
}
