import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../lib/i18n";
import { BarChart } from "./bar-chart";
import { IntentForm } from "./fields";
import { WebhookLog, type WebhookLogEntry } from "./webhook-log";

interface PartnerViewData {
  lang: string;
  partner: { slug: string; name: string; webhookUrl: string | null; webhookPaused: boolean; disabled: boolean };
  campaign: { slug: string; title: string; titleLang: string | null };
  figures: { signups: number; confirmed: number; consenting: number };
  perDay: { at: string; count: number }[];
  token: { createdAt: string; lastUsedAt: string | null } | null;
  deliveries: WebhookLogEntry[];
  links: { campaign: { lang: string; url: string }[]; sheet: string; embed: string; snippet: string };
}

/**
 * One partner's view: what it brought (sign-ups per day, confirmed, consenting), how to bring
 * more (its link in each language, the embed and its snippet, the printable sheet), its API
 * token and, for the partner's own account only, the export of the supporters who let it email
 * them. `children` holds what only one of the two readers gets.
 */
export function PartnerView({
  d,
  csrf,
  exportHref,
  newToken,
  webhook,
  canRenewToken = true,
  children,
}: {
  d: PartnerViewData;
  csrf: string;
  exportHref?: string;
  newToken?: string;
  /** What the last webhook button did. */
  webhook?: { kind: "no-webhook" } | { kind: "resumed"; requeued: number } | { kind: "test-queued"; eventId: string };
  /** The partner's own account and admins may make a new token; other organisers only see its state. */
  canRenewToken?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation("dashboard");
  const n = (x: number) => formatNumber(x, d.lang);
  return (
    <>
      <h1>{d.partner.name}</h1>
      <p className="lead">
        {t("partners.forCampaign")} <span lang={d.campaign.titleLang ?? undefined}>{d.campaign.title}</span>
      </p>
      {d.partner.disabled ? (
        <p className="notice" role="status">
          {t("partners.disabledNotice")}
        </p>
      ) : null}
      <dl className="stats">
        <div>
          <dt>{t("partners.signups")}</dt>
          <dd data-testid="partner-signups">{n(d.figures.signups)}</dd>
        </div>
        <div>
          <dt>{t("partners.confirmed")}</dt>
          <dd data-testid="partner-confirmed">{n(d.figures.confirmed)}</dd>
        </div>
        <div>
          <dt>{t("partners.consenting")}</dt>
          <dd data-testid="partner-consenting">{n(d.figures.consenting)}</dd>
        </div>
      </dl>
      <BarChart
        title={t("partners.perDay")}
        points={d.perDay}
        label={(at) => at.slice(0, 10)}
        pointText={(at, count) => t("campaign.chartPoint", { at, count })}
        n={n}
        emptyText={t("campaign.chartEmpty")}
      />

      {exportHref ? (
        <>
          <h2>{t("partners.export")}</h2>
          <p>{t("partners.exportIntro", { count: d.figures.consenting })}</p>
          <p>
            <a className="button secondary" href={exportHref} download>
              {t("partners.exportButton")}
            </a>
          </p>
        </>
      ) : (
        // The consent was given to the partner alone: the campaign's organisers see how many, never who.
        <p className="hint">{t("partners.exportPartnerOnly")}</p>
      )}

      <h2>{t("partners.share")}</h2>
      <p>{t("partners.linksIntro")}</p>
      <ul className="partner-links">
        {d.links.campaign.map((l) => (
          <li key={l.lang}>
            <code>{l.url}</code>
          </li>
        ))}
      </ul>
      <h3>{t("partners.embed")}</h3>
      <p>{t("partners.embedIntro")}</p>
      <label htmlFor="partner-snippet">{t("partners.snippet")}</label>
      <textarea id="partner-snippet" readOnly rows={4} className="snippet" defaultValue={d.links.snippet} />
      <p className="hint">{t("partners.embedOrigins")}</p>
      <p>
        <a href={d.links.sheet}>{t("partners.sheet")}</a>
      </p>

      <h2>{t("partners.api")}</h2>
      {newToken ? (
        <div className="notice" role="status">
          <p>{t("partners.tokenOnce")}</p>
          <p>
            <code data-testid="new-token">{newToken}</code>
          </p>
        </div>
      ) : null}
      <p>
        {d.token
          ? d.token.lastUsedAt
            ? t("partners.tokenUsed", { created: d.token.createdAt.slice(0, 10), used: d.token.lastUsedAt.slice(0, 16).replace("T", " ") })
            : t("partners.tokenUnused", { created: d.token.createdAt.slice(0, 10) })
          : t("partners.tokenNone")}
      </p>
      {canRenewToken ? (
        <>
          <IntentForm csrf={csrf} intent="token" className="inline-form">
            <button type="submit" className="button secondary">
              {t("partners.tokenRenew")}
            </button>
          </IntentForm>
          <p className="hint">{t("partners.tokenHint")}</p>
        </>
      ) : null}
      <h2>{t("partners.webhook")}</h2>
      {d.partner.webhookUrl ? (
        <>
          <p>
            <code>{d.partner.webhookUrl}</code>
          </p>
          {webhook ? (
            <p className="notice" role="status">
              {webhook.kind === "resumed"
                ? t("webhooks.resumed", { count: webhook.requeued })
                : webhook.kind === "test-queued"
                  ? t("webhooks.testQueued")
                  : t("webhooks.noWebhook")}
            </p>
          ) : null}
          {canRenewToken ? (
            <div className="inline-list">
              <IntentForm csrf={csrf} intent="webhook-test" className="inline-form">
                <button type="submit" className="button secondary">
                  {t("webhooks.test")}
                </button>
              </IntentForm>
              {d.partner.webhookPaused ? (
                <IntentForm csrf={csrf} intent="webhook-resume" className="inline-form">
                  <button type="submit" className="button">
                    {t("webhooks.resume")}
                  </button>
                </IntentForm>
              ) : null}
            </div>
          ) : null}
          <WebhookLog rows={d.deliveries} paused={d.partner.webhookPaused} />
        </>
      ) : (
        <p className="hint">{t("webhooks.noWebhook")}</p>
      )}
      {children}
    </>
  );
}
