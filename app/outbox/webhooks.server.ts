import type { DB } from "../../db/index";
import type { Crypto } from "../lib/crypto.server";
import { postWebhook } from "../lib/webhook-http.server";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from "../lib/webhook-signature.server";
import { SENDING_LEASE_SECONDS } from "../models/outbox.server";
import { claimWebhooks, markWebhookDelivered, markWebhookFailed, webhookDelivery, WEBHOOK_MAX_ATTEMPTS, type ClaimedWebhook } from "../models/webhook.server";

export interface WebhookSenderOptions {
  db: DB;
  crypto: Crypto;
  /** Where the pause mail's Message-ID comes from (the public URL's host). */
  mailDomain: string;
  /** WEBHOOK_ALLOW_PRIVATE: deliver to loopback and private addresses (tests, a CRM on the same network). */
  allowPrivate: boolean;
  /** Deliveries in flight from this worker, all partners together. */
  concurrency?: number;
  /** Deliveries in flight from this worker to one partner. */
  perPartner?: number;
  timeoutMs?: number;
  leaseSeconds?: number;
  clock?: () => Date;
  log?: (line: string) => void;
}

export const WEBHOOK_CONCURRENCY = 8;
export const WEBHOOK_PER_PARTNER = 2;
export const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * When to try a failed delivery again: 5 s, then 30 s (a receiver restarting costs seconds),
 * then doubling from 2 minutes to a ceiling of 6 hours, with jitter past the first two so that
 * one endpoint's many events do not all come back at the same second.
 */
export function webhookRetrySeconds(attempts: number): number {
  if (attempts <= 1) return 5;
  if (attempts === 2) return 30;
  const base = Math.min(120 * 2 ** (attempts - 3), 6 * 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * The outbox's deliverer for kind `webhook`: an HTTP POST, signed, within its own limits (at
 * most `concurrency` in flight, `perPartner` to one partner), so that a storm of events waits
 * on its own slots and never holds up the mail lanes. Deliveries run in the background of the
 * worker's passes; `settled()` waits for them.
 */
export class WebhookSender {
  private readonly inFlight = new Map<number, number>();
  private readonly running = new Set<Promise<void>>();
  private total = 0;
  private filling = false;
  private refillWanted = false;
  /**
   * Set while the worker runs as a loop: freed slots are then refilled at once, half the slots at
   * a time (one claim for several events, not one per event). Driven by hand (tests), only
   * fill() claims.
   */
  refillOnFree = false;

  constructor(private readonly opts: WebhookSenderOptions) {}

  get concurrency(): number {
    return this.opts.concurrency ?? WEBHOOK_CONCURRENCY;
  }

  /**
   * Claim as many due events as there are free slots and start them; returns how many. One claim
   * at a time: two overlapping (the worker's pass and a refill) would both count the same free
   * slots and together exceed them.
   */
  async fill(): Promise<number> {
    if (this.filling) return 0;
    const free = this.concurrency - this.total;
    if (free <= 0) return 0;
    this.filling = true;
    let claimed: ClaimedWebhook[];
    try {
      claimed = await claimWebhooks(this.opts.db, {
        limit: free,
        perPartner: this.opts.perPartner ?? WEBHOOK_PER_PARTNER,
        busy: this.inFlight,
        now: this.opts.clock?.(),
        leaseSeconds: this.opts.leaseSeconds ?? SENDING_LEASE_SECONDS,
      });
    } finally {
      this.filling = false;
    }
    // Slots that freed while this claim ran asked for a refill it could not take: take it now.
    if (this.refillWanted) {
      this.refillWanted = false;
      setImmediate(() => this.refill());
    }
    for (const w of claimed) {
      this.total++;
      this.inFlight.set(w.partnerId, (this.inFlight.get(w.partnerId) ?? 0) + 1);
      const p: Promise<void> = this.deliver(w)
        .catch((err) => this.opts.log?.(`webhooks: event ${w.eventId} not recorded (${(err as Error).message}); it will be tried again`))
        .finally(() => {
          this.total--;
          const n = (this.inFlight.get(w.partnerId) ?? 1) - 1;
          if (n > 0) this.inFlight.set(w.partnerId, n);
          else this.inFlight.delete(w.partnerId);
          this.running.delete(p);
          this.refill();
        });
      this.running.add(p);
    }
    return claimed.length;
  }

  private refill(): void {
    if (!this.refillOnFree || this.concurrency - this.total < Math.ceil(this.concurrency / 2)) return;
    if (this.filling) {
      this.refillWanted = true;
      return;
    }
    this.fill().catch((err) => this.opts.log?.(`webhooks: claim failed (${(err as Error).message}); retrying at the next pass`));
  }

  /** Every delivery started so far has been recorded. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async deliver(w: ClaimedWebhook): Promise<void> {
    const { db, crypto } = this.opts;
    const now = () => this.opts.clock?.() ?? new Date();
    const delivery = await webhookDelivery(db, crypto, w.eventId);
    if (!delivery) {
      await markWebhookFailed(db, crypto, w, {
        status: null,
        error: "nothing to send (webhook removed or body erased)",
        ms: 0,
        retryInSeconds: 0,
        permanent: true,
        now: this.opts.clock?.(),
        mailDomain: this.opts.mailDomain,
      });
      return;
    }
    const result = await postWebhook(
      delivery.url,
      delivery.body,
      {
        "Content-Type": "application/json",
        "User-Agent": "Padauk-Webhooks/1",
        [EVENT_ID_HEADER]: w.eventId,
        // The time of this attempt, so a receiver can refuse a replay of an old one.
        [SIGNATURE_HEADER]: signWebhook(delivery.secret, delivery.body, now()),
      },
      { timeoutMs: this.opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS, allowPrivate: this.opts.allowPrivate },
    );
    if (result.ok) {
      await markWebhookDelivered(db, w, { status: result.status, ms: result.ms, now: this.opts.clock?.() });
      return;
    }
    const permanent = w.attempts >= WEBHOOK_MAX_ATTEMPTS;
    const { paused } = await markWebhookFailed(db, crypto, w, {
      status: result.status,
      error: result.error,
      ms: result.ms,
      retryInSeconds: webhookRetrySeconds(w.attempts),
      permanent,
      now: this.opts.clock?.(),
      mailDomain: this.opts.mailDomain,
    });
    if (paused) this.opts.log?.(`webhooks: partner ${w.partnerId} paused after three days of failed deliveries`);
  }
}
