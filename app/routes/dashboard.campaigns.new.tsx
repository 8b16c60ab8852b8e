import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TargetListSelect } from "../components/target-list-select";
import { createCampaign, targetLists } from "../models/campaign-admin.server";
import { audit } from "../models/audit.server";
import { newCampaignSchema, parseForm } from "../schemas/campaign.server";
import { requireCsrf, requireOrganiser } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { languageIn, supportedLanguages } from "../lib/i18n";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  return { csrf: auth.csrf, lists: await targetLists(context.db) };
}

type State = { errors?: Partial<Record<string, string>>; values?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const parsed = parseForm(newCampaignSchema, form);
  if (!parsed.ok) return data<State>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const v = parsed.value;
  const result = await createCampaign(
    context.db,
    { slug: v.slug, defaultLocale: v.default_locale, goal: v.goal, targetListId: v.target_list },
    auth.organiser.id,
  );
  if (result === "unknown-list")
    return data<State>({ errors: { target_list: "targetListUnknown" }, values: Object.fromEntries(form) as Record<string, string> }, { status: 400 });
  if (result === "slug-taken")
    return data<State>({ errors: { slug: "slugTaken" }, values: Object.fromEntries(form) as Record<string, string> }, { status: 409 });
  await audit(context.db, auth.organiser.id, "campaign.created", v.slug);
  return redirect(`/dashboard/campaigns/${v.slug}/translations/${v.default_locale}`);
}

export default function NewCampaign() {
  const { csrf, lists } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  const err = (f: string) =>
    state?.errors?.[f] ? (
      <p className="field-error" id={`${f}-error`}>
        {t(`errors.${state.errors[f]}`)}
      </p>
    ) : null;
  const inv = (f: string) => (state?.errors?.[f] ? { "aria-invalid": true as const, "aria-describedby": `${f}-error` } : {});
  return (
    <>
      <h1>{t("campaigns.new")}</h1>
      <Form method="post" className="sign-form">
        <input type="hidden" name="csrf" value={csrf} />
        <div className="field">
          <label htmlFor="c-slug">{t("form.slug")}</label>
          <input id="c-slug" name="slug" type="text" defaultValue={state?.values?.slug} {...inv("slug")} />
          <p className="hint">{t("form.slugHint")}</p>
          {err("slug")}
        </div>
        <div className="field">
          <label htmlFor="c-locale">{t("form.defaultLocale")}</label>
          <select id="c-locale" name="default_locale" defaultValue={state?.values?.default_locale ?? "en"} {...inv("default_locale")}>
            {supportedLanguages.map((l) => (
              <option key={l} value={l}>
                {languageIn(t, l, "label")}
              </option>
            ))}
          </select>
          <p className="hint">{t("form.defaultLocaleHint")}</p>
        </div>
        <div className="field">
          <label htmlFor="c-goal">{t("form.goal")}</label>
          <input id="c-goal" name="goal" type="number" min={1} defaultValue={state?.values?.goal ?? "10000"} {...inv("goal")} />
          {err("goal")}
        </div>
        <TargetListSelect id="c-list" lists={lists} defaultValue={state?.values?.target_list} />
        {err("target_list")}
        <button type="submit" className="button">
          {t("form.create")}
        </button>
      </Form>
    </>
  );
}
