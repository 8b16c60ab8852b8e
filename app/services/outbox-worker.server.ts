import type { DB } from "../../db/index";
import type { Crypto } from "./crypto.server";
import type { Mailer } from "./email.server";
import { isPermanentFailure } from "./email.server";
import { claimDue, decodePayload, markFailed, markSent, MAX_ATTEMPTS, type OutboxMessage } from "../models/outbox.server";
import { fixedT } from "./i18n.server";
import { fallbackLanguage, isSupportedLanguage, textDirection } from "../i18n";
import { renderSignatureConfirm } from "../../emails/signature-confirm";
import { renderSignatureAlready } from "../../emails/signature-already";
import type { RenderedEmail } from "../../emails/layout";

export interface WorkerOptions {
  db: DB;
  crypto: Crypto;
  mailer: Mailer;
  publicUrl: string;
  pollMs?: number;
  batchSize?: number;
  log?: (line: string) => void;
}

/** Exponential backoff from 30 s to an hour, with jitter so retries from many rows spread out. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function renderMessage(msg: OutboxMessage, publicUrl: string): { to: string; lang: string; email: RenderedEmail } {
  const lang = isSupportedLanguage(msg.payload.lang) ? msg.payload.lang : fallbackLanguage;
  const t = fixedT(lang, "email");
  const dir = textDirection(lang);
  switch (msg.kind) {
    case "signature-confirm":
      return {
        to: msg.payload.to,
        lang,
        email: renderSignatureConfirm({
          t,
          lang,
          dir,
          name: msg.payload.name,
          title: msg.payload.title,
          confirmUrl: `${publicUrl}/${lang}/confirm/${msg.payload.token}`,
        }),
      };
    case "signature-already":
      return {
        to: msg.payload.to,
        lang,
        email: renderSignatureAlready({
          t,
          lang,
          dir,
          title: msg.payload.title,
          campaignUrl: `${publicUrl}/${lang}/campaigns/${msg.payload.slug}`,
        }),
      };
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
      do {
        this.again = false;
        let sent: number;
        do {
          sent = await this.runOnce();
        } while (sent > 0 && !this.stopped);
      } while (this.again && !this.stopped);
    } catch (err) {
      // The database is unreachable: nothing is lost, the rows wait for the next pass.
      this.opts.log?.(`outbox: pass failed (${(err as Error).message}); retrying`);
    } finally {
      this.running = false;
      if (!this.stopped) this.timer = setTimeout(() => this.wake(), this.opts.pollMs ?? 1000);
    }
  }

  /** Claim and send one batch; returns how many rows were handled. */
  async runOnce(): Promise<number> {
    const { db, crypto, mailer, publicUrl } = this.opts;
    const batch = await claimDue(db, this.opts.batchSize ?? 10);
    for (const row of batch) {
      let rendered;
      try {
        if (!row.payloadEnc) throw new Error("payload missing");
        const payload = decodePayload<OutboxMessage["payload"]>(crypto, row.payloadEnc);
        rendered = renderMessage({ kind: row.kind, payload } as OutboxMessage, publicUrl);
      } catch (err) {
        // A row we cannot decrypt or render will never succeed: give up on it now.
        await markFailed(db, row.id, { permanent: true, error: `render: ${(err as Error).message}`, retryInSeconds: 0 });
        continue;
      }
      try {
        await mailer.send({ ...rendered.email, to: rendered.to, messageId: row.messageId, lang: rendered.lang });
        await markSent(db, row.id);
      } catch (err) {
        const permanent = isPermanentFailure(err) || row.attempts >= MAX_ATTEMPTS;
        await markFailed(db, row.id, {
          permanent,
          error: (err as Error).message ?? String(err),
          retryInSeconds: retryDelaySeconds(row.attempts),
        });
        this.opts.log?.(`outbox: message ${row.id} ${permanent ? "failed permanently" : "will be retried"}`);
      }
    }
    return batch.length;
  }
}
