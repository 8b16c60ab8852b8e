import { useTranslation } from "react-i18next";

/** One line of a partner's webhook log, as a loader serialises `recentDeliveries` (dates may arrive as strings). */
export interface WebhookLogEntry {
  id: string;
  type: string;
  status: "queued" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string | Date;
  nextAttemptAt: string | Date | null;
}

const STATUS_KEY = { queued: "webhooks.statusQueued", delivered: "webhooks.statusDelivered", failed: "webhooks.statusFailed" } as const;

/** UTC, to the second, the same on server and browser (no hydration mismatch from a time zone). */
function utc(d: string | Date): string {
  return new Date(d).toISOString().replace("T", " ").slice(0, 19);
}

/**
 * A partner's recent webhook deliveries: when, what, which id (the receiver logs the same one),
 * how it went and the last HTTP status or network error, so a partner can fix its endpoint
 * without asking anyone. Never the body: it may carry a supporter's address.
 */
export function WebhookLog({ rows, paused = false }: { rows: WebhookLogEntry[]; paused?: boolean }) {
  const { t } = useTranslation("dashboard");
  return (
    <section aria-labelledby="webhook-log-heading">
      <h2 id="webhook-log-heading">{t("webhooks.title")}</h2>
      {paused ? (
        <p role="status" className="notice">
          {t("webhooks.paused")}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("webhooks.empty")}</p>
      ) : (
        <table className="data-table" data-testid="webhook-log">
          <thead>
            <tr>
              <th scope="col">{t("webhooks.time")}</th>
              <th scope="col">{t("webhooks.type")}</th>
              <th scope="col">{t("webhooks.id")}</th>
              <th scope="col">{t("webhooks.status")}</th>
              <th scope="col">{t("webhooks.attemptsColumn")}</th>
              <th scope="col">{t("webhooks.last")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <time dateTime={new Date(r.createdAt).toISOString()}>{utc(r.createdAt)}</time>
                </td>
                <td>
                  <code>{r.type}</code>
                </td>
                <td>
                  <code>{r.id}</code>
                </td>
                <td>
                  {t(STATUS_KEY[r.status])}
                  {r.nextAttemptAt && r.attempts > 0 ? (
                    <>
                      <br />
                      <small>{t("webhooks.nextAttempt", { time: utc(r.nextAttemptAt) })}</small>
                    </>
                  ) : null}
                </td>
                <td>{t("webhooks.attempts", { count: r.attempts })}</td>
                <td>
                  {r.lastStatus !== null
                    ? t("webhooks.httpStatus", { status: r.lastStatus })
                    : r.lastError
                      ? t("webhooks.networkError", { error: r.lastError })
                      : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
