import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TargetListSelect } from "../components/target-list-select";
import { audit } from "../models/audit.server";
import { allowedTransitions, campaignSettings, campaignTranslations, missingFields, targetLists, updateSettings } from "../models/campaign-admin.server";
import { parseForm, settingsSchema } from "../schemas/campaign.server";
import { requireCampaignAccess, requireCsrf, requireOrganiser } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { routeHeaders } from "../web/headers";
import { Checkbox, Field, SelectField } from "../components/fields";

export const headers = routeHeaders;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const settings = await campaignSettings(context.db, campaign.id);
  return {
    csrf: auth.csrf,
    settings,
    statuses: [settings.status, ...allowedTransitions(settings.status)],
    lists: await targetLists(context.db),
  };
}

type State = { saved?: boolean; errors?: Partial<Record<string, string>>; fields?: string[] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const parsed = parseForm(settingsSchema, form);
  if (!parsed.ok) return data<State>({ errors: parsed.errors }, { status: 400 });
  const v = parsed.value;
  const result = await updateSettings(context.db, campaign.id, {
    goal: v.goal,
    targetListId: v.target_list,
    dailyTargetCap: v.daily_target_cap,
    status: v.status,
    retentionDays: v.retention_days,
    powRequired: v.pow_required,
    neutralMail: v.neutral_mail,
    paperCountsToGoal: v.paper_counts_to_goal,
  });
  if (result === "unknown-list") return data<State>({ errors: { target_list: "targetListUnknown" } }, { status: 400 });
  if (result === "transition-not-allowed") return data<State>({ errors: { status: "transitionNotAllowed" } }, { status: 409 });
  if (result === "default-incomplete") {
    const texts = await campaignTranslations(context.db, campaign.id);
    const fields = missingFields(texts.get(campaign.defaultLocale), v.target_list !== null);
    return data<State>({ errors: { status: "defaultIncomplete" }, fields }, { status: 409 });
  }
  // Opening, closing, throttling by proof of work, neutral mail: each change of settings is on record.
  await audit(
    context.db,
    auth.organiser.id,
    "campaign.settings",
    `${campaign.slug}: status ${v.status}, goal ${v.goal}, list ${v.target_list ?? "none"}, cap ${v.daily_target_cap}, retention ${v.retention_days}, proof of work ${v.pow_required ? "on" : "off"}, neutral mail ${v.neutral_mail ? "on" : "off"}, paper counts to goal ${v.paper_counts_to_goal ? "yes" : "no"}`,
  );
  return { saved: true } satisfies State;
}

export default function Settings() {
  const { csrf, settings, statuses, lists } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  const error = (f: "goal" | "daily_target_cap" | "retention_days") => (state?.errors?.[f] ? t(`errors.${state.errors[f]}`) : null);
  return (
    <>
      <p>
        <Link to={`/dashboard/campaigns/${settings.slug}`}>{settings.slug}</Link>
      </p>
      <h1>{t("campaign.settings")}</h1>
      {state?.saved ? (
        <p className="notice" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      {state?.errors?.status ? (
        <p className="form-error" role="alert">
          {/* The fields by the names the editor gives them, in the organiser's language. */}
          {t(`errors.${state.errors.status}`, { fields: state.fields?.map((f) => t(`translations.fields.${f}`)).join(t("translations.fieldSeparator")) })}
        </p>
      ) : null}
      <Form method="post" className="sign-form">
        <input type="hidden" name="csrf" value={csrf} />
        <SelectField id="s-status" name="status" label={t("form.status")} defaultValue={settings.status} options={statuses.map((s) => [s, t(`status.${s}`)])} />
        <Field id="s-goal" name="goal" label={t("form.goal")} error={error("goal")}>
          {(aria) => <input id="s-goal" name="goal" type="number" min={1} defaultValue={settings.goal} {...aria} />}
        </Field>
        <TargetListSelect id="s-list" lists={lists} defaultValue={settings.target_list_id} />
        {state?.errors?.target_list ? (
          <p className="field-error" role="alert">
            {t(`errors.${state.errors.target_list}`)}
          </p>
        ) : null}
        <Field id="s-cap" name="daily_target_cap" label={t("form.dailyCap")} error={error("daily_target_cap")}>
          {(aria) => <input id="s-cap" name="daily_target_cap" type="number" min={1} defaultValue={settings.daily_target_cap} {...aria} />}
        </Field>
        <Field id="s-retention" name="retention_days" label={t("form.retentionDays")} hint={t("form.retentionHint")} error={error("retention_days")}>
          {(aria) => <input id="s-retention" name="retention_days" type="number" min={1} max={3650} defaultValue={settings.retention_days} {...aria} />}
        </Field>
        <fieldset className="field">
          <legend>{t("form.safety")}</legend>
          <Checkbox id="s-neutral" name="neutral_mail" label={t("form.neutralMail")} defaultChecked={settings.neutral_mail} hint={t("form.neutralMailHint")} />
          <Checkbox id="s-pow" name="pow_required" label={t("form.powRequired")} defaultChecked={settings.pow_required} hint={t("form.powRequiredHint")} />
        </fieldset>
        <Checkbox
          id="s-paper"
          name="paper_counts_to_goal"
          label={t("form.paperCountsToGoal")}
          defaultChecked={settings.paper_counts_to_goal}
          hint={t("form.paperCountsToGoalHint")}
        />
        <button type="submit" className="button">
          {t("form.save")}
        </button>
      </Form>
    </>
  );
}
