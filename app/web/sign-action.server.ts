import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { SignFormState } from "../lib/sign-form";
import type { CampaignView } from "../models/campaign.server";
import type { Language } from "../lib/i18n";
import { sign } from "../services/sign.server";
import { requireSigningCampaign } from "./campaign-page.server";
import { closedCampaign, honeypot, throttledForm } from "./guards.server";
import { readForm } from "./http.server";
import { isPartnerAddress } from "../lib/campaign-address";

/**
 * The signing form's POST, wherever the form stands: the campaign page and the embed on a
 * partner's site share every rule (honeypot, closed campaign, throttles, proof of work, abuse
 * checks) and differ only in the page a signer goes to next.
 */
export async function signAction(
  context: AppLoadContext,
  params: { lang?: string; slug?: string },
  request: Request,
  signedPage: (at: { lang: Language; campaign: CampaignView; form: FormData }) => string,
) {
  const { lang, campaign } = await requireSigningCampaign(context, params);
  const form = await readForm(request);
  const next = signedPage({ lang, campaign, form });
  const refused = honeypot(form, () => redirect(next, 303)) ?? closedCampaign(campaign);
  if (refused) return refused;
  const result = await sign(context, campaign, lang, form);
  switch (result.kind) {
    case "invalid":
      return data<SignFormState>({ errors: result.errors, values: result.values }, { status: 400 });
    case "throttled":
      return throttledForm(result, ({ error, retryAfterMinutes }): SignFormState => ({ formError: error, retryAfterMinutes, values: result.values }));
    case "signed":
      // Same answer for a new signature, a pending one and a confirmed one: only the email differs.
      return redirect(next, 303);
  }
}

/** A partner slug as links carry it (`?partner=`), or null: anything else is ignored, not refused. */
export function partnerParam(value: FormDataEntryValue | string | null | undefined): string | null {
  return typeof value === "string" && isPartnerAddress(value) ? value : null;
}
