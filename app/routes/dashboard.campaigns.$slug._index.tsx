import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { campaignBreakdowns, confirmationsOverTime, letterStats } from "../models/campaign-stats.server";
import { requireCampaignAccess, requireOrganiser } from "../web/auth.server";
import { fixedT, negotiateLanguage } from "../lib/i18n.server";
import { BarChart } from "../components/bar-chart";
import { titledCampaigns } from "../models/campaign-titles.server";
import { countryName, formatNumber, languageIn } from "../lib/i18n";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const lang = await negotiateLanguage(request);
  const [over, breakdowns, letters, [named]] = await Promise.all([
    confirmationsOverTime(context.db, campaign.id),
    campaignBreakdowns(context.db, campaign.id),
    letterStats(context.db, campaign.id),
    titledCampaigns(context.db, lang, [campaign.id]),
  ]);
  // Names and numbers rendered here so the browser keeps the server's text.
  return {
    lang,
    campaign,
    title: { text: named.title, lang: named.titleLang },
    over,
    breakdowns: {
      ...breakdowns,
      byCountry: breakdowns.byCountry.map((r) => ({ ...r, label: countryName(r.key, lang) })),
      byLanguage: breakdowns.byLanguage.map((r) => ({ ...r, label: languageIn(fixedT(lang), r.key, "label") })),
    },
    letters,
  };
}

const percent = (x: number | null, lang: string) => (x === null ? "–" : `${formatNumber(Math.round(x * 1000) / 10, lang)} %`);

export default function CampaignDashboard() {
  const { lang, campaign, title, over, breakdowns: b, letters } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dashboard");
  const n = (x: number) => formatNumber(x, lang);
  return (
    <>
      <h1>
        <span lang={title.lang ?? undefined}>{title.text}</span>
      </h1>
      <h2>{t("campaign.overview")}</h2>
      <dl className="stats">
        <div>
          <dt>{t("campaign.confirmed")}</dt>
          <dd data-testid="confirmed">{n(b.confirmed)}</dd>
        </div>
        <div>
          <dt>{t("campaign.goal")}</dt>
          <dd>
            {n(campaign.goal)} ({percent(b.confirmed / campaign.goal, lang)})
          </dd>
        </div>
        <div>
          <dt>{t("campaign.pending")}</dt>
          <dd>{n(b.pending)}</dd>
        </div>
        <div>
          <dt>{t("campaign.conversion")}</dt>
          <dd>{percent(b.conversion, lang)}</dd>
        </div>
      </dl>
      <BarChart
        title={t("campaign.lastHours")}
        points={over.hourly}
        label={(at) => `${at.slice(5, 10)} ${at.slice(11, 13)}:00`}
        pointText={(at, count) => t("campaign.chartPoint", { at, count })}
        n={n}
        emptyText={t("campaign.chartEmpty")}
      />
      <BarChart
        title={t("campaign.perDay")}
        points={over.daily}
        label={(at) => at.slice(0, 10)}
        pointText={(at, count) => t("campaign.chartPoint", { at, count })}
        n={n}
        emptyText={t("campaign.chartEmpty")}
      />
      <div className="columns">
        <Breakdown title={t("campaign.byCountry")} rows={b.byCountry.map((r) => ({ label: r.label, count: r.count }))} n={n} />
        <Breakdown title={t("campaign.byLanguage")} rows={b.byLanguage.map((r) => ({ label: r.label, count: r.count }))} n={n} />
        <Breakdown title={t("campaign.bySource")} rows={b.bySource.map((r) => ({ label: r.key ?? t("campaign.noSource"), count: r.count }))} n={n} />
      </div>
      <h2>{t("campaign.letters")}</h2>
      <p>{t("campaign.lettersSummary", { letters: n(letters.letters), share: percent(letters.personalisedShare, lang) })}</p>
      {letters.targets.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("campaign.target")}</th>
              <th scope="col">{t("campaign.state")}</th>
            </tr>
          </thead>
          <tbody>
            {letters.targets.map((x) => (
              <tr key={x.id}>
                <td>
                  {x.name}
                  <br />
                  <span className="hint">{x.organisation}</span>
                  {x.failing ? " ⚠" : ""}
                </td>
                <td>
                  {Object.entries(x.states)
                    .map(([state, count]) => `${state} ${n(count)}`)
                    .join(" · ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t("campaign.exports")}</h2>
      <ul>
        <li>
          <a href={`/dashboard/campaigns/${campaign.slug}/signatures.csv`} download>
            {t("campaign.exportSignatures")}
          </a>
        </li>
        <li>
          <a href={`/dashboard/campaigns/${campaign.slug}/by-country.csv`} download>
            {t("campaign.exportByCountry")}
          </a>
        </li>
      </ul>
      <p className="hint">{t("campaign.exportNote")}</p>
    </>
  );
}

function Breakdown({ title, rows, n }: { title: string; rows: { label: string; count: number }[]; n: (x: number) => string }) {
  return (
    <section>
      <h3>{title}</h3>
      <table className="data-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{n(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
