import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { campaignLocales } from "../models/campaign.server";
import { campaignResponses, campaignUpdates, postUpdate, recordResponse } from "../models/update.server";
import { audit } from "../models/organiser.server";
import { requireCampaignAccess, requireCsrf, requireOrganiser } from "../services/auth.server";
import { readForm } from "../services/http.server";
import { normalizeText } from "../services/text.server";
import { languageName } from "../i18n";
import { routeHeaders } from "../headers";

export const headers = routeHeaders;

/** Tell signers what happened: updates (mailed to those who asked) and officials' responses. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const locales = await campaignLocales(context.db, campaign.id);
  return {
    csrf: auth.csrf,
    slug: campaign.slug,
    defaultLocale: campaign.defaultLocale,
    locales: locales.length ? locales : [campaign.defaultLocale],
    updates: (await campaignUpdates(context.db, campaign.id, campaign.defaultLocale, campaign.defaultLocale)).map((u) => ({ id: u.id, title: u.title, at: new Date(u.createdAt).toISOString().slice(0, 10) })),
    responses: await campaignResponses(context.db, campaign.id),
  };
}

const clean = (max: number) => z.string().transform((s) => normalizeText(s.replace(/\r\n?/g, "\n"))).pipe(z.string().max(max));
const responseSchema = z.object({
  responder: clean(200).pipe(z.string().min(2)),
  responded_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  text: clean(20_000),
  url: z.union([z.literal(""), z.string().url().max(500).refine((u) => /^https?:/.test(u))]),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const form = await readForm(request);
  requireCsrf(form, auth);
  if (form.get("intent") === "response") {
    const parsed = responseSchema.safeParse(Object.fromEntries(["responder", "responded_on", "text", "url"].map((k) => [k, String(form.get(k) ?? "")])));
    if (!parsed.success) return data({ error: "responseInvalid" as const, queued: null }, { status: 400 });
    await recordResponse(context.db, campaign.id, { responder: parsed.data.responder, respondedOn: parsed.data.responded_on, text: parsed.data.text, url: parsed.data.url || null });
    await audit(context.db, auth.organiser.id, "campaign.response_recorded", campaign.slug);
    return { error: null, queued: null, saved: true };
  }
  const locales = await campaignLocales(context.db, campaign.id);
  const texts: Record<string, { title: string; body: string }> = {};
  for (const l of locales) {
    const title = normalizeText(String(form.get(`title_${l}`) ?? "")).slice(0, 200);
    const body = normalizeText(String(form.get(`body_${l}`) ?? "").replace(/\r\n?/g, "\n")).slice(0, 20_000);
    if (title && body) texts[l] = { title, body };
  }
  // The default language is required: it is what every signer without their own language reads.
  if (!texts[campaign.defaultLocale]) return data({ error: "updateDefaultMissing" as const, queued: null }, { status: 400 });
  const queued = await postUpdate(context.db, context.crypto, campaign.id, auth.organiser.id, texts, new URL(context.config.publicUrl).hostname);
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
      <h2>{t("updates.new")}</h2>
      <Form method="post" className="translation-form">
        <input type="hidden" name="csrf" value={d.csrf} />
        <input type="hidden" name="intent" value="update" />
        <p className="hint">{t("updates.hint")}</p>
        {d.locales.map((l) => (
          <fieldset key={l} className="field" lang={l}>
            <legend>
              {languageName(l)}
              {l === d.defaultLocale ? " *" : ""}
            </legend>
            <label htmlFor={`u-title-${l}`}>{t("updates.updateTitle")}</label>
            <input id={`u-title-${l}`} name={`title_${l}`} type="text" />
            <label htmlFor={`u-body-${l}`}>{t("updates.updateBody")}</label>
            <textarea id={`u-body-${l}`} name={`body_${l}`} rows={6} />
          </fieldset>
        ))}
        <button type="submit" className="button">
          {t("updates.post")}
        </button>
      </Form>
      {d.updates.length ? (
        <ul>
          {d.updates.map((u) => (
            <li key={u.id}>
              {u.at}: {u.title}
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
            <li key={r.id}>
              {r.respondedOn}: {r.responder}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
