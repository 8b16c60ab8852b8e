import { data } from "@remix-run/node";
import type { CampaignView } from "../models/campaign.server";
import type { Throttle } from "../services/context.server";
import { retryAfterHeaders, retryMinutes } from "./http.server";

/**
 * The checks every public form makes before its use case runs, and the answer a throttled use
 * case gets. Each returns the answer to give, or null to go on:
 *
 *   const refused = honeypot(form, () => redirect(done, 303)) ?? closedCampaign(campaign);
 *   if (refused) return refused;
 */

/**
 * A filled honeypot (the `website` field, hidden from people, filled by bots) gets the answer
 * `success` builds — the one a real submission gets — and nothing is stored or sent.
 */
export function honeypot<T>(form: FormData, success: () => T): T | null {
  return form.get("website") ? success() : null;
}

/** A form posted to a campaign that no longer takes part: 409, said above the form. */
export function closedCampaign(campaign: Pick<CampaignView, "status">) {
  return campaign.status !== "open" ? data({ formError: "campaignClosed" as const }, { status: 409 }) : null;
}

/**
 * A throttled form: 429 with Retry-After, and the page shows the form again with what was typed
 * and when to try again. `state` builds the form's state from the error to show — the shared
 * queue of browsers without JavaScript (sign.nojs) has its own — and the minutes to wait.
 */
export function throttledForm<T>(throttled: Throttle, state: (answer: { error: "throttled" | "throttledQueue"; retryAfterMinutes: number }) => T) {
  const error = throttled.limit === "sign.nojs" ? "throttledQueue" : "throttled";
  return data(state({ error, retryAfterMinutes: retryMinutes(throttled.retryAfterSeconds) }), {
    status: 429,
    headers: retryAfterHeaders(throttled.retryAfterSeconds),
  });
}

/**
 * A throttled page load or button (a confirmation link clicked too often): the error page says,
 * in the visitor's language, when to come back.
 */
export function throttledPage(throttled: Pick<Throttle, "retryAfterSeconds">): never {
  throw data({ retryAfterMinutes: retryMinutes(throttled.retryAfterSeconds) }, { status: 429, headers: retryAfterHeaders(throttled.retryAfterSeconds) });
}
