import { useTranslation } from "react-i18next";
import type { PartnerField, PartnerValues } from "../lib/partner-form";
import { Checkbox, Field, IntentForm } from "./fields";

/**
 * A partner's details, to add one or to edit it: name, its address in links (only when adding:
 * links and embeds already carry it), website, listed or not, the origins that may frame the
 * embed, and the webhook. Errors beside each field, in the organiser's language.
 */
export function PartnerForm({
  csrf,
  intent,
  values,
  errors = {},
  editing,
}: {
  csrf: string;
  intent: "add" | "edit";
  values?: Partial<PartnerValues>;
  errors?: Partial<Record<PartnerField, string>>;
  editing: boolean;
}) {
  const { t } = useTranslation("dashboard");
  const err = (f: PartnerField) => (errors[f] ? t(`partners.errors.${errors[f]}`) : null);
  return (
    <IntentForm csrf={csrf} intent={intent}>
      <Field id="p-name" name="name" label={t("partners.name")} error={err("name")}>
        {(aria) => <input id="p-name" name="name" type="text" required maxLength={240} defaultValue={values?.name} {...aria} />}
      </Field>
      {editing ? null : (
        <Field id="p-slug" name="slug" label={t("partners.address")} hint={t("partners.addressHint")} error={err("slug")}>
          {(aria) => <input id="p-slug" name="slug" type="text" maxLength={80} defaultValue={values?.slug} {...aria} />}
        </Field>
      )}
      <Field id="p-website" name="website" label={t("partners.website")} error={err("website")}>
        {(aria) => <input id="p-website" name="website" type="url" maxLength={600} defaultValue={values?.website} {...aria} />}
      </Field>
      <Checkbox id="p-listed" name="listed" label={t("partners.listed")} defaultChecked={values?.listed ?? false} />
      <Field id="p-origins" name="origins" label={t("partners.origins")} hint={t("partners.originsHint")} error={err("origins")}>
        {(aria) => <textarea id="p-origins" name="origins" rows={3} maxLength={4000} defaultValue={values?.origins} {...aria} />}
      </Field>
      <Field id="p-webhook" name="webhook_url" label={t("partners.webhook")} hint={t("partners.webhookHint")} error={err("webhook_url")}>
        {(aria) => <input id="p-webhook" name="webhook_url" type="url" maxLength={1000} defaultValue={values?.webhook_url} {...aria} />}
      </Field>
      {editing ? <Checkbox id="p-disabled" name="disabled" label={t("partners.disable")} defaultChecked={values?.disabled ?? false} /> : null}
      <button type="submit" className="button">
        {editing ? t("form.save") : t("partners.addButton")}
      </button>
    </IntentForm>
  );
}
