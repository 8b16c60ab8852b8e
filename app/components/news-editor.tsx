import { useTranslation } from "react-i18next";
import { languageIn } from "../lib/i18n";
import { Field, IntentForm } from "./fields";

/** One language's title and text; the language is named in the organiser's language, the fields carry the text's. */
export function UpdateFields({
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

/** An official's answer, recorded by an organiser so signers can read it. */
export function ResponseForm({ csrf }: { csrf: string }) {
  const { t } = useTranslation("dashboard");
  return (
    <IntentForm csrf={csrf} intent="response">
      <Field id="r-who" label={t("updates.responder")}>
        <input id="r-who" name="responder" type="text" required />
      </Field>
      <Field id="r-date" label={t("updates.respondedOn")}>
        <input id="r-date" name="responded_on" type="date" required />
      </Field>
      <Field id="r-text" label={t("updates.responseText")}>
        <textarea id="r-text" name="text" rows={5} />
      </Field>
      <Field id="r-url" label={t("updates.responseUrl")}>
        <input id="r-url" name="url" type="url" />
      </Field>
      <button type="submit" className="button secondary">
        {t("updates.recordResponse")}
      </button>
    </IntentForm>
  );
}
