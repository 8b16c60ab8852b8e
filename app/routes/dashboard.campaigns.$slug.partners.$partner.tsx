import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, IntentForm } from "../components/fields";
import { PartnerForm } from "../components/partner-form";
import { PartnerView } from "../components/partner-view";
import type { WebhookActionResult } from "../services/webhooks.server";
import { negotiateLanguage } from "../lib/i18n.server";
import { partnerAccounts } from "../models/organiser.server";
import { campaignPartners } from "../models/partner.server";
import type { PartnerField, PartnerValues } from "../lib/partner-form";
import { editPartner, invitePartnerAccount } from "../services/partners.server";
import { requireAdmin, requireCampaignAccess, requireCsrf, requireOrganiser, type Auth } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { partnerPage, partnerPageAction } from "../web/partner-page.server";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

async function requirePartner(context: AppLoadContext, auth: Auth, params: { slug?: string; partner?: string }) {
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  // Disabled partners too: their organisers may look back at what they brought, or enable them again.
  const partner = (await campaignPartners(context.db, campaign.id)).find((p) => p.slug === params.partner);
  if (!partner) throw data(null, { status: 404 });
  return partner;
}

/** One partner, as the campaign's organisers see it: its view, and for admins its settings and accounts. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const partner = await requirePartner(context, auth, params);
  const isAdmin = auth.organiser.role === "admin";
  return {
    csrf: auth.csrf,
    isAdmin,
    page: await partnerPage(context, partner, await negotiateLanguage(request)),
    // The accounts' addresses are for admins, who invite them.
    accounts: isAdmin ? await partnerAccounts(context.db, context.crypto, partner.id) : [],
  };
}

type State =
  | { newToken: string }
  | { webhook: WebhookActionResult }
  | { saved: true }
  | { errors: Partial<Record<PartnerField, string>>; values: PartnerValues }
  | { invited: { link: string; email: string } }
  | { inviteError: "invalid" | "taken" };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const partner = await requirePartner(context, auth, params);
  requireAdmin(auth);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const intent = String(form.get("intent") ?? "");
  if (intent === "edit") {
    const result = await editPartner(context, partner, Object.fromEntries(form), auth.organiser.id);
    if (result.kind === "invalid") return data<State>({ errors: result.errors, values: result.values }, { status: 400 });
    return data<State>({ saved: true });
  }
  if (intent === "invite") {
    const page = await partnerPage(context, partner, await negotiateLanguage(request));
    const result = await invitePartnerAccount(context, partner, page.campaign.title, form.get("email"), await negotiateLanguage(request), auth.organiser.id);
    if (result.kind === "invited") return data<State>({ invited: { link: result.link, email: result.email } });
    return data<State>({ inviteError: result.kind }, { status: result.kind === "taken" ? 409 : 400 });
  }
  const answer = await partnerPageAction(context, auth.organiser.id, partner, intent);
  return answer ? data<State>(answer) : data(null, { status: 400 });
}

export default function PartnerPage() {
  const { csrf, isAdmin, page, accounts } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  const p = page.partner;
  const invalid = state && "errors" in state ? state : null;
  return (
    <PartnerView
      d={page}
      csrf={csrf}
      newToken={state && "newToken" in state ? state.newToken : undefined}
      webhook={state && "webhook" in state ? state.webhook : undefined}
      canRenewToken={isAdmin}
    >
      {isAdmin ? (
        <>
          <h2>{t("partners.accounts")}</h2>
          <p>{t("partners.accountsIntro")}</p>
          {accounts.length > 0 ? (
            <ul>
              {accounts.map((a) => (
                <li key={a.id}>
                  {a.email} · {a.disabled ? t("partners.isDisabled") : a.passwordSet ? t("partners.accountActive") : t("partners.accountInvited")}
                </li>
              ))}
            </ul>
          ) : null}
          {state && "invited" in state ? (
            <div className="notice" role="status">
              <p>{t("organisers.mailed", { email: state.invited.email })}</p>
              <p>{t("organisers.linkIntro")}</p>
              <p>
                <code data-testid="invite-link">{state.invited.link}</code>
              </p>
            </div>
          ) : null}
          <IntentForm csrf={csrf} intent="invite">
            <Field
              id="pa-email"
              name="email"
              label={t("login.email")}
              error={state && "inviteError" in state ? t(`partners.errors.invite_${state.inviteError}`) : null}
            >
              {(aria) => <input id="pa-email" name="email" type="email" required maxLength={254} {...aria} />}
            </Field>
            <button type="submit" className="button">
              {t("partners.inviteButton")}
            </button>
          </IntentForm>

          <h2>{t("partners.settings")}</h2>
          {state && "saved" in state ? (
            <p className="notice" role="status">
              {t("form.saved")}
            </p>
          ) : null}
          <PartnerForm
            csrf={csrf}
            intent="edit"
            editing
            errors={invalid?.errors}
            values={
              invalid?.values ?? {
                name: p.name,
                website: p.website ?? "",
                listed: p.listed,
                origins: p.origins.join("\n"),
                webhook_url: p.webhookUrl ?? "",
                disabled: p.disabled,
              }
            }
          />
        </>
      ) : null}
    </PartnerView>
  );
}
