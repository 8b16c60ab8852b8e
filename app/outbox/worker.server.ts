import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import type { Mailer, OutgoingMail } from "../lib/mail-transport.server";
import { isPermanentFailure, isUnreachable } from "../lib/mail-transport.server";
import { DEFAULT_MESSAGE_RETENTION_DAYS, eraseOldMessages } from "../models/message-retention.server";
import { deleteExpiredBuckets } from "../models/rate-limit.server";
import { anonymiseClosedCampaigns, deleteUnconfirmed } from "../models/retention.server";
import { markTargetFailing } from "../models/target.server";
import { renderOutboxRow, Unsendable } from "./render.server";
import { claimDue, markFailed, markSent, MAX_ATTEMPTS, SENDING_LEASE_SECONDS, type ClaimedMessage } from "../models/outbox.server";
import { WebhookSender } from "./webhooks.server";

export { renderOutboxRow };

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
  /** Partners' webhooks (kind `webhook`, decision 071): delivered by HTTP within their own limits. */
  webhooks?: { allowPrivate: boolean; concurrency?: number; perPartner?: number; timeoutMs?: number };
}

/** Exponential backoff from 30 s to an hour, with jitter so retries from many rows spread out. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
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

  /** Webhook rows are claimed and POSTed apart from mail, so a storm of them never fills the mail lanes. */
  private readonly webhooks: WebhookSender;

  constructor(private readonly opts: WorkerOptions) {
    this.webhooks = new WebhookSender({
      db: opts.db,
      crypto: opts.crypto,
      mailDomain: new URL(opts.publicUrl).hostname,
      allowPrivate: opts.webhooks?.allowPrivate ?? false,
      concurrency: opts.webhooks?.concurrency,
      perPartner: opts.webhooks?.perPartner,
      timeoutMs: opts.webhooks?.timeoutMs,
      leaseSeconds: opts.leaseSeconds,
      clock: opts.clock,
      log: opts.log,
    });
  }

  /** Every webhook delivery started by a pass has been recorded (tests drive passes by hand). */
  webhooksSettled(): Promise<void> {
    return this.webhooks.settled();
  }

  start(): void {
    this.stopped = false;
    this.webhooks.refillOnFree = true;
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
    this.webhooks.refillOnFree = false;
    clearTimeout(this.timer);
    await this.idle;
    await this.webhooks.settled();
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
    // Webhooks first: they only start here and run on in the background, within their own slots.
    const hooks = await this.webhooks.fill();
    const batch = await claimDue(db, this.opts.batchSize ?? 20, { now: this.opts.clock?.(), leaseSeconds: this.opts.leaseSeconds });
    const queue = [...batch];
    // A few SMTP conversations at once: each waits mostly on the network, not on us.
    const lanes = Array.from({ length: Math.min(this.opts.concurrency ?? 4, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) await this.deliver(row);
    });
    await Promise.all(lanes);
    return batch.length + hooks;
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
