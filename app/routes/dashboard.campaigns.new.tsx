import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TargetListSelect } from "../components/target-list-select";
import { createCampaign, freeAddress, targetLists } from "../models/campaign-admin.server";
import { suggestAddress } from "../lib/campaign-address";
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

type State = {
  errors?: Partial<Record<string, string>>;
  values?: Record<string, string>;
  /** An address Padauk suggests, put in the field for the organiser to accept or change. */
  suggested?: string;
};

/**
 * A new campaign: title first, then its address. Left empty, the address is suggested from the
 * title and shown for the organiser to accept (nothing is created yet); an address that is not
 * one, or is taken, is refused with a free suggestion in its place.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const parsed = parseForm(newCampaignSchema, form);
  const typed = Object.fromEntries([...form].filter(([k]) => k !== "csrf").map(([k, v]) => [k, String(v).slice(0, 500)]));
  if (!parsed.ok) {
    const suggested = parsed.errors.slug ? await freeAddress(context.db, suggestAddress(typed.slug || typed.title || "")) : undefined;
    return data<State>({ errors: parsed.errors, values: suggested ? { ...parsed.values, slug: suggested } : parsed.values, suggested }, { status: 400 });
  }
  const v = parsed.value;
  if (v.slug === "") {
    const suggested = await freeAddress(context.db, suggestAddress(v.title));
    return data<State>({ values: { ...typed, slug: suggested }, suggested });
  }
  const result = await createCampaign(
    context.db,
    { slug: v.slug, title: v.title, defaultLocale: v.default_locale, goal: v.goal, targetListId: v.target_list },
    auth.organiser.id,
  );
  if (result === "unknown-list") return data<State>({ errors: { target_list: "targetListUnknown" }, values: typed }, { status: 400 });
  if (result === "slug-taken") {
    const suggested = await freeAddress(context.db, v.slug);
    return data<State>({ errors: { slug: "slugTaken" }, values: { ...typed, slug: suggested }, suggested }, { status: 409 });
  }
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
          <label htmlFor="c-title">{t("translations.fields.title")}</label>
          <input id="c-title" name="title" type="text" maxLength={120} required defaultValue={state?.values?.title} {...inv("title")} />
          <p className="hint">{t("form.titleHint")}</p>
          {err("title")}
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
          <label htmlFor="c-slug">{t("form.slug")}</label>
          {/* A new key on every suggestion: the field shows the suggestion, not what was typed before. */}
          <input
            key={state?.suggested ?? "typed"}
            id="c-slug"
            name="slug"
            type="text"
            dir="ltr"
            defaultValue={state?.values?.slug}
            aria-describedby={["slug-hint", state?.suggested ? "slug-suggested" : "", state?.errors?.slug ? "slug-error" : ""].filter(Boolean).join(" ")}
            aria-invalid={state?.errors?.slug ? true : undefined}
          />
          <p className="hint" id="slug-hint">
            {t("form.slugHint")} {t("form.slugEmptyHint")}
          </p>
          {err("slug")}
          {state?.suggested ? (
            <p className="notice" id="slug-suggested" role="status">
              {t("form.slugSuggested", { slug: state.suggested })}
            </p>
          ) : null}
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
