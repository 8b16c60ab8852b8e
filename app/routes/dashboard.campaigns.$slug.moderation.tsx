import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { abuseSignals, findSignatureByEmail, invalidateSignatures } from "../models/moderation.server";
import { audit } from "../models/audit.server";
import { requireCampaignAccess, requireCsrf, requireOrganiser } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { routeHeaders } from "../web/headers";
import { IntentForm } from "../components/fields";

export const headers = routeHeaders;

/** Find a signature by exact address, invalidate signatures, and see abuse signals. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  return { csrf: auth.csrf, slug: campaign.slug, signals: await abuseSignals(context.db, context.crypto, campaign.id) };
}

const invalidateSchema = z.object({
  reason: z.string().trim().min(3, "reasonRequired").max(500, "reasonRequired"),
  ids: z.array(z.string().regex(/^\d{1,19}$/)).max(1000),
  domain: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
});

type ModerationState =
  | { intent: "search"; email: string; found: Awaited<ReturnType<typeof findSignatureByEmail>> }
  | { intent: "invalidate"; error: "reasonRequired" | null; removed: number };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  const campaign = await requireCampaignAccess(context, auth, params.slug);
  const form = await readForm(request);
  requireCsrf(form, auth);
  // A search by address is a POST: the address stays out of the URL, so out of the browser's
  // history, proxy logs and the login page's `next` when a session has expired.
  if (form.get("intent") === "search") {
    const email = String(form.get("email") ?? "")
      .trim()
      .slice(0, 254);
    const found = email ? await findSignatureByEmail(context.db, context.crypto, campaign.id, email) : [];
    // Looking a signer up is a view of personal data: it is audited, found or not.
    if (email) await audit(context.db, auth.organiser.id, "view.signature_by_email", campaign.slug, found.length);
    return { intent: "search", email, found } satisfies ModerationState;
  }
  const parsed = invalidateSchema.safeParse({
    reason: form.get("reason") ?? "",
    ids: form.getAll("id").filter((v) => typeof v === "string"),
    domain: form.get("domain") || undefined,
  });
  if (!parsed.success || (!parsed.data.ids.length && !parsed.data.domain)) {
    return data<ModerationState>({ intent: "invalidate", error: "reasonRequired", removed: 0 }, { status: 400 });
  }
  const { reason, ids, domain } = parsed.data;
  const removed = domain
    ? await invalidateSignatures(context.db, campaign.id, { domainHmac: Buffer.from(domain, "base64url"), since: new Date(Date.now() - 24 * 3600_000) }, reason)
    : await invalidateSignatures(context.db, campaign.id, { ids }, reason);
  await audit(context.db, auth.organiser.id, domain ? "invalidate.domain" : "invalidate.signatures", campaign.slug, removed);
  return { intent: "invalidate", error: null, removed } satisfies ModerationState;
}

export default function Moderation() {
  const { csrf, slug, signals } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as ModerationState | undefined;
  const { t } = useTranslation("dashboard");
  const search = state?.intent === "search" ? state : undefined;
  const result = state?.intent === "invalidate" ? state : undefined;
  return (
    <>
      <p>
        <Link to={`/dashboard/campaigns/${slug}`}>{slug}</Link>
      </p>
      <h1>{t("moderation.title")}</h1>
      {result?.error ? (
        <p className="form-error" role="alert">
          {t(`errors.${result.error}`)}
        </p>
      ) : result ? (
        <p className="notice" role="status">
          {t("moderation.removed", { count: result.removed })}
        </p>
      ) : null}
      <IntentForm csrf={csrf} intent="search">
        <div className="field">
          <label htmlFor="m-email">{t("moderation.search")}</label>
          <input id="m-email" name="email" type="email" autoComplete="off" defaultValue={search?.email} />
          <p className="hint">{t("moderation.searchHint")}</p>
        </div>
        <button type="submit" className="button secondary">
          {t("moderation.find")}
        </button>
      </IntentForm>
      {search?.email ? (
        search.found.length === 0 ? (
          <p>{t("moderation.none")}</p>
        ) : (
          <IntentForm csrf={csrf} intent="invalidate">
            <ul className="targets" data-testid="found">
              {search.found.map((s) => (
                <li key={s.id} className="checkbox field">
                  <input type="checkbox" id={`sig-${s.id}`} name="id" value={s.id} defaultChecked />
                  <label htmlFor={`sig-${s.id}`}>
                    {s.name} · {s.country} · {s.locale} · {t(`moderation.status.${s.status}`)} · {s.createdAt.slice(0, 16).replace("T", " ")}
                    {s.reason ? ` · ${s.reason}` : ""}
                  </label>
                </li>
              ))}
            </ul>
            <div className="field">
              <label htmlFor="m-reason">{t("moderation.reason")}</label>
              <input id="m-reason" name="reason" type="text" required />
            </div>
            <button type="submit" className="button">
              {t("moderation.invalidate")}
            </button>
          </IntentForm>
        )
      ) : null}
      <h2>{t("moderation.signals")}</h2>
      {signals.domains.length === 0 && signals.bursts.length === 0 ? <p>{t("moderation.noSignals")}</p> : null}
      {signals.domains.map((d) => (
        <Form method="post" key={d.hmac} className="signal">
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="domain" value={d.hmac} />
          <p>{t("moderation.domainSignal", { domain: d.domain, count: d.count })}</p>
          <label htmlFor={`r-${d.hmac}`}>{t("moderation.reason")}</label> <input id={`r-${d.hmac}`} name="reason" type="text" required />{" "}
          <button type="submit" className="button secondary">
            {t("moderation.invalidateDomain")}
          </button>
        </Form>
      ))}
      {signals.bursts.map((b) => (
        <p key={b.hour}>{t("moderation.burstSignal", { hour: b.hour, count: b.count, usual: b.usual })}</p>
      ))}
    </>
  );
}
