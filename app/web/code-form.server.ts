import { data, type AppLoadContext } from "@remix-run/node";
import type { CodeState } from "../lib/code-form";
import { requireCampaignPage } from "./campaign-page.server";
import type { ConfirmOutcome } from "../services/confirm.server";
import { honeypot, throttledForm } from "./guards.server";
import { readForm } from "./http.server";

/**
 * The POST of a confirmation code typed on a campaign's "check your inbox" page (a signature's
 * or a letter's): the campaign, the code as typed (at most 40 characters), and the answer a
 * filled honeypot gets, which is the one a wrong code gets, with nothing looked up.
 */
export async function readCodeForm(context: AppLoadContext, params: { lang?: string; slug?: string }, request: Request) {
  const { lang, campaign } = await requireCampaignPage(context, params);
  const form = await readForm(request);
  const code = String(form.get("code") ?? "").slice(0, 40);
  const refused = honeypot(form, () => data<CodeState>({ error: "codeInvalid", code }, { status: 400 }));
  return { lang, campaign, code, refused };
}

/**
 * The answer to a signature's code that did not confirm — throttled (429), campaign closed (410),
 * expired or unknown (400) — the same on the campaign's site and in a partner's frame; null when
 * it confirmed (or already had), where each page goes on its own way.
 */
export function signatureCodeRefusal(result: ConfirmOutcome, code: string) {
  switch (result.kind) {
    case "throttled":
      return throttledForm(result, ({ retryAfterMinutes }): CodeState => ({ error: "throttled", code, retryAfterMinutes }));
    case "campaign-closed":
      return data<CodeState>({ error: "campaignClosed", code }, { status: 410 });
    case "expired":
      return data<CodeState>({ error: "codeExpired", code }, { status: 400 });
    case "unknown":
      return data<CodeState>({ error: "codeInvalid", code }, { status: 400 });
    default:
      return null;
  }
}
