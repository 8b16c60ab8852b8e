/**
 * Letters to officials through the real outbox to a real SMTP server on loopback: how long it
 * takes to book N confirmed letters, and how many the worker delivers per second.
 *   npm run bench:letters              (embedded PGlite)
 *   DATABASE_URL=postgres://… npm run bench:letters
 */
import { createCrypto } from "../app/lib/crypto.server";
import { createMailer } from "../app/lib/mail-transport.server";
import { OutboxWorker } from "../app/outbox/worker.server";
import { createTestDatabase } from "../tests/helpers/db";
import { startTestSmtp } from "../tests/helpers/smtp";
import { offeredTargets, writeLetter } from "../tests/helpers/letters";

const N = Number(process.env.LETTERS ?? 1000);
const t = await createTestDatabase({ seed: true });
const smtp = await startTestSmtp();
const crypto = createCrypto("bench-secret-of-at-least-32-characters!!");
try {
  const targets = await offeredTargets(t.db, "arms-embargo");
  let t0 = performance.now();
  for (let i = 0; i < N; i += 3) {
    // Each writer picks three missions, as the composer's persona does.
    const ids = [0, 1, 2].map((k) => targets[(i + k) % targets.length].id);
    await writeLetter(t.db, crypto, { slug: "arms-embargo", email: `bench-${i}@example.org`, targetIds: ids, verified: true });
  }
  const booked = performance.now() - t0;
  const worker = new OutboxWorker({
    db: t.db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" }),
    publicUrl: "http://padauk.test",
    batchSize: 50,
  });
  t0 = performance.now();
  while ((await worker.runOnce()) > 0);
  const sent = performance.now() - t0;
  const letters = smtp.messages.length;
  console.log(
    `${t.kind}, ${new Date().toISOString().slice(0, 10)}: ${letters} letters from ${Math.ceil(N / 3)} writers; booking ${(letters / (booked / 1000)).toFixed(0)} letters/s; ` +
      `delivery to SMTP ${(letters / (sent / 1000)).toFixed(0)} letters/s (${(sent / 1000).toFixed(1)} s)`,
  );
} finally {
  await smtp.stop();
  await t.close();
}
