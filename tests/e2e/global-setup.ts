import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startServer } from "../helpers/server";
import { startTestSmtp } from "../helpers/smtp";

/**
 * One production server for the whole end-to-end run (see tests/helpers/server.ts), sending its
 * mail to a real SMTP server on loopback whose mailbox the tests read (E2E_MAILDIR). A spec
 * makes an address bounce (550) by writing it into E2E_SMTP_REJECT_FILE (see rejectAtSmtp in
 * support.ts): the SMTP server lives in this process, so a file is how a spec reaches it.
 */
export default async function globalSetup() {
  const maildir = mkdtempSync(path.join(tmpdir(), "padauk-e2e-mail-"));
  const rejectFile = path.join(maildir, "reject-recipients.txt");
  const smtp = await startTestSmtp({ saveDir: maildir, rejectFile });
  // Partners' webhooks in these tests listen on loopback, which a real deployment refuses.
  const server = await startServer({ env: { SMTP_URL: smtp.url, WEBHOOK_ALLOW_PRIVATE: "1" } });
  process.env.E2E_BASE_URL = server.baseUrl;
  process.env.E2E_STARTUP_LINE = server.startupLine;
  process.env.E2E_MAILDIR = maildir;
  process.env.E2E_SMTP_REJECT_FILE = rejectFile;
  process.env.E2E_SERVER_ENV = JSON.stringify(server.env);
  return async () => {
    await server.stop();
    await smtp.stop();
    rmSync(maildir, { recursive: true, force: true });
  };
}
