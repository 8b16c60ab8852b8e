import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { openDatabase, migrateToLatest, type DB } from "../../db/index";
import { seedIfEmpty } from "../../db/seed/index";
import { createCrypto } from "../../app/lib/crypto.server";
import { confirmSignature } from "../../app/models/confirming.server";
import { startServer, type RunningServer } from "../helpers/server";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { send, type Answer } from "../helpers/http";
import { latestConfirmToken, signAs } from "../helpers/signing";
import { offeredTargets, writeLetter } from "../helpers/letters";

/**
 * No public answer may tell whether an address has signed or written: not the status, the page,
 * a redirect, a header, nor which mails go to anyone else — before or after the address's mail
 * allowance (3 an hour) is spent. Each walk below is made twice, step by step, by two visitors
 * from two clients: one typing an address that has signed and written (the history is made
 * before the server starts, so it costs no allowance), one typing an address never seen. Their
 * answers, with nonces and the typed address taken out, must be identical.
 */
const SECRET = "address-oracle-secret-of-at-least-32-characters";
const SLUG = "arms-embargo";
const KNOWN = ["known-one@example.org", "known-two@example.org"];
const UNKNOWN = ["unknown-one@example.org", "unknown-two@example.org"];

type Step = { label: string; run: (v: Visitor) => Promise<Answer> };
interface Visitor {
  email: string;
  from: string;
  /** The withdraw link of the first mail this visitor's address received during the walk. */
  withdrawPath?: string;
}

let server: RunningServer;
let t: TestDatabase | undefined;
let targets: string[] = [];

/** History for the known addresses: a confirmed signature and a letter already sent. */
async function makeHistory(db: DB) {
  const crypto = createCrypto(SECRET);
  const offered = await offeredTargets(db, SLUG);
  targets = offered.slice(0, 2).map((x) => x.publicId);
  for (const email of KNOWN) {
    await signAs(db, crypto, { email, slug: SLUG, name: "A signer in Yangon", showName: true });
    expect((await confirmSignature(db, await latestConfirmToken(db, crypto))).status).toBe("confirmed");
    await writeLetter(db, crypto, { slug: SLUG, email, targetIds: offered.slice(0, 2).map((x) => x.id), verified: true });
  }
  // What the history queued has left: the walk starts with an empty outbox.
  await db.updateTable("outbox").set({ status: "sent", payload_enc: null, sent_at: new Date() }).execute();
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    t = await createTestDatabase({ seed: true });
    await makeHistory(t.db);
    server = await startServer({ env: { DATABASE_URL: t.url!, APP_SECRET: SECRET } });
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), "padauk-oracle-"));
    const { db } = await openDatabase({ dataDir });
    await migrateToLatest(db);
    await seedIfEmpty(db);
    await makeHistory(db);
    await db.destroy();
    server = await startServer({ dataDir, env: { APP_SECRET: SECRET } });
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await t?.close();
});

/** Every mail the server has written out (no SMTP server: mail is captured as files). */
async function capturedMail() {
  const dir = path.join(server.dataDir, "mail");
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".eml"))
      .sort();
  } catch {}
  return Promise.all(files.map(async (f) => simpleParser(readFileSync(path.join(dir, f)))));
}

async function withdrawLinkFor(email: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (const m of await capturedMail()) {
      const to = (m.to as { text: string } | undefined)?.text.toLowerCase() ?? "";
      const link = m.text?.match(/https?:\/\/[^\s]+(\/en\/signatures\/\d+\/withdraw\/[A-Za-z0-9_-]+)/)?.[1];
      if (to.includes(email) && link) return link;
    }
    if (Date.now() > deadline) throw new Error(`no mail with a withdraw link to ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sign = (v: Visitor) =>
  send(server.baseUrl, "POST", `/en/campaigns/${SLUG}`, { from: v.from, form: { name: "A signer in Yangon", email: v.email, country: "MM" } });
const code = (v: Visitor) => send(server.baseUrl, "POST", `/en/campaigns/${SLUG}/signed`, { from: v.from, form: { code: "AAAAA-AAAAA" } });
const myData = (v: Visitor) => send(server.baseUrl, "POST", "/en/my-data", { from: v.from, form: { email: v.email } });
const write = (v: Visitor) =>
  send(server.baseUrl, "POST", `/en/campaigns/${SLUG}/write`, {
    from: v.from,
    form: [
      ...targets.map((id): [string, string] => ["target", id]),
      ["subject", "An embargo now"],
      ["body", "Please act on the embargo."],
      ["name", "A supporter"],
      ["email", v.email],
      ["country", "MM"],
      ["area", ""],
    ],
  });
const withdrawPage = (v: Visitor) => send(server.baseUrl, "GET", v.withdrawPath!, { from: v.from });
const withdraw = (v: Visitor) => send(server.baseUrl, "POST", v.withdrawPath!, { from: v.from, form: {} });

/** What a visitor could compare: status, headers that matter, the page — nonces and their own address taken out. */
function comparable(a: Answer, v: Visitor) {
  const scrub = (s: string) =>
    s
      .replaceAll(v.email, "<address>")
      .replace(/nonce-[A-Za-z0-9+/=]+/g, "nonce-…")
      .replace(/nonce="[^"]*"/g, 'nonce="…"')
      .replace(/\/signatures\/\d+\/withdraw\/[A-Za-z0-9_-]+/g, "/signatures/…/withdraw/…")
      .replace(/%2Fsignatures%2F\d+%2Fwithdraw%2F[A-Za-z0-9_-]+/g, "%2Fsignatures%2F…%2Fwithdraw%2F…");
  const header = (name: string) => {
    const value = a.headers[name];
    return value === undefined ? undefined : scrub(Array.isArray(value) ? value.join("\n") : String(value));
  };
  const cookies = ([] as string[]).concat(a.headers["set-cookie"] ?? []).map((c) => c.split("=")[0]);
  return {
    status: a.status,
    location: header("location"),
    retryAfter: header("retry-after"),
    cacheControl: header("cache-control"),
    contentType: header("content-type"),
    csp: header("content-security-policy"),
    cookies,
    body: scrub(a.body),
  };
}

/** Each walk crosses the allowance boundary in its own way; the withdraw form comes last. */
const walks: { name: string; steps: Step[] }[] = [
  {
    name: "the allowance spent by data requests first, then a letter and a signature",
    steps: [
      { label: "my-data 1", run: myData },
      { label: "my-data 2", run: myData },
      { label: "my-data 3 (allowance spent)", run: myData },
      { label: "write past the allowance", run: write },
      { label: "sign past the allowance", run: sign },
      { label: "wrong code", run: code },
      { label: "my-data past the allowance", run: myData },
      { label: "write again", run: write },
    ],
  },
  {
    name: "the allowance spent by signing and writing, then the withdraw link of the first mail",
    steps: [
      { label: "sign 1", run: sign },
      { label: "wrong code", run: code },
      { label: "write", run: write },
      { label: "my-data (allowance spent)", run: myData },
      { label: "sign past the allowance", run: sign },
      { label: "write past the allowance", run: write },
      { label: "my-data past the allowance", run: myData },
      {
        label: "withdraw link opened",
        run: async (v) => {
          v.withdrawPath = await withdrawLinkFor(v.email);
          return withdrawPage(v);
        },
      },
      { label: "withdraw pressed", run: withdraw },
      { label: "withdraw pressed again", run: withdraw },
    ],
  },
];

describe("known and unknown addresses get the same answers", () => {
  walks.forEach((walk, w) => {
    it(
      walk.name,
      async () => {
        const known: Visitor = { email: KNOWN[w], from: `127.0.0.${21 + 2 * w}` };
        const unknown: Visitor = { email: UNKNOWN[w], from: `127.0.0.${22 + 2 * w}` };
        for (const step of walk.steps) {
          const a = comparable(await step.run(known), known);
          const b = comparable(await step.run(unknown), unknown);
          expect(a, `${step.label}: the known address's answer differs`).toEqual(b);
        }
      },
      60_000,
    );
  });

  it("no mail went to anyone but the two visitors' own addresses", async () => {
    // Let the worker catch up with whatever the walks queued.
    await new Promise((r) => setTimeout(r, 1_500));
    const recipients = new Set((await capturedMail()).map((m) => (m.to as { text: string }).text.toLowerCase()));
    expect([...recipients].filter((r) => ![...KNOWN, ...UNKNOWN].includes(r))).toEqual([]);
  });
});
