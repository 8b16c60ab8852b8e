import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { campaignLocales } from "../models/campaign.server";
import {
  campaignResponses,
  campaignUpdatesForOrganisers,
  missingUpdateFields,
  postUpdate,
  recordResponse,
  saveUpdateTexts,
  type UpdateField,
  type UpdateText,
} from "../models/update.server";
import { audit } from "../models/audit.server";
import { requireCampaignAccess, requireCsrf, requireOrganiser } from "../web/auth.server";
import { notFound, readForm } from "../web/http.server";
import { normalizeText } from "../lib/text.server";
import { TextWith } from "../components/text-with";
import { languageIn } from "../lib/i18n";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** How the editor names a news item's fields, for "missing: …". */
const FIELD_LABEL: Record<UpdateField, string> = { title: "updates.updateTitle", body: "updates.updateBody" };

/**
 * Tell signers what happened: updates (mailed to those who asked) and officials' responses.
 * `?edit=<id>` opens one posted update's translations, to add or finish them later.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  // Every language the campaign has been started in: news may be ready before the campaign text is.
  const started = await campaignLocales(context.db, campaign.id, "as-written");
  const locales = started.length ? started : [campaign.defaultLocale];
  const updates = (await campaignUpdatesForOrganisers(context.db, campaign.id)).map((u) => {
    const main = u.versions.find((v) => v.locale === campaign.defaultLocale) ?? u.versions[0];
    return {
      id: u.id,
      title: main.title,
      titleLang: main.locale,
      at: new Date(u.createdAt).toISOString().slice(0, 10),
      versions: locales.map((l) => {
        const v = u.versions.find((x) => x.locale === l);
        return { locale: l, title: v?.title ?? "", body: v?.body ?? "", started: !!v, missing: missingUpdateFields(v) };
      }),
    };
  });
  const edit = Number(new URL(request.url).searchParams.get("edit"));
  return {
    csrf: auth.csrf,
    slug: campaign.slug,
    defaultLocale: campaign.defaultLocale,
    locales,
    updates,
    editing: updates.find((u) => u.id === edit) ?? null,
    responses: await campaignResponses(context.db, campaign.id),
  };
}

/** Title and text per language, as typed (a half-written language is kept, and shown to nobody). */
function readTexts(form: FormData, locales: string[]): Record<string, UpdateText> {
  const texts: Record<string, UpdateText> = {};
  for (const l of locales) {
    const title = normalizeText(String(form.get(`title_${l}`) ?? "")).slice(0, 200);
    const body = normalizeText(String(form.get(`body_${l}`) ?? "").replace(/\r\n?/g, "\n")).slice(0, 20_000);
    texts[l] = { title, body };
  }
  return texts;
}

const clean = (max: number) =>
  z
    .string()
    .transform((s) => normalizeText(s.replace(/\r\n?/g, "\n")))
    .pipe(z.string().max(max));
const responseSchema = z.object({
  responder: clean(200).pipe(z.string().min(2)),
  responded_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  text: clean(20_000),
  url: z.union([
    z.literal(""),
    z
      .string()
      .url()
      .max(500)
      .refine((u) => /^https?:/.test(u)),
  ]),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const form = await readForm(request);
  requireCsrf(form, auth);
  if (form.get("intent") === "response") {
    const parsed = responseSchema.safeParse(Object.fromEntries(["responder", "responded_on", "text", "url"].map((k) => [k, String(form.get(k) ?? "")])));
    if (!parsed.success) return data({ error: "responseInvalid" as const, queued: null }, { status: 400 });
    await recordResponse(context.db, campaign.id, {
      responder: parsed.data.responder,
      respondedOn: parsed.data.responded_on,
      text: parsed.data.text,
      url: parsed.data.url || null,
    });
    await audit(context.db, auth.organiser.id, "campaign.response_recorded", campaign.slug);
    return { error: null, queued: null, saved: true };
  }
  const started = await campaignLocales(context.db, campaign.id, "as-written");
  const texts = readTexts(form, started.length ? started : [campaign.defaultLocale]);
  // The default language is required: it is what every signer without their own language reads.
  if (missingUpdateFields(texts[campaign.defaultLocale]).length) return data({ error: "updateDefaultMissing" as const, queued: null }, { status: 400 });
  if (form.get("intent") === "edit") {
    const updateId = Number(form.get("update"));
    // An id of no update of this campaign (or no id at all): nothing to correct.
    if (!Number.isInteger(updateId) || updateId < 1 || updateId > 2 ** 31 - 1 || !(await saveUpdateTexts(context.db, campaign.id, updateId, texts))) notFound();
    await audit(context.db, auth.organiser.id, "news.edited", `${campaign.slug} update ${updateId}`);
    return { error: null, queued: null, saved: true };
  }
  // A language with nothing typed is not stored; one half-typed is, to be finished later.
  const written = Object.fromEntries(Object.entries(texts).filter(([, t]) => t.title || t.body));
  const queued = await postUpdate(context.db, context.crypto, campaign.id, auth.organiser.id, written, new URL(context.config.publicUrl).hostname);
  // A news post mails signers: who sent it, and to how many, is on record.
  await audit(context.db, auth.organiser.id, "news.posted", campaign.slug, queued);
  context.wakeOutbox();
  return { error: null, queued };
}

export default function Updates() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation("dashboard");
  return (
    <>
      <p>
        <Link to={`/dashboard/campaigns/${d.slug}`}>{d.slug}</Link>
      </p>
      <h1>{t("updates.title")}</h1>
      {result?.error ? (
        <p className="form-error" role="alert">
          {t(`updates.${result.error}`)}
        </p>
      ) : result?.queued !== null && result?.queued !== undefined ? (
        <p className="notice" role="status">
          {t("updates.queued", { count: result.queued })}
        </p>
      ) : result ? (
        <p className="notice" role="status">
          {t("form.saved")}
        </p>
      ) : null}
      {d.editing ? (
        <>
          <h2>
            <TextWith
              translate={(m) => t("updates.editHeading", { title: m.title })}
              parts={{ title: <span lang={d.editing.titleLang}>{d.editing.title}</span> }}
            />
          </h2>
          <Form method="post" className="translation-form" data-testid="update-translations">
            <input type="hidden" name="csrf" value={d.csrf} />
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="update" value={d.editing.id} />
            <p className="hint">
              {t("updates.completeHint")} {t("updates.noResend")}
            </p>
            {d.editing.versions.map((v) => (
              <UpdateFields
                key={v.locale}
                prefix="e"
                locale={v.locale}
                isDefault={v.locale === d.defaultLocale}
                title={v.title}
                body={v.body}
                state={
                  !v.started
                    ? t("translations.notStarted")
                    : v.missing.length
                      ? t("translations.missing", { fields: v.missing.map((f) => t(FIELD_LABEL[f])).join(t("translations.fieldSeparator")) })
                      : t("translations.complete")
                }
              />
            ))}
            <button type="submit" className="button">
              {t("updates.saveTexts")}
            </button>
          </Form>
        </>
      ) : null}
      <h2>{t("updates.new")}</h2>
      <Form method="post" className="translation-form">
        <input type="hidden" name="csrf" value={d.csrf} />
        <input type="hidden" name="intent" value="update" />
        <p className="hint">
          {t("updates.hint")} {t("updates.completeHint")}
        </p>
        {d.locales.map((l) => (
          <UpdateFields key={l} prefix="u" locale={l} isDefault={l === d.defaultLocale} />
        ))}
        <button type="submit" className="button">
          {t("updates.post")}
        </button>
      </Form>
      {d.updates.length ? (
        <ul>
          {d.updates.map((u) => (
            <li key={u.id}>
              <TextWith translate={(m) => t("updates.item", { date: u.at, title: m.title })} parts={{ title: <span lang={u.titleLang}>{u.title}</span> }} />{" "}
              <Link to={`?edit=${u.id}`}>{t("updates.editTexts")}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>{t("updates.response")}</h2>
      <Form method="post" className="sign-form">
        <input type="hidden" name="csrf" value={d.csrf} />
        <input type="hidden" name="intent" value="response" />
        <div className="field">
          <label htmlFor="r-who">{t("updates.responder")}</label>
          <input id="r-who" name="responder" type="text" required />
        </div>
        <div className="field">
          <label htmlFor="r-date">{t("updates.respondedOn")}</label>
          <input id="r-date" name="responded_on" type="date" required />
        </div>
        <div className="field">
          <label htmlFor="r-text">{t("updates.responseText")}</label>
          <textarea id="r-text" name="text" rows={5} />
        </div>
        <div className="field">
          <label htmlFor="r-url">{t("updates.responseUrl")}</label>
          <input id="r-url" name="url" type="url" />
        </div>
        <button type="submit" className="button secondary">
          {t("updates.recordResponse")}
        </button>
      </Form>
      {d.responses.length ? (
        <ul>
          {d.responses.map((r) => (
            <li key={r.id}>{t("updates.responseItem", { date: r.respondedOn, responder: r.responder })}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** One language's title and text; the language is named in the organiser's language, the fields carry the text's. */
function UpdateFields({
  prefix,
  locale,
  isDefault,
  title,
  body,
  state,
}: {
  prefix: string;
  locale: string;
  isDefault: boolean;
  title?: string;
  body?: string;
  state?: string;
}) {
  const { t } = useTranslation("dashboard");
  return (
    <fieldset className="field">
      <legend>
        {languageIn(t, locale, "label")}
        {isDefault ? " *" : ""}
      </legend>
      {state ? <p className="hint">{state}</p> : null}
      <label htmlFor={`${prefix}-title-${locale}`}>{t("updates.updateTitle")}</label>
      <input id={`${prefix}-title-${locale}`} name={`title_${locale}`} type="text" lang={locale} defaultValue={title} />
      <label htmlFor={`${prefix}-body-${locale}`}>{t("updates.updateBody")}</label>
      <textarea id={`${prefix}-body-${locale}`} name={`body_${locale}`} rows={6} lang={locale} defaultValue={body} />
    </fieldset>
  );
}
