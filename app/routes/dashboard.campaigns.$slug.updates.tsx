import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { campaignLocales } from "../models/campaign.server";
import { campaignResponses, campaignUpdatesForOrganisers, missingUpdateFields, type UpdateField } from "../models/update.server";
import { correctNews, recordOfficialResponse } from "../services/news.server";
import { confirmNews, draftNews, newsConfirmation, previewNews, sendNewsTest } from "../services/news-send.server";
import { NewsConfirmation, NewsForm, type TypedNews } from "../components/news-confirm";
import { negotiateLanguage } from "../lib/i18n.server";
import { requireCampaignAccess, requireCsrf, requireOrganiser } from "../web/auth.server";
import { notFound, readForm } from "../web/http.server";
import { TextWith } from "../components/text-with";
import { ResponseForm, UpdateFields } from "../components/news-editor";
import { routeHeaders } from "../web/headers";

export const headers = routeHeaders;

/** How the editor names a news item's fields, for "missing: …". */
const FIELD_LABEL: Record<UpdateField, string> = { title: "updates.updateTitle", body: "updates.updateBody" };

/**
 * Tell signers what happened: updates (mailed to those who asked) and officials' responses.
 * `?edit=<id>` opens one posted update's translations, to add or finish them later;
 * `?draft=<id>` is a draft's confirmation page: preview, counts, a test, the send.
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
  const url = new URL(request.url);
  const edit = Number(url.searchParams.get("edit"));
  return {
    confirmation: await newsConfirmation(context, campaign, url.searchParams.get("draft")),
    csrf: auth.csrf,
    slug: campaign.slug,
    defaultLocale: campaign.defaultLocale,
    locales,
    updates,
    editing: updates.find((u) => u.id === edit) ?? null,
    responses: await campaignResponses(context.db, campaign.id),
  };
}

type ActionData = { error?: string; queued?: number; saved?: boolean; tested?: string; preview?: Record<string, TypedNews> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const intent = String(form.get("intent"));
  const id = auth.organiser.id;
  // Each intent of the page is one service; its result becomes the page's message.
  const result =
    intent === "edit"
      ? await correctNews(context, id, campaign, form)
      : intent === "response"
        ? await recordOfficialResponse(context, id, campaign, form)
        : intent === "preview"
          ? await previewNews(context, id, campaign, form)
          : intent === "test"
            ? await sendNewsTest(context, auth.organiser, campaign, form, await negotiateLanguage(request))
            : intent === "confirm"
              ? await confirmNews(context, id, campaign, form)
              : await draftNews(context, id, campaign, form);
  switch (result.kind) {
    case "invalid":
      return data<ActionData>({ error: result.error }, { status: 400 });
    case "not-found":
      return notFound();
    case "already-sent":
      return data<ActionData>({ error: "alreadySent" }, { status: 409 });
    case "drafted":
      // Nothing is sent yet: the draft's confirmation page shows what would go, to whom.
      return redirect(`/dashboard/campaigns/${campaign.slug}/updates?draft=${result.id}`);
    case "preview":
      return data<ActionData>({ preview: result.values });
    case "tested":
      return data<ActionData>({ tested: result.to });
    case "posted":
      return data<ActionData>({ queued: result.queued });
    case "saved":
      return data<ActionData>({ saved: true });
  }
}

export default function Updates() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
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
      ) : result?.tested ? (
        <p className="notice" role="status">
          {t("updates.testQueued", { email: result.tested })}
        </p>
      ) : result?.queued !== undefined ? (
        <p className="notice" role="status">
          {t("updates.queued", { count: result.queued })}
        </p>
      ) : result?.saved ? (
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
      {d.confirmation ? (
        <NewsConfirmation csrf={d.csrf} action={`/dashboard/campaigns/${d.slug}/updates?draft=${d.confirmation.id}`} {...d.confirmation} />
      ) : null}
      <h2>{t("updates.new")}</h2>
      <NewsForm csrf={d.csrf} locales={d.locales} defaultLocale={d.defaultLocale} preview={result?.preview} />
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
      <ResponseForm csrf={d.csrf} />
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
