import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
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
  /** Extra headers (List-Unsubscribe on news mails). */
  headers?: Record<string, string>;
  /** Replaces MAIL_FROM's display name (a campaign's neutral confirmation mails). */
  fromName?: string;
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

const SEND_TIMEOUT_MS = 60_000;

/**
 * SMTP when SMTP_URL is set; otherwise each message is written as an .eml file under
 * DATA_DIR/mail, which /dev/mail shows to loopback clients.
 */
export function createMailer(config: Pick<Config, "smtpUrl" | "mailFrom" | "dataDir">): Mailer {
  if (config.smtpUrl) {
    const url = new URL(config.smtpUrl);
    const port = Number(smtpOptionsFromUrl(url).port);
    // A small pool of open SMTP connections: a new connection per mail made delivery three times
    // slower. Our own sockets, with Nagle's algorithm off: nodemailer writes a message's final
    // "." as a small packet of its own, which otherwise waits for the server's delayed ACK —
    // 40 ms per mail, which capped delivery at about 25 mails a second per connection.
    const makeTransport = () =>
      nodemailer.createTransport({
        ...smtpOptionsFromUrl(url),
        pool: true,
        maxConnections: 4,
        // A server that stops answering mid-conversation must not hold a mail (and the worker) for
        // nodemailer's default ten minutes.
        greetingTimeout: 15_000,
        socketTimeout: 30_000,
        getSocket(_options: unknown, callback: (err: Error | null, socket?: { connection: net.Socket }) => void) {
          const socket = net.connect({ host: url.hostname, port, noDelay: true });
          let done = false;
          const finish = (err: Error | null) => {
            if (done) return;
            done = true;
            socket.setTimeout(0);
            if (err) {
              socket.destroy();
              callback(err);
            } else callback(null, { connection: socket });
          };
          socket.setTimeout(15_000, () => finish(Object.assign(new Error(`connection to ${url.hostname}:${port} timed out`), { code: "ETIMEDOUT" })));
          socket.once("connect", () => finish(null));
          socket.once("error", (err) => finish(err));
        },
      } as nodemailer.TransportOptions);
    let transport = makeTransport();
    // After the server went away, nodemailer's pool can keep waiting on connections that will
    // never answer. A send that found the server unreachable starts a fresh pool.
    const renew = () => {
      transport.close();
      transport = makeTransport();
    };
    return {
      describe: `${url.protocol}//${url.hostname}:${port}`,
      captureDir: null,
      async send(mail) {
        // Belt and braces: whatever state the pool is in, a send settles within a minute.
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error("SMTP send did not finish within 60 s"), { code: "ETIMEDOUT" })), SEND_TIMEOUT_MS);
        });
        try {
          await Promise.race([transport.sendMail(message(config.mailFrom, mail)), timeout]);
        } catch (err) {
          if (isUnreachable(err)) renew();
          throw err;
        } finally {
          clearTimeout(timer);
        }
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

/**
 * SMTP_URL as nodemailer options: host, port, TLS and credentials, plus query parameters as
 * options (`?requireTLS=true`, `?tls.rejectUnauthorized=false`). Done here because nodemailer
 * ignores every other option when it is given a URL.
 */
export function smtpOptionsFromUrl(url: URL): Record<string, unknown> {
  const options: Record<string, unknown> = {
    host: url.hostname,
    port: Number(url.port) || (url.protocol === "smtps:" ? 465 : 587),
    secure: url.protocol === "smtps:",
  };
  if (url.username) options.auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  for (const [key, raw] of url.searchParams) {
    const value = raw === "true" ? true : raw === "false" ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
    const path = key.split(".");
    if (path.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) continue;
    let target = options;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = value;
  }
  return options;
}

function message(from: string, mail: OutgoingMail) {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  return {
    from: mail.fromName ? { name: mail.fromName, address } : from,
    to: mail.to,
    // Address objects, not strings: nodemailer encodes the name, so no field can add a header.
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: { "Content-Language": mail.lang, "Auto-Submitted": "auto-generated", ...mail.headers },
  };
}

/**
 * The SMTP server could not be reached at all (refused, reset, timed out): says nothing about
 * the message, so the attempt is not held against it.
 */
export function isUnreachable(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown } | null;
  return (
    !!e &&
    typeof e.responseCode !== "number" &&
    typeof e.code === "string" &&
    ["ECONNECTION", "ESOCKET", "ETIMEDOUT", "EDNS", "ECONNREFUSED", "ECONNRESET", "ECLOSE"].includes(e.code)
  );
}

/**
 * SMTP says permanent with a 5xx reply (no such mailbox, rejected); everything else — 4xx
 * replies, refused connections, time-outs — is worth retrying later.
 */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: number })?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}
