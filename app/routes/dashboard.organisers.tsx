import { titledCampaigns } from "../models/campaign-titles.server";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { addMember, inviteOrganiser, listOrganisers, removeMember, setOrganiserDisabled } from "../models/organiser.server";
import { audit } from "../models/audit.server";
import { requireAdmin, requireCsrf, requireOrganiser } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { negotiateLanguage } from "../lib/i18n.server";
import { routeHeaders } from "../web/headers";
import { Field, IntentForm, SelectField } from "../components/fields";

export const headers = routeHeaders;

/** Admins manage organisers: invite, give access to campaigns, disable. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  const organisers = await listOrganisers(context.db, context.crypto);
  await audit(context.db, auth.organiser.id, "view.organisers", "organisers", organisers.length);
  const campaigns = await titledCampaigns(context.db, await negotiateLanguage(request));
  return { csrf: auth.csrf, me: auth.organiser.id, organisers, campaigns };
}

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), email: z.string().trim().email().max(254), role: z.enum(["admin", "organiser"]) }),
  z.object({ intent: z.literal("add"), organiser: z.coerce.number().int().positive(), campaign: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("remove"), organiser: z.coerce.number().int().positive(), campaign: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("disable"), organiser: z.coerce.number().int().positive(), disabled: z.enum(["1", "0"]) }),
]);

type State = { error?: string; link?: string; mailedTo?: string; done?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const parsed = intents.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data<State>({ error: "invalid" }, { status: 400 });
  const p = parsed.data;
  switch (p.intent) {
    case "invite": {
      // The invitation is mailed in the administrator's language; the page shows the link too,
      // for an invitee whose mail may be read by others or not arrive.
      const lang = await negotiateLanguage(request);
      const token = await inviteOrganiser(context.db, context.crypto, p.email, p.role, new Date(), {
        lang,
        messageIdDomain: new URL(context.config.publicUrl).hostname,
      });
      context.wakeOutbox();
      await audit(context.db, auth.organiser.id, "organiser.invite", p.role, 1);
      return { link: `${context.config.publicUrl}/set-password/${token}`, mailedTo: p.email } satisfies State;
    }
    case "add":
      await addMember(context.db, p.organiser, p.campaign);
      break;
    case "remove":
      await removeMember(context.db, p.organiser, p.campaign);
      break;
    case "disable":
      // An admin cannot lock themselves out.
      if (p.organiser === auth.organiser.id) return data<State>({ error: "self" }, { status: 400 });
      await setOrganiserDisabled(context.db, p.organiser, p.disabled === "1");
      break;
  }
  // Who changed whose access to what: the organiser's id, and the campaign for memberships.
  const what = p.intent === "disable" ? (p.disabled === "1" ? "organiser.disable" : "organiser.enable") : `organiser.${p.intent}`;
  await audit(context.db, auth.organiser.id, what, p.intent === "disable" ? `organiser ${p.organiser}` : `organiser ${p.organiser} campaign ${p.campaign}`, 1);
  return { done: true } satisfies State;
}

export default function Organisers() {
  const { csrf, me, organisers, campaigns } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  return (
    <>
      <h1>{t("organisers.title")}</h1>
      {state?.error ? (
        <p className="form-error" role="alert">
          {t(`organisers.error.${state.error}`)}
        </p>
      ) : null}
      {state?.link ? (
        <div className="notice" role="status">
          {state.mailedTo ? <p>{t("organisers.mailed", { email: state.mailedTo })}</p> : null}
          <p>{t("organisers.linkIntro")}</p>
          <p>
            <code data-testid="invite-link">{state.link}</code>
          </p>
        </div>
      ) : state?.done ? (
        <p className="notice" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      <h2>{t("organisers.invite")}</h2>
      <IntentForm csrf={csrf} intent="invite">
        <Field id="o-email" label={t("login.email")}>
          <input id="o-email" name="email" type="email" required />
        </Field>
        <SelectField
          id="o-role"
          name="role"
          label={t("organisers.role")}
          defaultValue="organiser"
          options={[
            ["organiser", t("roles.organiser")],
            ["admin", t("roles.admin")],
          ]}
        />
        <button type="submit" className="button">
          {t("organisers.inviteButton")}
        </button>
      </IntentForm>
      <table className="data-table">
        <tbody>
          {organisers.map((o) => (
            <tr key={o.id}>
              <td>
                <strong>{o.email}</strong> · {t(`roles.${o.role}`)}
                {o.disabled ? ` · ${t("organisers.disabled")}` : ""}
                {!o.passwordSet ? ` · ${t("organisers.invited")}` : ""}
                <br />
                {o.campaigns.map((slug) => {
                  const c = campaigns.find((x) => x.slug === slug)!;
                  return (
                    <IntentForm csrf={csrf} intent="remove" key={slug} className="inline-form">
                      <input type="hidden" name="organiser" value={o.id} />
                      <input type="hidden" name="campaign" value={c.id} />
                      <span lang={c.titleLang ?? undefined}>{c.title}</span>{" "}
                      <button type="submit" className="link-button" aria-label={t("organisers.removeFrom", { campaign: c.title })}>
                        ×
                      </button>
                    </IntentForm>
                  );
                })}
              </td>
              <td>
                <IntentForm csrf={csrf} intent="add" className="inline-form">
                  <input type="hidden" name="organiser" value={o.id} />
                  <label htmlFor={`add-${o.id}`} className="visually-hidden">
                    {t("organisers.addTo")}
                  </label>
                  <select id={`add-${o.id}`} name="campaign">
                    {campaigns.map((c) => (
                      <option key={c.id} value={c.id} lang={c.titleLang ?? undefined}>
                        {c.title}
                      </option>
                    ))}
                  </select>{" "}
                  <button type="submit" className="button secondary">
                    {t("organisers.addTo")}
                  </button>
                </IntentForm>
                {o.id !== me ? (
                  <IntentForm csrf={csrf} intent="disable" className="inline-form">
                    <input type="hidden" name="organiser" value={o.id} />
                    <input type="hidden" name="disabled" value={o.disabled ? "0" : "1"} />
                    <button type="submit" className="button secondary">
                      {o.disabled ? t("organisers.enable") : t("organisers.disable")}
                    </button>
                  </IntentForm>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
