import { data, type AppLoadContext } from "@remix-run/node";
import { campaignPaperBatches } from "../models/paper.server";
import { correctPaperBatch, invalidatePaperBatch, recordPaperBatch, type PaperActor, type PaperCampaign } from "../services/paper.server";
import { countryOptions } from "../lib/countries.server";
import { countryName } from "../lib/i18n";
import type { PaperBatchRow, PaperFormState } from "../lib/paper";

/**
 * What the paper batches component needs (app/components/paper-batches.tsx), for the organisers'
 * page and a partner's own view alike: a partner's account sees only its own batches.
 */
export async function paperBatchesData(context: AppLoadContext, actor: PaperActor, campaignId: number, lang: string) {
  const batches = await campaignPaperBatches(context.db, campaignId, actor.partnerId ?? undefined);
  const rows: PaperBatchRow[] = batches.map((b) => ({
    id: b.id,
    country: b.country,
    countryName: countryName(b.country, lang),
    count: b.count,
    collectedOn: b.collectedOn,
    place: b.place,
    attestedBy: b.attestedBy,
    partnerName: b.partnerName,
    status: b.status,
    invalidationReason: b.invalidationReason,
    editable: actor.partnerId === null || b.partnerId === actor.partnerId,
  }));
  // The date picker's last day: today where the day starts first (the service's own bound).
  const today = new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);
  return { batches: rows, countries: countryOptions(lang), today };
}

/**
 * The component's forms (intent `record`, `correct`, `invalidate`) → the service → the answer:
 * 400 with each field's message, 403 for a batch that is another partner's, 404 for none.
 * The caller has checked the session, its CSRF token and access to the campaign.
 */
export async function paperBatchesAction(
  context: AppLoadContext,
  actor: PaperActor,
  campaign: PaperCampaign,
  form: FormData,
  opts: { partnerId?: number | null } = {},
) {
  const intent = form.get("intent");
  const batch = Number(form.get("batch"));
  const result =
    intent === "correct"
      ? await correctPaperBatch(context, actor, campaign, batch, form)
      : intent === "invalidate"
        ? await invalidatePaperBatch(context, actor, campaign, batch, form)
        : intent === "record"
          ? await recordPaperBatch(context, actor, campaign, form, opts)
          : null;
  if (!result) return data<PaperFormState>({ intent: "record", errors: { intent: "paperIntentUnknown" } }, { status: 400 });
  const kind = intent as PaperFormState["intent"];
  const about = kind === "record" ? {} : { batch };
  switch (result.kind) {
    case "invalid":
      return data<PaperFormState>({ intent: kind, ...about, errors: result.errors, values: result.values }, { status: 400 });
    case "not-found":
      throw data(null, { status: 404 });
    case "forbidden":
      throw data(null, { status: 403 });
    default:
      return data<PaperFormState>({ intent: kind, batch: result.id, done: true });
  }
}
