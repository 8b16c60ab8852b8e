import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PartnerForm } from "../components/partner-form";
import { formatNumber } from "../lib/i18n";
import { negotiateLanguage } from "../lib/i18n.server";
import { campaignPartners } from "../models/partner.server";
import { partnerFiguresByCampaign } from "../models/partner-stats.server";
import type { PartnerField, PartnerValues } from "../lib/partner-form";
import { addPartner } from "../services/partners.server";
import { requireAdmin, requireCampaignAccess, requireCsrf, requireOrganiser } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** A campaign's partner organisations: what each brought, and (for admins) a form to add one. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const [partners, figures] = await Promise.all([campaignPartners(context.db, campaign.id), partnerFiguresByCampaign(context.db, campaign.id)]);
  return {
    csrf: auth.csrf,
    lang: await negotiateLanguage(request),
    slug: campaign.slug,
    isAdmin: auth.organiser.role === "admin",
    partners: partners.map((p) => ({
      slug: p.slug,
      name: p.name,
      listed: p.listed,
      webhook: p.webhookUrl ? (p.webhookPaused ? "paused" : "on") : "off",
      disabled: p.disabled,
      figures: figures.get(p.id) ?? { signups: 0, confirmed: 0, consenting: 0 },
    })),
  };
}

type State =
  | { errors: Partial<Record<PartnerField, string>>; values: PartnerValues }
  | { created: { slug: string; name: string; token: string; webhookSecret: string | null } };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  requireAdmin(auth);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const result = await addPartner(context, campaign.id, Object.fromEntries(form), auth.organiser.id);
  if (result.kind === "invalid") return data<State>({ errors: result.errors, values: result.values }, { status: 400 });
  if (result.kind !== "created") return data(null, { status: 400 });
  return data<State>({ created: { slug: result.partner.slug, name: result.partner.name, token: result.token, webhookSecret: result.webhookSecret } });
}

export default function Partners() {
  const { csrf, lang, slug, isAdmin, partners } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  const n = (x: number) => formatNumber(x, lang);
  const created = state && "created" in state ? state.created : null;
  const invalid = state && "errors" in state ? state : null;
  return (
    <>
      <h1>{t("partners.title")}</h1>
      <p>{t("partners.intro")}</p>
      {created ? (
        <div className="notice" role="status">
          <p>{t("partners.created", { name: created.name })}</p>
          <p>{t("partners.tokenOnce")}</p>
          <p>
            <code data-testid="new-token">{created.token}</code>
          </p>
          {created.webhookSecret ? (
            <>
              <p>{t("partners.secretOnce")}</p>
              <p>
                <code data-testid="webhook-secret">{created.webhookSecret}</code>
              </p>
            </>
          ) : null}
          <p>
            <Link to={`/dashboard/campaigns/${slug}/partners/${created.slug}`}>{t("partners.open", { name: created.name })}</Link>
          </p>
        </div>
      ) : null}
      {partners.length === 0 ? (
        <p className="hint">{t("partners.none")}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("partners.name")}</th>
              <th scope="col">{t("partners.signups")}</th>
              <th scope="col">{t("partners.confirmed")}</th>
              <th scope="col">{t("partners.consenting")}</th>
              <th scope="col">{t("partners.webhook")}</th>
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => (
              <tr key={p.slug}>
                <th scope="row">
                  <Link to={`/dashboard/campaigns/${slug}/partners/${p.slug}`}>{p.name}</Link>
                  <br />
                  <span className="hint">
                    <code>?partner={p.slug}</code> · {p.listed ? t("partners.isListed") : t("partners.notListed")}
                    {p.disabled ? ` · ${t("partners.isDisabled")}` : ""}
                  </span>
                </th>
                <td>{n(p.figures.signups)}</td>
                <td>{n(p.figures.confirmed)}</td>
                <td>{n(p.figures.consenting)}</td>
                <td>{t(`partners.webhookState.${p.webhook}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin ? (
        <>
          <h2>{t("partners.add")}</h2>
          <PartnerForm csrf={csrf} intent="add" values={invalid?.values} errors={invalid?.errors} editing={false} />
        </>
      ) : null}
    </>
  );
}
