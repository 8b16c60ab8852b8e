import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findPublicCampaign } from "../models/campaign.server";
import { messageReceipt, type DeliveryState } from "../models/message-receipt.server";
import { notFound, requireLanguage } from "../web/http.server";
import { fixedT } from "../lib/i18n.server";
import { TextWith } from "../components/text-with";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} · Padauk` }, { name: "robots", content: "noindex" }] : []);

/**
 * The supporter's receipt: to whom their letter went. Its address is an unguessable id sent
 * only to them; it shows officials' names and nothing about the supporter.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const lang = requireLanguage(params);
  if (!/^[A-Za-z0-9_-]{22}$/.test(params.publicId ?? "")) notFound();
  const receipt = await messageReceipt(context.db, params.publicId!);
  if (!receipt) notFound();
  const campaign = await findPublicCampaign(context.db, receipt.slug, lang);
  const t = fixedT(lang);
  return {
    lang,
    slug: receipt.slug,
    title: campaign?.content.title ?? receipt.slug,
    titleLang: campaign?.content.locale ?? lang,
    confirmed: receipt.confirmed,
    targets: receipt.targets,
    pageTitle: receipt.confirmed ? t("receipt.title") : t("receipt.pendingTitle"),
  };
}

const stateKey: Record<DeliveryState, string> = {
  queued: "receipt.stateQueued",
  sent: "receipt.stateSent",
  held: "receipt.stateHeld",
  failed: "receipt.stateFailed",
  "already-written": "receipt.stateAlreadyWritten",
};

export default function Receipt() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{d.confirmed ? t("receipt.title") : t("receipt.pendingTitle")}</h1>
      <p>
        <TextWith
          translate={(m) => t("receipt.intro", { title: m.title })}
          parts={{ title: <span lang={d.titleLang !== d.lang ? d.titleLang : undefined}>{d.title}</span> }}
        />
      </p>
      <ul className="receipt" data-testid="receipt">
        {d.targets.map((x, i) => (
          <li key={i}>
            <TextWith
              translate={(m) =>
                t("receipt.line", { name: m.name, organisation: x.organisation, state: d.confirmed ? t(stateKey[x.state]) : t("receipt.stateQueued") })
              }
              parts={{ name: <strong>{x.name}</strong> }}
            />
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/${d.lang}/campaigns/${d.slug}`}>{t("receipt.back")}</Link>
      </p>
    </div>
  );
}
