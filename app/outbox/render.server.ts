import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import type { OutgoingMail } from "../lib/mail-transport.server";
import { DEFAULT_MESSAGE_RETENTION_DAYS } from "../models/message-retention.server";
import { deleteMac } from "../models/withdrawal.server";
import { campaignUpdateMail, campaignUpdateTestMail } from "./kinds/campaign-update.server";
import { Unsendable, type KindContext, type RenderedMail } from "./kinds/context.server";
import { dataExportMail } from "./kinds/data-export.server";
import { messageConfirmMail } from "./kinds/message-confirm.server";
import { organiserInviteMail } from "./kinds/organiser-invite.server";
import { signatureAlreadyMail } from "./kinds/signature-already.server";
import { signatureConfirmMail } from "./kinds/signature-confirm.server";
import { targetMessageMail } from "./kinds/target-message.server";
import { webhookPausedMail } from "./kinds/webhook-paused.server";
import { decodePayload, type ClaimedMessage, type OutboxMessage, type OutboxPayload } from "../models/outbox.server";

export { Unsendable };

// A webhook row is not a mail: the worker hands it to its webhook sender, never to this table.
type Kind = Exclude<OutboxMessage["kind"], "webhook">;

/** One module per kind of mail: it loads what the mail needs and renders its template. */
const KINDS: { [K in Kind]: (ctx: KindContext, payload: OutboxPayload<K>) => Promise<RenderedMail> } = {
  "signature-confirm": signatureConfirmMail,
  "signature-already": signatureAlreadyMail,
  "organiser-invite": organiserInviteMail,
  "data-export": dataExportMail,
  "message-confirm": messageConfirmMail,
  "target-message": targetMessageMail,
  "campaign-update": campaignUpdateMail,
  "campaign-update-test": campaignUpdateTestMail,
  "webhook-paused": webhookPausedMail,
};

const isKind = (kind: string): kind is Kind => Object.hasOwn(KINDS, kind);

/** Turns an outbox row into the email to send. Letters to officials are read from `messages`. */
export async function renderOutboxRow(
  db: DB,
  crypto: Crypto,
  row: ClaimedMessage,
  publicUrl: string,
  secret = "",
  retentionDays = DEFAULT_MESSAGE_RETENTION_DAYS,
): Promise<OutgoingMail> {
  if (!row.payloadEnc) throw new Unsendable("payload missing");
  if (!isKind(row.kind)) throw new Unsendable(`unknown kind ${row.kind}`);
  let payload: unknown;
  try {
    payload = decodePayload(crypto, row.payloadEnc);
  } catch (err) {
    throw new Unsendable(`payload unreadable: ${(err as Error).message}`);
  }
  const ctx: KindContext = {
    db,
    crypto,
    publicUrl,
    secret,
    retentionDays,
    withdrawUrl: (lang, signatureId) => (signatureId ? `${publicUrl}/${lang}/signatures/${signatureId}/withdraw/${deleteMac(secret, signatureId)}` : undefined),
  };
  const render = KINDS[row.kind] as (ctx: KindContext, payload: unknown) => Promise<RenderedMail>;
  return { messageId: row.messageId, ...(await render(ctx, payload)) };
}
