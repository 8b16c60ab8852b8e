import { useTranslation } from "react-i18next";
import { NAME_MAX } from "../lib/limits";
import type { SignFormState } from "../lib/sign-form";
import { CountrySelect } from "./country-select";
import { Checkbox, Field, FormErrorSummary, Honeypot } from "./fields";

export type { SignFormState };

const FIELDS = ["name", "email", "country"] as const;

/**
 * The public signing form (the field names are a contract partner sites post to): plain HTML,
 * posted by the browser, no script. After a refused submission the first field to fix has
 * `autofocus`, so the browser puts the cursor there. `countries` are [code, name] pairs named
 * and sorted on the server.
 */
export function SignForm({
  action,
  state,
  countries,
  source,
  powUrl,
  partner,
}: {
  action: string;
  state?: SignFormState;
  countries: [string, string][];
  /** The campaign link's ?source= tag, carried with the signature for the organisers' statistics. */
  source?: string | null;
  /** Where to fetch a proof-of-work challenge, when the campaign asks for one. */
  powUrl?: string | null;
  /** The partner whose link or embed the signer came by: attributed, and asked for its own consent. */
  partner?: { slug: string; name: string } | null;
}) {
  const { t } = useTranslation();
  const errors = state?.errors ?? {};
  const values = state?.values;
  const firstError = FIELDS.find((f) => errors[f]);

  return (
    // With proof of work on, /pow.js (loaded by the campaign page) finds the form by data-pow.
    <form method="post" action={action} className="sign-form" noValidate aria-labelledby="sign-heading" data-pow={powUrl ?? undefined}>
      <h2 id="sign-heading">{t("sign.heading")}</h2>
      <FormErrorSummary state={state} fieldErrors={!!firstError} />

      <Field id="sign-name" name="name" label={t("sign.name")} error={errors.name ? t(`errors.${errors.name}`, { max: NAME_MAX }) : null}>
        {(aria) => (
          <input id="sign-name" name="name" type="text" autoComplete="name" required defaultValue={values?.name} autoFocus={firstError === "name"} {...aria} />
        )}
      </Field>
      <Field id="sign-email" name="email" label={t("sign.email")} hint={t("sign.emailHint")} error={errors.email ? t(`errors.${errors.email}`) : null}>
        {(aria) => (
          <input
            id="sign-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            defaultValue={values?.email}
            autoFocus={firstError === "email"}
            {...aria}
          />
        )}
      </Field>
      <Field id="sign-country" name="country" label={t("sign.country")} error={errors.country ? t(`errors.${errors.country}`) : null}>
        {(aria) => <CountrySelect id="sign-country" countries={countries} defaultValue={values?.country} aria={aria} autoFocus={firstError === "country"} />}
      </Field>
      <Checkbox id="sign-consent" name="consent_updates" label={t("sign.consentUpdates")} defaultChecked={values?.consent_updates ?? false} />
      <Checkbox id="sign-show-name" name="show_name" label={t("sign.showName")} defaultChecked={values?.show_name ?? false} />
      {partner ? (
        <>
          {/* Off by default and apart from the campaign's own news: a permission for this partner only. */}
          <Checkbox
            id="sign-consent-partner"
            name="consent_partner"
            label={t("sign.consentPartner", { partner: partner.name })}
            defaultChecked={values?.consent_partner ?? false}
          />
          <input type="hidden" name="partner" value={partner.slug} />
        </>
      ) : null}

      {source ? <input type="hidden" name="source" value={source} /> : null}
      {powUrl ? (
        <>
          <input type="hidden" name="altcha" value="" />
          <p
            className="hint"
            role="status"
            hidden
            data-pow-status
            data-solving={t("sign.powSolving")}
            data-solved={t("sign.powSolved")}
            data-failed={t("sign.powFailed")}
          />
        </>
      ) : null}
      <Honeypot id="sign-website" label={t("sign.honeypot")} />

      <p className="hint">{t("sign.privacy")}</p>
      <button type="submit" className="button">
        {t("sign.submit")}
      </button>
    </form>
  );
}
