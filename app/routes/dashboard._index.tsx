import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { campaignsForOrganiser } from "../models/campaign-stats.server";
import { requireOrganiser } from "../web/auth.server";
import { negotiateLanguage } from "../lib/i18n.server";
import { formatNumber } from "../lib/i18n";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const lang = await negotiateLanguage(request);
  return { isAdmin: auth.organiser.role === "admin", campaigns: await campaignsForOrganiser(context.db, auth.organiser, lang) };
}

export default function DashboardHome() {
  const { campaigns, isAdmin } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<{ lang: string }>("root");
  const { t } = useTranslation("dashboard");
  const lang = root?.lang ?? "en";
  return (
    <>
      <h1>{t("campaigns.title")}</h1>
      <p>
        <Link className="button secondary" to="/dashboard/campaigns/new">
          {t("campaigns.new")}
        </Link>
      </p>
      {campaigns.length === 0 ? <p>{t("campaigns.none")}</p> : null}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("campaigns.title")}</th>
            <th scope="col">{t("campaigns.status")}</th>
            <th scope="col">{t("campaigns.signatures")}</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.slug}>
              <td>
                <Link to={`/dashboard/campaigns/${c.slug}`}>{c.title}</Link>
              </td>
              <td>{t(`status.${c.status}`)}</td>
              <td>
                {formatNumber(c.confirmed, lang)} / {formatNumber(c.goal, lang)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin ? (
        <ul className="inline-list">
          <li>
            <Link to="/dashboard/organisers">{t("nav.organisers")}</Link>
          </li>
          <li>
            <Link to="/dashboard/targets">{t("nav.targets")}</Link>
          </li>
          <li>
            <Link to="/dashboard/audit">{t("audit.title")}</Link>
          </li>
          <li>
            <Link to="/dashboard/abuse">{t("abuse.title")}</Link>
          </li>
        </ul>
      ) : null}
    </>
  );
}
