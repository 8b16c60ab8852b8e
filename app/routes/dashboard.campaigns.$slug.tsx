import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { titledCampaigns } from "../models/campaign-titles.server";
import { requireCampaignAccess, requireOrganiser } from "../web/auth.server";
import { negotiateLanguage } from "../lib/i18n.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/**
 * Every page of one campaign in the dashboard: its title, its status in words and one bar of
 * links to its pages, so an organiser always sees which campaign they are in and can move on.
 * (The CSV exports below this route are resource routes: this loader does not run for them.)
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const lang = await negotiateLanguage(request);
  const [named] = await titledCampaigns(context.db, lang, [campaign.id]);
  return { slug: campaign.slug, status: campaign.status, defaultLocale: campaign.defaultLocale, title: named.title, titleLang: named.titleLang };
}

const PAGES = [
  ["", "campaign.overview"],
  ["/translations", "campaign.translations"],
  ["/updates", "campaign.updates"],
  ["/moderation", "campaign.moderation"],
  ["/partners", "campaign.partners"],
  ["/paper", "campaign.paper"],
  ["/settings", "campaign.settings"],
] as const;

export default function CampaignPages() {
  const c = useLoaderData<typeof loader>();
  const { t } = useTranslation("dashboard");
  const base = `/dashboard/campaigns/${c.slug}`;
  return (
    <>
      <div className="campaign-bar">
        <p className="campaign-bar-title">
          <span lang={c.titleLang ?? undefined} data-testid="campaign-title">
            {c.title}
          </span>{" "}
          <span className="badge">{t(`status.${c.status}`)}</span>
        </p>
        <nav aria-label={t("campaign.pages")}>
          <ul className="inline-list">
            {PAGES.map(([path, key]) => (
              <li key={key}>
                <NavLink to={base + path} end>
                  {t(key)}
                </NavLink>
              </li>
            ))}
            <li>
              <a href={`/${c.defaultLocale}/campaigns/${c.slug}`}>{t("campaign.preview")}</a>
            </li>
          </ul>
        </nav>
      </div>
      <Outlet />
    </>
  );
}
