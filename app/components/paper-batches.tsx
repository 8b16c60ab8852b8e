import { Fragment } from "react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "./fields";
import { CountrySelect } from "./country-select";
import { formatNumber } from "../lib/i18n";
import type { PaperBatchRow, PaperFormState } from "../lib/paper";

export type { PaperBatchRow, PaperFormState };

/** The bounds a field's message names (the schema's, app/schemas/paper.server.ts). */
const BOUNDS: Record<string, { min?: number; max?: number }> = {
  count: { min: 1, max: 1_000_000 },
  place: { max: 200 },
  attested_by: { max: 200 },
  reason: { max: 500 },
};

const FIELD_ERROR = (t: (k: string, o?: Record<string, unknown>) => string, state: PaperFormState | undefined, field: string) =>
  state?.errors?.[field] ? t(`errors.${state.errors[field]}`, BOUNDS[field] ?? {}) : null;

/** The fields of a batch: country, count, day, place, who vouches for it. */
function BatchFields({
  prefix,
  countries,
  values,
  state,
  today,
}: {
  prefix: string;
  countries: [string, string][];
  values: Partial<Record<string, string>>;
  state?: PaperFormState;
  today: string;
}) {
  const { t } = useTranslation("dashboard");
  const err = (f: string) => FIELD_ERROR(t, state, f);
  const id = (f: string) => `${prefix}-${f}`;
  return (
    <>
      <Field id={id("country")} name={id("country")} label={t("paper.country")} error={err("country")}>
        {(aria) => <CountrySelect id={id("country")} countries={countries} defaultValue={values.country} aria={aria} />}
      </Field>
      <Field id={id("count")} name={id("count")} label={t("paper.count")} error={err("count")}>
        {(aria) => <input id={id("count")} name="count" type="text" inputMode="numeric" required defaultValue={values.count} {...aria} />}
      </Field>
      <Field id={id("collected_on")} name={id("collected_on")} label={t("paper.collectedOn")} error={err("collected_on")}>
        {(aria) => <input id={id("collected_on")} name="collected_on" type="date" max={today} required defaultValue={values.collected_on} {...aria} />}
      </Field>
      <Field id={id("place")} name={id("place")} label={t("paper.place")} hint={t("paper.placeHint")} error={err("place")}>
        {(aria) => <input id={id("place")} name="place" type="text" maxLength={200} defaultValue={values.place} {...aria} />}
      </Field>
      <Field id={id("attested_by")} name={id("attested_by")} label={t("paper.attestedBy")} hint={t("paper.attestedByHint")} error={err("attested_by")}>
        {(aria) => <input id={id("attested_by")} name="attested_by" type="text" maxLength={200} required defaultValue={values.attested_by} {...aria} />}
      </Field>
    </>
  );
}

/**
 * The paper signatures of a campaign: totals, a form to record a batch, and each batch with its
 * correction and invalidation forms. Used by the organisers' page and a partner's own view
 * (which passes only the partner's batches). Forms post to `action` (the current page when not given).
 */
export function PaperBatches({
  csrf,
  batches,
  countries,
  state,
  today,
  action,
  sheetHref,
}: {
  csrf: string;
  batches: PaperBatchRow[];
  countries: [string, string][];
  state?: PaperFormState;
  /** YYYY-MM-DD: the latest day the date picker offers. */
  today: string;
  action?: string;
  /** The printable petition sheet, when the page offers it. */
  sheetHref?: string;
}) {
  const { t, i18n } = useTranslation("dashboard");
  const valid = batches.filter((b) => b.status === "valid");
  const total = valid.reduce((s, b) => s + b.count, 0);
  const byCountry = [...valid.reduce((m, b) => m.set(b.countryName, (m.get(b.countryName) ?? 0) + b.count), new Map<string, number>())].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
  const hidden = (intent: string, batch?: number) => (
    <>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="intent" value={intent} />
      {batch !== undefined ? <input type="hidden" name="batch" value={batch} /> : null}
    </>
  );
  const recordState = state?.intent === "record" ? state : undefined;
  return (
    <div className="paper-batches">
      {state?.done ? (
        <p className="notice" role="status">
          {t(`paper.done.${state.intent}`)}
        </p>
      ) : state?.errors ? (
        <p className="form-error" role="alert">
          {state.errors.intent ? t(`errors.${state.errors.intent}`) : t("paper.errorSummary")}
        </p>
      ) : null}
      {sheetHref ? (
        <p>
          <a className="button secondary" href={sheetHref}>
            {t("paper.printSheet")}
          </a>
        </p>
      ) : null}
      <section aria-labelledby="paper-totals">
        <h2 id="paper-totals">{t("paper.totals")}</h2>
        <p data-testid="paper-total">{t("paper.total", { count: total })}</p>
        {byCountry.length ? (
          <ul data-testid="paper-by-country">
            {byCountry.map(([name, count]) => (
              <li key={name}>{t("paper.countryLine", { country: name, count })}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="paper-record">
        <h2 id="paper-record">{t("paper.record")}</h2>
        <p className="hint">{t("paper.recordHint")}</p>
        <Form
          // After a batch is recorded the form starts empty again (a new key remounts it), so a second press cannot record it twice.
          key={recordState?.done ? `recorded-${recordState.batch}` : "record"}
          method="post"
          action={action}
          className="sign-form"
          data-testid="paper-record"
        >
          {hidden("record")}
          <BatchFields
            prefix="p-new"
            countries={countries}
            values={recordState && !recordState.done ? (recordState.values ?? {}) : {}}
            state={recordState}
            today={today}
          />
          <button type="submit" className="button">
            {t("paper.recordSubmit")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="paper-list">
        <h2 id="paper-list">{t("paper.batches")}</h2>
        {batches.length === 0 ? (
          <p>{t("paper.none")}</p>
        ) : (
          <table className="data-table" data-testid="paper-batches">
            <thead>
              <tr>
                <th scope="col">{t("paper.collectedOn")}</th>
                <th scope="col">{t("paper.country")}</th>
                <th scope="col">{t("paper.count")}</th>
                <th scope="col">{t("paper.place")}</th>
                <th scope="col">{t("paper.attestedBy")}</th>
                <th scope="col">{t("paper.partner")}</th>
                <th scope="col">{t("paper.status")}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => {
                const own = state && state.batch === b.id && !state.done ? state : undefined;
                const values =
                  own?.intent === "correct" && own.values
                    ? own.values
                    : { country: b.country, count: String(b.count), collected_on: b.collectedOn, place: b.place ?? "", attested_by: b.attestedBy };
                return (
                  <Fragment key={b.id}>
                    <tr data-batch={b.id}>
                      <td>{b.collectedOn}</td>
                      <td>{b.countryName}</td>
                      <td>{formatNumber(b.count, i18n.language)}</td>
                      <td>{b.place}</td>
                      <td>{b.attestedBy}</td>
                      <td>{b.partnerName}</td>
                      <td>
                        <span className="paper-status">
                          {b.status === "valid" ? t("paper.valid") : t("paper.invalidated", { reason: b.invalidationReason ?? "" })}
                        </span>
                      </td>
                    </tr>
                    {b.editable ? (
                      <tr className="paper-change">
                        <td colSpan={7}>
                          <details open={!!own}>
                            <summary>{t("paper.change")}</summary>
                            <Form method="post" action={action} className="sign-form">
                              {hidden("correct", b.id)}
                              <BatchFields
                                prefix={`p-${b.id}`}
                                countries={countries}
                                values={values}
                                state={own?.intent === "correct" ? own : undefined}
                                today={today}
                              />
                              <button type="submit" className="button secondary">
                                {t("paper.correctSubmit")}
                              </button>
                            </Form>
                            {b.status === "valid" ? (
                              <Form method="post" action={action} className="sign-form">
                                {hidden("invalidate", b.id)}
                                <Field
                                  id={`p-${b.id}-reason`}
                                  name={`p-${b.id}-reason`}
                                  label={t("paper.reason")}
                                  error={own?.intent === "invalidate" ? FIELD_ERROR(t, own, "reason") : null}
                                >
                                  {(aria) => <input id={`p-${b.id}-reason`} name="reason" type="text" maxLength={500} required {...aria} />}
                                </Field>
                                <button type="submit" className="button secondary">
                                  {t("paper.invalidateSubmit")}
                                </button>
                              </Form>
                            ) : null}
                          </details>
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
