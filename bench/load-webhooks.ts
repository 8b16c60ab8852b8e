/**
 * The load benchmark's webhook storm (BENCH_PHASES=webhooks, Postgres only): a partner's
 * endpoint on loopback, 1,000 of its supporters confirming through the real confirmation POST,
 * and one outbox worker (mail and webhooks, as `npm run worker`) delivering while signing runs.
 * Run by bench/load.ts, never by the app.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Crypto } from "../app/lib/crypto.server";
import { createMailer } from "../app/lib/mail-transport.server";
import { findPublicCampaign } from "../app/models/campaign.server";
import { createPartner } from "../app/models/partner.server";
import { decodePayload } from "../app/models/outbox.server";
import { signCampaign } from "../app/models/signing.server";
import { OutboxWorker } from "../app/outbox/worker.server";
import { openDatabase } from "../db/index";
import { startTestSmtp } from "../tests/helpers/smtp";

/** How long the partner's endpoint takes to answer: a small CRM on the other side of the world. */
const RECEIVER_MS = 50;

export async function webhookStorm(dbUrl: string, crypto: Crypto, secret: string, baseUrl: string, slug: string, storm = 1000) {
  let received = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastAt = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        received++;
        lastAt = performance.now();
        res.end("ok");
      }, RECEIVER_MS);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  const port = (receiver.address() as AddressInfo).port;

  const smtp = await startTestSmtp();
  const { db } = await openDatabase({ databaseUrl: dbUrl, poolSize: 4 });
  const campaign = (await findPublicCampaign(db, slug, "en"))!;
  const { partner } = await createPartner(db, crypto, {
    campaignId: campaign.id,
    slug: "bench-partner",
    name: "A partner in Bangkok",
    website: null,
    listed: false,
    origins: [],
    webhookUrl: `http://127.0.0.1:${port}/padauk`,
  });
  // The storm's signatures, pending, attributed to the partner; and as many attributed to no
  // partner, for the control phase (the same confirmations, no webhook). Tokens read back from the outbox.
  const tag = `storm-${Date.now()}-`;
  for (let i = 0; i < 2 * storm; i++) {
    const attributed = i < storm;
    await signCampaign(
      db,
      crypto,
      {
        campaignId: campaign.id,
        campaignSlug: campaign.slug,
        campaignTitle: campaign.content.title,
        name: "A signer in Yangon",
        email: `${tag}${attributed ? "p" : "x"}${i}@example.org`,
        country: "MM",
        locale: "en",
        consentUpdates: false,
        showName: false,
        partnerId: attributed ? partner.id : null,
        consentPartner: attributed && i % 2 === 0,
      },
      "padauk.test",
    );
  }
  const rows = await db.selectFrom("outbox").select("payload_enc").where("kind", "=", "signature-confirm").where("payload_enc", "is not", null).execute();
  const payloads = rows.map((r) => decodePayload<{ to: string; token: string }>(crypto, r.payload_enc!));
  const tokensOf = (prefix: string) => payloads.filter((p) => p.to.startsWith(`${tag}${prefix}`)).map((p) => p.token);
  const tokens = tokensOf("p");
  const controlTokens = tokensOf("x");

  const worker = new OutboxWorker({
    db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" }),
    publicUrl: "http://padauk.test",
    secret,
    pollMs: 200,
    webhooks: { allowPrivate: true },
  });

  const confirm = async (list: string[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = next++; i < list.length; i = next++) {
          await fetch(`${baseUrl}/en/confirm/${list[i]}`, { method: "POST", redirect: "manual", headers: { Origin: baseUrl } });
        }
      }),
    );
  };
  let startedAt = 0;
  let confirmedAt = 0;
  return {
    /** The worker runs from here on (mail only until the storm starts). */
    startWorker: () => worker.start(),
    /** The storm: 1,000 attributed confirmations through the confirmation POST, 16 at a time. */
    async confirmAll() {
      startedAt = performance.now();
      await confirm(tokens);
      confirmedAt = performance.now();
    },
    /** The control: as many confirmations of signatures no partner brought (no webhook). */
    async confirmControl() {
      const t0 = performance.now();
      await confirm(controlTokens);
      return `control: ${controlTokens.length} confirmations without webhooks in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
    },
    async delivered(timeoutMs = 300_000) {
      const end = Date.now() + timeoutMs;
      while (received < tokens.length && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      return received;
    },
    summary() {
      const took = ((lastAt - startedAt) / 1000).toFixed(1);
      return `webhook storm: ${tokens.length} confirmations in ${((confirmedAt - startedAt) / 1000).toFixed(1)} s; ${received} events delivered to a receiver answering in ${RECEIVER_MS} ms, the last ${took} s after the first confirmation; at most ${maxInFlight} in flight; ${smtp.messages.length} mails sent meanwhile`;
    },
    async stop() {
      await worker.stop();
      await db.destroy();
      await smtp.stop();
      receiver.close();
    },
  };
}
