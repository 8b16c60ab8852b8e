import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DOMAIN_PATTERN, listDomainRules, listRateLimits, setDomainRule, setRateLimit } from "../models/abuse.server";
import { audit } from "../models/audit.server";
import { requireAdmin, requireCsrf, requireOrganiser } from "../web/auth.server";
import { readForm } from "../web/http.server";
import { LIMIT_NAMES } from "../models/rate-limit.server";
import { routeHeaders } from "../web/headers";
import { Field, IntentForm, SelectField } from "../components/fields";

export const headers = routeHeaders;

/** Admins tune the throttles and the email-domain rules while an attack is on (docs/signer-safety.md, "Throttles"). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  const [limits, rules] = await Promise.all([listRateLimits(context.db), listDomainRules(context.db)]);
  return { csrf: auth.csrf, limits, rules, rateLimitOff: !context.limiter.enabled };
}

const intents = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("limit"),
    name: z.enum(LIMIT_NAMES),
    points: z.coerce.number().int().min(1).max(10_000_000),
    duration_s: z.coerce.number().int().min(1).max(86_400),
  }),
  z.object({
    intent: z.literal("domain"),
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .transform((d) => d.replace(/^@/, ""))
      .pipe(z.string().regex(DOMAIN_PATTERN)),
    action: z.enum(["block", "allow", "none"]),
  }),
]);

type State = { error?: "limit" | "domain"; done?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireOrganiser(request, context);
  requireAdmin(auth);
  const form = await readForm(request);
  requireCsrf(form, auth);
  const parsed = intents.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return data<State>({ error: form.get("intent") === "domain" ? "domain" : "limit" }, { status: 400 });
  }
  const p = parsed.data;
  if (p.intent === "limit") {
    await setRateLimit(context.db, p.name, p.points, p.duration_s);
    // This process applies the change at once; other app processes within 15 seconds.
    context.limiter.reload();
    await audit(context.db, auth.organiser.id, "abuse.limit", `${p.name}=${p.points}/${p.duration_s}s`, 1);
  } else {
    await setDomainRule(context.db, p.domain, p.action);
    await audit(context.db, auth.organiser.id, `abuse.domain.${p.action}`, p.domain, 1);
  }
  return { done: true } satisfies State;
}

export default function Abuse() {
  const { csrf, limits, rules, rateLimitOff } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as State | undefined;
  const { t } = useTranslation("dashboard");
  return (
    <>
      <h1>{t("abuse.title")}</h1>
      <p>{t("abuse.intro")}</p>
      {rateLimitOff ? (
        <p className="notice" role="status">
          {t("abuse.off")}
        </p>
      ) : null}
      {state?.error ? (
        <p className="form-error" role="alert">
          {t(`abuse.error.${state.error}`)}
        </p>
      ) : state?.done ? (
        <p className="notice" role="status">
          {t("form.saved")}
        </p>
      ) : null}

      <h2>{t("abuse.limits")}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("abuse.limit")}</th>
            <th scope="col">{t("abuse.points")}</th>
            <th scope="col">{t("abuse.duration")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("form.save")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {limits.map((l) => (
            <tr key={l.name}>
              <th scope="row">
                <code>{l.name}</code>
                <br />
                <span className="hint">{t(`abuse.limitHelp.${l.name}`)}</span>
              </th>
              <td colSpan={3}>
                <IntentForm csrf={csrf} intent="limit" className="inline-form">
                  <input type="hidden" name="name" value={l.name} />
                  <label htmlFor={`p-${l.name}`} className="visually-hidden">
                    {t("abuse.pointsFor", { name: l.name })}
                  </label>
                  <input id={`p-${l.name}`} name="points" type="number" min={1} defaultValue={l.points} />{" "}
                  <label htmlFor={`d-${l.name}`} className="visually-hidden">
                    {t("abuse.durationFor", { name: l.name })}
                  </label>
                  <input id={`d-${l.name}`} name="duration_s" type="number" min={1} defaultValue={l.durationS} />{" "}
                  <button type="submit" className="button secondary" aria-label={t("abuse.saveFor", { name: l.name })}>
                    {t("form.save")}
                  </button>
                </IntentForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t("abuse.domains")}</h2>
      <p>{t("abuse.domainsIntro")}</p>
      <IntentForm csrf={csrf} intent="domain">
        <Field id="dom" label={t("abuse.domain")}>
          <input id="dom" name="domain" type="text" required placeholder="example.com" />
        </Field>
        <SelectField
          id="dom-action"
          name="action"
          label={t("abuse.action")}
          defaultValue="block"
          options={[
            ["block", t("abuse.block")],
            ["allow", t("abuse.allow")],
            ["none", t("abuse.none")],
          ]}
        />
        <button type="submit" className="button">
          {t("form.save")}
        </button>
      </IntentForm>
      {rules.length > 0 ? (
        <table className="data-table">
          <tbody>
            {rules.map((r) => (
              <tr key={r.domain}>
                <td>
                  <code>{r.domain}</code>
                </td>
                <td>{t(`abuse.${r.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
