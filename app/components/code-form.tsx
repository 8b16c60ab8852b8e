import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Honeypot } from "./fields";

import type { CodeState } from "../lib/code-form";

/**
 * The field for the code in a confirmation mail, on a "check your inbox" page: for someone who
 * would rather not open a link from their inbox, or reads mail on another device.
 */
export function CodeForm({ state, hint, submit, action }: { state: CodeState | undefined; hint: string; submit: string; action?: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action={action} className="code-form" noValidate>
      <div className="field">
        <label htmlFor="confirm-code">{t("checkInbox.codeLabel")}</label>
        <p className="hint" id="code-hint">
          {hint}
        </p>
        <input
          id="confirm-code"
          name="code"
          type="text"
          inputMode="text"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          defaultValue={state?.code}
          aria-invalid={state ? true : undefined}
          aria-describedby={state ? "code-error code-hint" : "code-hint"}
          autoFocus={!!state}
        />
        {state ? (
          <p className="field-error" id="code-error" role="alert">
            {t(`errors.${state.error}`, { count: state.retryAfterMinutes ?? 0 })}
          </p>
        ) : null}
      </div>
      <Honeypot id="code-website" label={t("sign.honeypot")} />
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}
