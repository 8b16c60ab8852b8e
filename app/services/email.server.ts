import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "./config.server";

export interface OutgoingMail {
  to: string;
  /** A supporter's letter: answers go to the supporter, never to Padauk. */
  replyTo?: { name: string; address: string };
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  lang: string;
}

export interface Mailer {
  /** "smtp://host:port" or "captured in <dir>", for the start-up line. */
  describe: string;
  captureDir: string | null;
  send(mail: OutgoingMail): Promise<void>;
  /** Checks that SMTP answers; a no-op when mail is captured. */
  verify(): Promise<void>;
  close(): void;
}

/**
 * SMTP when SMTP_URL is set; otherwise each message is written as an .eml file under
 * DATA_DIR/mail, which /dev/mail shows to loopback clients.
 */
export function createMailer(config: Pick<Config, "smtpUrl" | "mailFrom" | "dataDir">): Mailer {
  if (config.smtpUrl) {
    const url = new URL(config.smtpUrl);
    const transport = nodemailer.createTransport(config.smtpUrl, { from: config.mailFrom });
    return {
      describe: `${url.protocol}//${url.hostname}:${url.port || (url.protocol === "smtps:" ? 465 : 587)}`,
      captureDir: null,
      async send(mail) {
        await transport.sendMail(message(config.mailFrom, mail));
      },
      async verify() {
        await transport.verify();
      },
      close: () => transport.close(),
    };
  }
  const dir = path.join(config.dataDir, "mail");
  mkdirSync(dir, { recursive: true });
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  let seq = 0;
  return {
    describe: `captured in ${dir}`,
    captureDir: dir,
    async send(mail) {
      const info = await transport.sendMail(message(config.mailFrom, mail));
      // Sortable names: newest last in a directory listing.
      const name = `${Date.now()}-${process.pid}-${String(seq++).padStart(6, "0")}.eml`;
      writeFileSync(path.join(dir, name), info.message as Buffer, { mode: 0o600 });
    },
    async verify() {},
    close: () => {},
  };
}

function message(from: string, mail: OutgoingMail) {
  return {
    from,
    to: mail.to,
    // Address objects, not strings: nodemailer encodes the name, so no field can add a header.
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { "Content-Language": mail.lang, "Auto-Submitted": "auto-generated" },
  };
}

/**
 * SMTP says permanent with a 5xx reply (no such mailbox, rejected); everything else — 4xx
 * replies, refused connections, time-outs — is worth retrying later.
 */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: number })?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
