import { data, type AppLoadContext } from "@remix-run/node";
import type { CodeState } from "../lib/code-form";
import { requireCampaignPage } from "./campaign-page.server";
import { honeypot } from "./guards.server";
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
