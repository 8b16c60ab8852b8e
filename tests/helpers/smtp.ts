import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Whether `address` is a line of `file` (compared in lower case); a missing file lists nobody. */
function listedIn(file: string | undefined, address: string): boolean {
  if (!file) return false;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  return text.split("\n").some((line) => line.trim().toLowerCase() === address);
}

export interface TestSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Addresses the server answers with a permanent 550 (no such mailbox). */
  rejectRecipients: Set<string>;
  stop(): Promise<void>;
  /** Listen again on the same port after stop(). */
  start(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives, parsed; with `saveDir`, also each
 * raw message as an .eml file there (so another process can read the mailbox). With
 * `rejectFile`, the addresses listed in that file (one a line, read at every RCPT TO) are
 * answered with 550 like those in `rejectRecipients`: that is how another process (a Playwright
 * spec, while this server lives in the global setup) makes an address bounce.
 */
export async function startTestSmtp(opts: { saveDir?: string; secure?: boolean; rejectFile?: string } = {}): Promise<TestSmtp> {
  let seq = 0;
  const messages: ParsedMail[] = [];
  const rejectRecipients = new Set<string>();
  let port = 0;
  let server: SMTPServer;

  const make = () =>
    new SMTPServer({
      // secure: implicit TLS (smtps://) with smtp-server's built-in self-signed certificate.
      secure: opts.secure ?? false,
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      // No reverse DNS for 127.0.0.1: this machine has no resolver to ask, and it cost 40 ms a mail.
      disableReverseLookup: true,
      // Tests stop and restart the server to play "SMTP down": do not wait 30 s for idle pooled connections.
      closeTimeout: 200,
      logger: false,
      onRcptTo(address, _session, cb) {
        const rcpt = address.address.toLowerCase();
        if (rejectRecipients.has(rcpt) || listedIn(opts.rejectFile, rcpt)) {
          const err = new Error("no such mailbox") as Error & { responseCode: number };
          err.responseCode = 550;
          return cb(err);
        }
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          if (opts.saveDir) {
            // The envelope's recipients as a header of our own: Bcc would not show in the message.
            const rcpt = session.envelope.rcptTo.map((r) => r.address).join(", ");
            writeFileSync(
              path.join(opts.saveDir, `${Date.now()}-${String(seq++).padStart(6, "0")}.eml`),
              Buffer.concat([Buffer.from(`X-Envelope-To: ${rcpt}\r\n`), raw]),
            );
          }
          simpleParser(raw)
            .then((m) => {
              messages.push(m);
              cb();
            })
            .catch(cb);
        });
      },
    });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.on("error", () => {});
      server.server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });

  await listen();
  const smtp: TestSmtp = {
    get url() {
      return `${opts.secure ? "smtps" : "smtp"}://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    rejectRecipients,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start: listen,
  };
  return smtp;
}
