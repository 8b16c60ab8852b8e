import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import type { Mailer, OutgoingMail } from "../lib/mail-transport.server";
import { isPermanentFailure, isUnreachable } from "../lib/mail-transport.server";
import { claimDue, decodePayload, markFailed, markSent, MAX_ATTEMPTS, SENDING_LEASE_SECONDS, type ClaimedMessage, type OutboxMessage } from "./queue.server";
import { DEFAULT_MESSAGE_RETENTION_DAYS, eraseOldMessages, letterToSend } from "../models/message.server";
import { findPublicCampaign } from "../models/campaign.server";
import { anonymiseClosedCampaigns, deleteUnconfirmed } from "../models/retention.server";
import { deleteMac } from "../models/withdrawal.server";
import { signatureIdForToken } from "../models/signature-codes.server";
import { signerData } from "../models/data-export.server";
import { deleteExpiredBuckets } from "../models/rate-limit.server";
import { renderDataExport } from "../../emails/data-export";
import { renderOrganiserInvite } from "../../emails/organiser-invite";
import { SET_PASSWORD_TTL_MS } from "../models/organiser.server";
import { markTargetFailing } from "../models/target.server";
import { fixedT } from "../lib/i18n.server";
import { countryName, fallbackLanguage, formatNumber, isSupportedLanguage, languageIn, textDirection, type Language } from "../lib/i18n";
import { renderSignatureConfirm } from "../../emails/signature-confirm";
import { renderSignatureAlready } from "../../emails/signature-already";
import { renderMessageConfirm } from "../../emails/message-confirm";
import { renderTargetMessage } from "../../emails/target-message";
import { renderCampaignUpdate } from "../../emails/campaign-update";
import { unsubscribeMac, updateFor, updateRecipient } from "../models/update.server";
import { renderMarkdown } from "../lib/markdown.server";

export interface WorkerOptions {
  db: DB;
  crypto: Crypto;
  mailer: Mailer;
  publicUrl: string;
  pollMs?: number;
  batchSize?: number;
  /** How long a claimed row stays reserved for this worker before another may take it over. */
  leaseSeconds?: number;
  /** The worker's idea of now (tests move it to the next day). */
  clock?: () => Date;
  /** Letters are erased this many days after they were written. */
  retentionDays?: number;
  /** How many mails of a batch are in flight to SMTP at once. */
  concurrency?: number;
  /** APP_SECRET: signs the unsubscribe links of news mails. */
  secret?: string;
  log?: (line: string) => void;
}

/** Exponential backoff from 30 s to an hour, with jitter so retries from many rows spread out. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const language = (lng: string | undefined): Language => (isSupportedLanguage(lng) ? lng : fallbackLanguage);

/** A row that can never be sent (undecryptable, erased, unknown kind): given up at once. */
class Unsendable extends Error {}

/** Turns an outbox row into the email to send. Letters to officials are read from `messages`. */
export async function renderOutboxRow(db: DB, crypto: Crypto, row: ClaimedMessage, publicUrl: string, secret = "", retentionDays = DEFAULT_MESSAGE_RETENTION_DAYS): Promise<OutgoingMail> {
  if (!row.payloadEnc) throw new Unsendable("payload missing");
  let msg: OutboxMessage;
  try {
    msg = { kind: row.kind, payload: decodePayload(crypto, row.payloadEnc) } as OutboxMessage;
  } catch (err) {
    throw new Unsendable(`payload unreadable: ${(err as Error).message}`);
  }
  const base = { messageId: row.messageId };
  const withdrawUrl = (lang: string, signatureId: string | undefined) =>
    signatureId ? `${publicUrl}/${lang}/signatures/${signatureId}/withdraw/${deleteMac(secret, signatureId)}` : undefined;
  switch (msg.kind) {
    case "signature-confirm": {
      // The signature is found by its link (it is written in the same statement as this row);
      // when the link is gone the signature was withdrawn, and no mail should ask to confirm it.
      const signatureId = msg.payload.signatureId ?? (await signatureIdForToken(db, msg.payload.token));
      if (!signatureId) throw new Unsendable("signature withdrawn before its confirmation mail went");
      const lang = language(msg.payload.lang);
      const t = fixedT(lang, "email");
      return {
        ...base,
        to: msg.payload.to,
        lang,
        fromName: msg.payload.neutral ? t("neutral.fromName") : undefined,
        ...renderSignatureConfirm({
          t,
          lang,
          dir: textDirection(lang),
          name: msg.payload.name,
          title: msg.payload.title,
          titleLang: msg.payload.titleLang,
          confirmUrl: `${publicUrl}/${lang}/confirm/${msg.payload.token}`,
          code: msg.payload.code,
          withdrawUrl: withdrawUrl(lang, signatureId),
          neutral: msg.payload.neutral,
        }),
      };
    }
    case "signature-already": {
      const lang = language(msg.payload.lang);
      const t = fixedT(lang, "email");
      return {
        ...base,
        to: msg.payload.to,
        lang,
        fromName: msg.payload.neutral ? t("neutral.fromName") : undefined,
        ...renderSignatureAlready({
          t,
          lang,
          dir: textDirection(lang),
          title: msg.payload.title,
          titleLang: msg.payload.titleLang,
          campaignUrl: `${publicUrl}/${lang}/campaigns/${msg.payload.slug}`,
          withdrawUrl: withdrawUrl(lang, msg.payload.signatureId),
          neutral: msg.payload.neutral,
        }),
      };
    }
    case "organiser-invite": {
      const lang = language(msg.payload.lang);
      return {
        ...base,
        to: msg.payload.to,
        lang,
        ...renderOrganiserInvite({
          t: fixedT(lang, "email"),
          lang,
          dir: textDirection(lang),
          role: msg.payload.role,
          setPasswordUrl: `${publicUrl}/set-password/${msg.payload.token}`,
          hours: SET_PASSWORD_TTL_MS / 3_600_000,
        }),
      };
    }
    case "data-export": {
      const lang = language(msg.payload.lang);
      const t = fixedT(lang, "email");
      const held = await signerData(db, crypto, msg.payload.to);
      const yesNo = (v: boolean) => t(v ? "export.yes" : "export.no");
      const when = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");
      const titles = new Map<string, { text: string; lang: string }>();
      for (const slug of new Set([...held.signatures, ...held.letters].map((x) => x.campaignSlug))) {
        const c = (await findPublicCampaign(db, slug, lang))?.content;
        titles.set(slug, c ? { text: c.title, lang: c.locale } : { text: slug, lang });
      }
      const common = fixedT(lang);
      return {
        ...base,
        to: msg.payload.to,
        lang,
        ...renderDataExport({
          t,
          lang,
          dir: textDirection(lang),
          retentionDays,
          signatures: held.signatures.map((s) => ({
            heading: titles.get(s.campaignSlug)!.text,
            headingLang: titles.get(s.campaignSlug)!.lang,
            fields: [
              [t("export.status"), t(`export.state.${s.status}`)],
              [t("export.name"), s.name],
              [t("export.country"), countryName(s.country, lang)],
              [t("export.language"), languageIn(common, s.locale, "label")],
              [t("export.news"), yesNo(s.consentUpdates)],
              [t("export.nameShown"), yesNo(s.showName)],
              [t("export.source"), s.source ?? "—"],
              [t("export.signedAt"), when(s.createdAt)],
              [t("export.confirmedAt"), when(s.confirmedAt)],
            ],
            withdrawUrl: withdrawUrl(lang, s.signatureId),
          })),
          letters: held.letters.map((m) => ({
            heading: titles.get(m.campaignSlug)!.text,
            headingLang: titles.get(m.campaignSlug)!.lang,
            fields: [
              [t("export.status"), t(`export.letterState.${m.erased ? "erased" : m.status}`)],
              [t("export.name"), m.name ?? "—"],
              [t("export.area"), m.area ?? "—"],
              [t("export.officials"), formatNumber(m.targets, lang)],
              [t("export.subjectLine"), m.subject ?? "—"],
              [t("export.letter"), m.body ?? "—"],
              [t("export.writtenAt"), when(m.createdAt)],
            ],
          })),
        }),
      };
    }
    case "message-confirm": {
      const lang = language(msg.payload.lang);
      // The title as readers of `lang` now see it, with the language it is in (the payload
      // holds the title only); like the letters themselves below.
      const content = (await findPublicCampaign(db, msg.payload.slug, lang))?.content;
      return {
        ...base,
        to: msg.payload.to,
        lang,
        ...renderMessageConfirm({
          t: fixedT(lang, "email"),
          lang,
          dir: textDirection(lang),
          name: msg.payload.name,
          title: content?.title ?? msg.payload.title,
          titleLang: content?.locale,
          targets: msg.payload.targets,
          confirmUrl: `${publicUrl}/${lang}/messages/confirm/${msg.payload.token}`,
        }),
      };
    }
    case "target-message": {
      const letter = await letterToSend(db, crypto, msg.payload.messageId, msg.payload.targetId);
      if (!letter) throw new Unsendable("letter erased or missing");
      // Greeting, sign-off and the writer's country are in the language the letter is written in
      // (English when Padauk does not speak it), which is not always the page's language.
      const lang = language(letter.letterLocale);
      // The footer speaks the official's first language that Padauk speaks, else English, and
      // names the campaign in that language where it has a translation, else in its default.
      const footerLang = language(letter.target.languages.find((l) => isSupportedLanguage(l)));
      const campaign = await findPublicCampaign(db, letter.campaign.slug, footerLang);
      const title = campaign?.content.title ?? letter.campaign.slug;
      const place = [letter.supporterArea, countryName(letter.supporterCountry, lang)].filter(Boolean).join(", ");
      const rendered = renderTargetMessage({
        t: fixedT(lang, "email"),
        tFooter: fixedT(footerLang, "email"),
        target: letter.target,
        subject: letter.subject,
        body: letter.body,
        supporterName: letter.supporterName,
        supporterPlace: place,
        campaignTitle: title,
        campaignUrl: `${publicUrl}/${footerLang}/campaigns/${letter.campaign.slug}`,
      });
      return { ...base, to: letter.to, replyTo: letter.replyTo, lang, subject: rendered.subject, text: rendered.text };
    }
    case "campaign-update": {
      const recipient = await updateRecipient(db, crypto, msg.payload.signatureId);
      if (!recipient) throw new Unsendable("recipient unsubscribed or signature no longer confirmed");
      const lang = language(recipient.locale);
      const update = await updateFor(db, msg.payload.updateId, lang);
      if (!update) throw new Unsendable("update deleted");
      const campaign = await findPublicCampaign(db, update.slug, lang);
      const unsubscribeUrl = `${publicUrl}/${lang}/unsubscribe/${msg.payload.signatureId}/${unsubscribeMac(secret, msg.payload.signatureId)}`;
      return {
        ...base,
        to: recipient.to,
        lang,
        // RFC 8058: mail clients show an "unsubscribe" button that POSTs here, no page needed.
        headers: { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
        ...renderCampaignUpdate({
          t: fixedT(lang, "email"),
          lang,
          dir: textDirection(lang),
          campaignTitle: campaign?.content.title ?? update.slug,
          campaignTitleLang: campaign?.content.locale,
          title: update.title,
          updateLang: update.locale,
          bodyText: update.body,
          bodyHtml: renderMarkdown(update.body),
          campaignUrl: `${publicUrl}/${lang}/campaigns/${update.slug}`,
          unsubscribeUrl,
          withdrawUrl: withdrawUrl(lang, msg.payload.signatureId),
        }),
      };
    }
    default:
      throw new Unsendable(`unknown kind ${row.kind}`);
  }
}

/**
 * Sends what the outbox holds. Runs in the web process by default and as `npm run worker`
 * in as many separate processes as needed; rows are claimed with SKIP LOCKED, so no two
 * workers send the same row.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = true;
  private idle: Promise<void> = Promise.resolve();
  private lastMaintenance = 0;
  /** When the mail server was first found unreachable in the current outage. */
  private outageSince: number | undefined;
  /** The rest of a batch is not attempted once the server was found unreachable. */
  private unreachableThisBatch = false;

  constructor(private readonly opts: WorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Run a pass now (or right after the current one). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.idle = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.idle;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      if (Date.now() - this.lastMaintenance > 3600_000) await this.maintain();
      do {
        this.again = false;
        let handled: number;
        do {
          handled = await this.runOnce();
        } while (handled > 0 && !this.stopped);
      } while (this.again && !this.stopped);
    } catch (err) {
      // The database is unreachable: nothing is lost, the rows wait for the next pass.
      this.opts.log?.(`outbox: pass failed (${(err as Error).message}); retrying`);
    } finally {
      this.running = false;
      if (!this.stopped) this.timer = setTimeout(() => this.wake(), this.opts.pollMs ?? 1000);
    }
  }

  /**
   * Hourly: delete unconfirmed signatures after 72 hours, expired throttle buckets, anonymise signers of campaigns closed
   * past their retention period, erase letters past theirs. Logs counts, never content.
   */
  async maintain(): Promise<{ erased: number; deleted: number; anonymised: number }> {
    this.lastMaintenance = Date.now();
    const now = this.opts.clock?.();
    const erased = await eraseOldMessages(this.opts.db, this.opts.retentionDays ?? DEFAULT_MESSAGE_RETENTION_DAYS, now);
    const deleted = await deleteUnconfirmed(this.opts.db, now);
    const anonymised = await anonymiseClosedCampaigns(this.opts.db, this.opts.crypto, now);
    // Throttle buckets whose window ended: they hold only keyed hashes, but nothing is kept for long.
    await deleteExpiredBuckets(this.opts.db, now?.getTime());
    if (erased + deleted + anonymised > 0) {
      this.opts.log?.(`retention: erased ${erased} letters, deleted ${deleted} unconfirmed signatures, anonymised ${anonymised} signers`);
    }
    return { erased, deleted, anonymised };
  }

  /** Claim and send one batch; returns how many rows were handled. */
  async runOnce(): Promise<number> {
    const { db } = this.opts;
    this.unreachableThisBatch = false;
    const batch = await claimDue(db, this.opts.batchSize ?? 20, { now: this.opts.clock?.(), leaseSeconds: this.opts.leaseSeconds });
    const queue = [...batch];
    // A few SMTP conversations at once: each waits mostly on the network, not on us.
    const lanes = Array.from({ length: Math.min(this.opts.concurrency ?? 4, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) await this.deliver(row);
    });
    await Promise.all(lanes);
    return batch.length;
  }

  private async deliver(row: ClaimedMessage): Promise<void> {
    const { db, crypto, mailer, publicUrl } = this.opts;
    let mail: OutgoingMail;
    try {
      mail = await renderOutboxRow(db, crypto, row, publicUrl, this.opts.secret, this.opts.retentionDays);
    } catch (err) {
      if (!(err instanceof Unsendable)) throw err;
      await markFailed(db, row.id, { permanent: true, error: `render: ${err.message}`, retryInSeconds: 0 });
      return;
    }
    try {
      if (this.unreachableThisBatch) throw Object.assign(new Error("mail server unreachable, waiting"), { code: "ECONNECTION" });
      await mailer.send(mail);
      this.outageSince = undefined;
    } catch (err) {
      if (isUnreachable(err)) {
        // The mail server is down: the message is tried again in 5 s (30 s once the outage has
        // lasted a minute) without losing an attempt, and the rest of this batch waits with it
        // instead of knocking on the door one by one. Mail flows again seconds after it is back.
        const now = Date.now();
        if (this.outageSince === undefined) {
          this.outageSince = now;
          this.opts.log?.(`outbox: mail server unreachable (${(err as Error).message}); retrying every few seconds`);
        }
        const wait = now - this.outageSince < 60_000 ? 5 : 30;
        this.unreachableThisBatch = true;
        await markFailed(db, row.id, { permanent: false, error: (err as Error).message ?? String(err), retryInSeconds: wait, refundAttempt: true });
        return;
      }
      const permanent = isPermanentFailure(err) || row.attempts >= MAX_ATTEMPTS;
      const error = (err as Error).message ?? String(err);
      await markFailed(db, row.id, { permanent, error, retryInSeconds: retryDelaySeconds(row.attempts) });
      // A bounced official's address stops all further letters to it until it is fixed.
      if (isPermanentFailure(err) && row.targetId) await markTargetFailing(db, row.targetId, error);
      this.opts.log?.(`outbox: message ${row.id} ${permanent ? "failed permanently" : "will be retried"}`);
      return;
    }
    // The mail is out. If the database is unreachable right now, keep trying to record that
    // until the row's lease ends: giving up at once would let the row be claimed and sent again.
    const until = Date.now() + (this.opts.leaseSeconds ?? SENDING_LEASE_SECONDS) * 1000;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await markSent(db, row);
        return;
      } catch (err) {
        if (Date.now() + wait > until) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }
}
