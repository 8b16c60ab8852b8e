import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** What ties a control to its hint and error, so a screen reader reads them with it. */
export type FieldAria = { "aria-invalid"?: true; "aria-describedby"?: string };

/**
 * One labelled form field: label, control, hint, error. The hint and error ids are the field's
 * name with `-hint` and `-error` (the pages' tests and the fuzz test find errors by them), and the
 * control receives the attributes that point at them.
 */
export function Field({
  id,
  name = id,
  label,
  hint,
  error,
  errorId = `${name}-error`,
  errorRole,
  children,
}: {
  id: string;
  /** The control's name, for the hint's and error's ids; the id when not given. */
  name?: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The translated error, when the last submission had one for this field. */
  error?: ReactNode;
  errorId?: string;
  errorRole?: "alert";
  /** The control, or a function that renders it with the attributes tying it to hint and error. */
  children: ReactNode | ((aria: FieldAria) => ReactNode);
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  const describedBy = [error ? errorId : undefined, hintId].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {typeof children === "function" ? children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined }) : children}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId} role={errorRole}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox with its label after it, and an optional hint below. */
export function Checkbox({
  id,
  name,
  label,
  defaultChecked,
  hint,
}: {
  id: string;
  name: string;
  label: ReactNode;
  defaultChecked?: boolean;
  hint?: ReactNode;
}) {
  const box = (
    <div className="field checkbox">
      <input id={id} name={name} type="checkbox" defaultChecked={defaultChecked} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
  if (!hint) return box;
  return (
    <>
      {box}
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </>
  );
}

/** A labelled choice among fixed options, given as [value, label] pairs. */
export function SelectField({
  id,
  name,
  label,
  defaultValue,
  options,
}: {
  id: string;
  name: string;
  label: ReactNode;
  defaultValue?: string;
  options: [value: string, label: ReactNode][];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Honeypot: people never see or fill it; simple bots fill every field. The server refuses it filled. */
export function Honeypot({ id, label }: { id: string; label: string }) {
  return (
    <div className="hp" aria-hidden="true">
      <label htmlFor={id}>{label}</label>
      <input id={id} name="website" type="text" tabIndex={-1} autoComplete="off" />
    </div>
  );
}

/** A dashboard form: one of the page's intents, carrying the session's CSRF token. */
export function IntentForm({ csrf, intent, className = "sign-form", children }: { csrf: string; intent: string; className?: string; children: ReactNode }) {
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  );
}

/**
 * The line above a public form after a refused submission: why the form as a whole was refused
 * (throttled, with when to try again), or that fields below need fixing.
 */
export function FormErrorSummary({ state, fieldErrors }: { state?: { formError?: string; retryAfterMinutes?: number }; fieldErrors: boolean }) {
  const { t } = useTranslation();
  if (!fieldErrors && !state?.formError) return null;
  return (
    <p className="form-error" role="alert">
      {state?.formError ? t(`errors.${state.formError}`, { count: state.retryAfterMinutes ?? 0 }) : t("sign.errorSummary")}
    </p>
  );
}
