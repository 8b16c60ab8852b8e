import type { DB } from "../../../db/index";
import type { Crypto } from "../../lib/crypto.server";
import { fallbackLanguage, isSupportedLanguage, type Language } from "../../lib/i18n";
import type { OutgoingMail } from "../../lib/mail-transport.server";

/** What every kind of mail may read while it is rendered. */
export interface KindContext {
  db: DB;
  crypto: Crypto;
  publicUrl: string;
  /** APP_SECRET: signs the withdraw and unsubscribe links. */
  secret: string;
  retentionDays: number;
  /** The withdraw link for a signature, in `lang`; undefined when there is no signature. */
  withdrawUrl(lang: string, signatureId: string | undefined): string | undefined;
}

/** A mail ready to send but for its Message-ID, which the outbox row gives. */
export type RenderedMail = Omit<OutgoingMail, "messageId">;

/** A row that can never be sent (undecryptable, erased, unknown kind): given up at once. */
export class Unsendable extends Error {}

export const language = (lng: string | undefined): Language => (isSupportedLanguage(lng) ? lng : fallbackLanguage);
