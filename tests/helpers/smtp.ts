import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";

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

/** A real SMTP server on loopback that keeps what it receives, parsed. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const rejectRecipients = new Set<string>();
  let port = 0;
  let server: SMTPServer;

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, cb) {
        if (rejectRecipients.has(address.address.toLowerCase())) {
          const err = new Error("no such mailbox") as Error & { responseCode: number };
          err.responseCode = 550;
          return cb(err);
        }
        cb();
      },
      onData(stream, _session, cb) {
        simpleParser(stream)
          .then((m) => {
            messages.push(m);
            cb();
          })
          .catch(cb);
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
      return `smtp://127.0.0.1:${port}`;
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
