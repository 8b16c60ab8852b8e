import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { NAME_MAX } from "../lib/limits";
import { CountrySelect } from "./country-select";
import { Checkbox, Field, FormErrorSummary, Honeypot, useFocusFirstError } from "./fields";

export interface SignFormState {
  errors?: Partial<Record<"name" | "email" | "country", string>>;
  formError?: string;
  /** A throttled submission: when to try again. */
  retryAfterMinutes?: number;
  values?: { name: string; email: string; country: string; consent_updates: boolean; show_name: boolean };
}

const FIELDS = ["name", "email", "country"] as const;

/**
 * The public signing form (the field names are a contract partner sites post to). A plain HTML
 * form: with JavaScript, Remix submits it without a page load and shows the pending state.
 */
/**
 * `countries` are [code, name] pairs named and sorted on the server: browsers' and Node's
 * country names differ slightly, and the server's HTML must hydrate unchanged.
 */
export function SignForm({
  action,
  state,
  countries,
  source,
  powUrl,
}: {
  action: string;
  state?: SignFormState;
  countries: [string, string][];
  /** The campaign link's ?source= tag, carried with the signature for the organisers' statistics. */
  source?: string | null;
  /** Where to fetch a proof-of-work challenge, when the campaign asks for one. */
  powUrl?: string | null;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formAction === action;
  const errors = state?.errors ?? {};
  const values = state?.values;
  const firstError = FIELDS.find((f) => errors[f]);
  const formRef = useFocusFirstError(state, firstError);

  const pow = useProofOfWork(powUrl);

  return (
    <Form method="post" action={action} className="sign-form" ref={formRef} noValidate aria-labelledby="sign-heading">
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

      {source ? <input type="hidden" name="source" value={source} /> : null}
      {pow.payload ? <input type="hidden" name="altcha" value={pow.payload} /> : null}
      {powUrl && pow.state !== "idle" ? (
        <p className="hint" role="status">
          {t(pow.state === "solving" ? "sign.powSolving" : pow.state === "solved" ? "sign.powSolved" : "sign.powFailed")}
        </p>
      ) : null}
      <Honeypot id="sign-website" label={t("sign.honeypot")} />

      <p className="hint">{t("sign.privacy")}</p>
      <button type="submit" className="button" disabled={submitting || pow.state === "solving"} aria-busy={submitting || pow.state === "solving" || undefined}>
        {submitting ? t("sign.submitting") : t("sign.submit")}
      </button>
    </Form>
  );
}

type PowState = "idle" | "solving" | "solved" | "failed";

/**
 * With JavaScript, the browser solves the campaign's proof-of-work challenge (ALTCHA's own
 * solver, loaded only when a campaign asks for it) and the form carries the answer. Without
 * JavaScript nothing runs, and the server puts the signature in its slower no-JS queue.
 */
function useProofOfWork(url: string | null | undefined): { state: PowState; payload: string | null } {
  const [state, setState] = useState<PowState>("idle");
  const [payload, setPayload] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let cancelled = false;
    setState("solving");
    (async () => {
      const challenge = await (await fetch(url, { cache: "no-store" })).json();
      const { solveChallenge } = await import("altcha-lib");
      const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
      if (cancelled) return;
      if (!solution) throw new Error("no solution");
      const answer = {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: solution.number,
        salt: challenge.salt,
        signature: challenge.signature,
      };
      setPayload(btoa(JSON.stringify(answer)));
      setState("solved");
    })().catch(() => {
      if (!cancelled) setState("failed");
    });
    return () => {
      cancelled = true;
    };
  }, [url]);
  return { state, payload };
}
