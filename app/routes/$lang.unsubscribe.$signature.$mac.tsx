import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkUnsubscribeMac } from "../models/update.server";
import { signatureConsent } from "../models/signature-consent.server";
import { stopNewsMail, withdrawPartnerPermission } from "../services/unsubscribe.server";
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
 * back as well: a box left unticked by default, as it was on the form. With `?only=partner` (the
 * link in the other mails of a signer the partner may email) it takes back the partner's
 * permission alone, news and signature untouched (decision 073).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = check(params, context.config.appSecret);
  const consent = await signatureConsent(context.db, id);
  if (!consent) notFound();
  const partner = consent.partnerConsent ? consent.partnerName : null;
  const onlyPartner = new URL(request.url).searchParams.get("only") === "partner" && consent.partnerName !== null;
  // Already taken back (an old mail's link): say so rather than offer the news page instead.
  const done = onlyPartner && partner === null;
  return data({ done, onlyPartner, partner: partner ?? (onlyPartner ? consent.partnerName : null) }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs): Promise<{ done: true; partnerWithdrawn?: string }> {
  const id = check(params, context.config.appSecret);
  // A mail client's one-click POST (RFC 8058) carries only `List-Unsubscribe=One-Click`, or an
  // unreadable body: it stops the news, never more.
  const form = await request.formData().catch(() => null);
  const choice = form?.get("only") === "partner" ? "partner" : form?.get("also_partner") === "on" ? "both" : "news";
  const partner = choice === "news" ? null : ((await signatureConsent(context.db, id))?.partnerName ?? null);
  if (choice === "partner") await withdrawPartnerPermission(context, id);
  else await stopNewsMail(context, id, { alsoPartner: partner !== null });
  return partner === null ? { done: true } : { done: true, partnerWithdrawn: partner };
}

export default function Unsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { t } = useTranslation();
  const done = acted?.done ?? loaded.done;
  const partnerDone = acted ? acted.partnerWithdrawn : loaded.done ? loaded.partner : undefined;
  if (loaded.onlyPartner && loaded.partner) {
    const partner = loaded.partner;
    return (
      <div className="page narrow">
        <h1>{done ? t("unsubscribe.partnerDoneTitle", { partner }) : t("unsubscribe.partnerTitle", { partner })}</h1>
        {done ? (
          <p role="status">{t("unsubscribe.partnerDone", { partner })}</p>
        ) : (
          <Form method="post">
            <p>{t("unsubscribe.partnerBody")}</p>
            <input type="hidden" name="only" value="partner" />
            <button type="submit" className="button">
              {t("unsubscribe.partnerButton")}
            </button>
          </Form>
        )}
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{done ? t("unsubscribe.doneTitle") : t("unsubscribe.title")}</h1>
      {done ? (
        <>
          <p role="status">{t("unsubscribe.doneBody")}</p>
          {partnerDone ? <p>{t("unsubscribe.partnerDone", { partner: partnerDone })}</p> : null}
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
