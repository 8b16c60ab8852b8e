import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AREA_MAX, BODY_MAX, NAME_MAX, SUBJECT_MAX } from "../lib/limits";
import { CountrySelect } from "./country-select";
import { Field, FormErrorSummary, Honeypot } from "./fields";

type LetterField = "target" | "subject" | "body" | "name" | "email" | "country" | "area";
const FIELDS: LetterField[] = ["target", "subject", "body", "name", "email", "country", "area"];

export interface LetterFormState {
  errors?: Partial<Record<LetterField, string>>;
  formError?: string;
  retryAfterMinutes?: number;
  values?: { target: string[]; subject: string; body: string; name: string; email: string; country: string; area: string };
}

export interface ComposerTarget {
  publicId: string;
  name: string;
  role: string;
  organisation: string;
  area: string | null;
}

/** Step one of a letter to officials chosen by country: a plain GET form, so the choice is a link. */
export function CountryStep({
  action,
  countries,
  country,
  areas,
  area,
}: {
  action: string;
  countries: [string, string][];
  country: string | null;
  areas: string[];
  area: string | null;
}) {
  const { t } = useTranslation();
  return (
    <form method="get" action={action} className="sign-form step">
      <h2>{t("write.countryHeading")}</h2>
      <p className="hint">{t("write.countryIntro")}</p>
      <div className="field">
        <label htmlFor="find-country">{t("sign.country")}</label>
        <CountrySelect id="find-country" countries={countries} defaultValue={country} />
      </div>
      {areas.length > 0 ? (
        <div className="field">
          <label htmlFor="find-area">{t("write.areaFilter")}</label>
          <select id="find-area" name="area" defaultValue={area ?? ""}>
            <option value="">{t("write.allAreas")}</option>
            {areas.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" className="button secondary">
        {t("write.findTargets")}
      </button>
    </form>
  );
}

/**
 * The letter itself: which officials, the subject and text (prefilled with the campaign's
 * template, marked with its language), and who writes it. Field names are the action's contract.
 */
export function LetterForm({
  action,
  state,
  targets,
  greeting,
  template,
  contentLang,
  countryChosen,
  countries,
  area,
  retentionDays,
}: {
  action: string;
  state?: LetterFormState;
  targets: ComposerTarget[];
  greeting: string;
  template: { subject: string; body: string };
  /** The template's language, where it differs from the page's. */
  contentLang?: string;
  /** Officials chosen by country: the country is fixed by step one, with a link to change it. */
  countryChosen: { code: string; label: string | null } | null;
  countries: [string, string][];
  area: string | null;
  retentionDays: number;
}) {
  const { t } = useTranslation();
  const errors = state?.errors ?? {};
  const values = state?.values;
  const firstError = FIELDS.find((f) => errors[f]);
  // After a refused submission the browser puts the cursor in the first field to fix.
  const focus = (f: LetterField) => firstError === f || undefined;
  const error = (f: LetterField, max?: number) => (errors[f] ? t(`errors.${errors[f]}`, { max }) : null);
  const templateLang = values ? undefined : contentLang;

  return (
    <form method="post" action={action} className="sign-form letter" noValidate>
      <FormErrorSummary state={state} fieldErrors={!!firstError} />
      <fieldset className="field" aria-invalid={errors.target ? true : undefined} aria-describedby={errors.target ? "target-error" : undefined}>
        <legend>{t("write.recipients")}</legend>
        <p className="hint">{t("write.recipientsHint")}</p>
        <ul className="targets">
          {targets.map((x, i) => (
            <li key={x.publicId} className="checkbox field">
              <input
                type="checkbox"
                id={`target-${x.publicId}`}
                name="target"
                value={x.publicId}
                defaultChecked={values ? values.target.includes(x.publicId) : true}
                autoFocus={i === 0 && focus("target")}
              />
              <label htmlFor={`target-${x.publicId}`}>
                <strong>{x.name}</strong>
                <br />
                <span className="hint">
                  {x.role}, {x.organisation}
                  {x.area ? ` · ${x.area}` : ""}
                </span>
              </label>
            </li>
          ))}
        </ul>
        {errors.target ? (
          <p className="field-error" id="target-error">
            {error("target")}
          </p>
        ) : null}
      </fieldset>

      <p className="hint">{t("write.greetingPreview", { greeting })}</p>
      <Field id="letter-subject" name="subject" label={t("write.subject")} error={error("subject", SUBJECT_MAX)}>
        {(aria) => (
          <input
            id="letter-subject"
            name="subject"
            type="text"
            maxLength={SUBJECT_MAX * 2}
            defaultValue={values?.subject ?? template.subject}
            lang={templateLang}
            autoFocus={focus("subject")}
            {...aria}
          />
        )}
      </Field>
      <Field id="letter-body" name="body" label={t("write.body")} hint={t("write.bodyHint", { max: BODY_MAX })} error={error("body", BODY_MAX)}>
        {(aria) => (
          <textarea
            id="letter-body"
            name="body"
            rows={14}
            defaultValue={values?.body ?? template.body}
            lang={templateLang}
            autoFocus={focus("body")}
            {...aria}
          />
        )}
      </Field>

      <h2>{t("write.fromHeading")}</h2>
      <Field id="letter-name" name="name" label={t("sign.name")} error={error("name", NAME_MAX)}>
        {(aria) => <input id="letter-name" name="name" type="text" autoComplete="name" defaultValue={values?.name} autoFocus={focus("name")} {...aria} />}
      </Field>
      <Field id="letter-email" name="email" label={t("sign.email")} error={error("email")}>
        {(aria) => (
          <input
            id="letter-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            defaultValue={values?.email}
            autoFocus={focus("email")}
            {...aria}
          />
        )}
      </Field>
      {countryChosen ? (
        <p>
          <input type="hidden" name="country" value={countryChosen.code} />
          <strong>{t("write.countryChosen")}</strong> {countryChosen.label} · <Link to={action}>{t("write.changeCountry")}</Link>
        </p>
      ) : (
        <Field id="letter-country" name="country" label={t("sign.country")} error={error("country")}>
          {(aria) => <CountrySelect id="letter-country" countries={countries} defaultValue={values?.country} aria={aria} autoFocus={focus("country")} />}
        </Field>
      )}
      <Field id="letter-area" name="area" label={t("write.area")} hint={t("write.areaHint")} error={error("area", AREA_MAX)}>
        {(aria) => (
          <input
            id="letter-area"
            name="area"
            type="text"
            autoComplete="postal-code"
            defaultValue={values?.area ?? area ?? ""}
            autoFocus={focus("area")}
            {...aria}
          />
        )}
      </Field>
      <Honeypot id="letter-website" label={t("sign.honeypot")} />
      <p className="hint">{t("write.privacy", { count: retentionDays })}</p>
      <button type="submit" className="button">
        {t("write.submit")}
      </button>
    </form>
  );
}
