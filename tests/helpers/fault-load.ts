import pg from "pg";
import { expect } from "vitest";
import type { Crypto } from "../../app/lib/crypto.server";
import type { TestSmtp } from "./smtp";

/**
 * The fault tests' load and checks (tests/integration/faults.test.ts): fresh databases on the
 * test's own PostgreSQL server, browsers signing steadily while a fault happens, and the checks
 * that nothing the clients saw accepted was lost, half-written or mailed twice.
 */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FaultDatabase {
  url: string;
  query: <T = Record<string, unknown>>(q: string, v?: unknown[]) => Promise<T[]>;
  end(): Promise<void>;
}

let dbSeq = 0;
/** A fresh database on the private server at `serverUrl`, and a client to inspect it. */
export async function freshDatabase(serverUrl: string): Promise<FaultDatabase> {
  const name = `padauk_fault_${process.pid}_${dbSeq++}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  const client = new pg.Pool({ connectionString: url, max: 2 });
  client.on("error", () => {});
  return { url, query: async (q, v) => (await client.query(q, v)).rows, end: () => client.end() };
}

export interface Load {
  accepted: string[];
  statuses: Map<number | string, number>;
  /** Statuses seen while `phase` was each value. */
  byPhase: Map<string, Map<number | string, number>>;
  bodies503: string[];
  stop(): Promise<void>;
}

/** Browsers without JavaScript posting the signing form with distinct addresses, 4 at a time. */
export function signingLoad(target: () => string, phase: () => string, prefix: string): Load {
  const load: Load = { accepted: [], statuses: new Map(), byPhase: new Map(), bodies503: [], stop: async () => {} };
  let running = true;
  let n = 0;
  const lane = async () => {
    while (running) {
      const email = `${prefix}-${n++}@example.org`;
      const p = phase();
      let status: number | string;
      try {
        const res = await fetch(`${target()}/en/campaigns/arms-embargo`, {
          method: "POST",
          body: new URLSearchParams({ name: "A signer in Yangon", email, country: "MM" }),
          redirect: "manual",
          signal: AbortSignal.timeout(10_000),
        });
        status = res.status;
        const body = await res.text();
        if (status === 303) load.accepted.push(email);
        if (status === 503 && load.bodies503.length < 3) load.bodies503.push(body);
      } catch (err) {
        status = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        await sleep(50);
      }
      load.statuses.set(status, (load.statuses.get(status) ?? 0) + 1);
      const m = load.byPhase.get(p) ?? new Map();
      m.set(status, (m.get(status) ?? 0) + 1);
      load.byPhase.set(p, m);
      // A steady load of at most ~50 signatures a second: the faults are the point here (the
      // benchmark measures speed), and the mail they cause must drain within the test's bounds.
      await sleep(80);
    }
  };
  const lanes = Array.from({ length: 4 }, lane);
  load.stop = async () => {
    running = false;
    await Promise.all(lanes);
  };
  return load;
}

export async function until(what: string, check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** Waits until the outbox has nothing left to send. */
export async function allMailSent(db: FaultDatabase, ms: number) {
  await until(
    "every confirmation mail",
    async () => {
      const [r] = await db.query<{ n: string }>(`select count(*) as n from outbox where status <> 'sent'`);
      return Number(r.n) === 0;
    },
    ms,
  );
}

/** Every accepted address is stored, and every stored signature is whole: its tokens and its mail. */
export async function assertWhole(db: FaultDatabase, accepted: string[], crypto: Crypto) {
  const hmacHex = (email: string) => Buffer.from(crypto.emailHmac(email)).toString("hex");
  const stored = new Set((await db.query<{ h: string }>(`select encode(email_hmac, 'hex') as h from signatures`)).map((r) => r.h));
  const missing = accepted.filter((e) => !stored.has(hmacHex(e)));
  expect(missing, "accepted signatures missing from the database").toEqual([]);
  const [counts] = await db.query<{ signatures: string; tokens: string; mails: string; orphans: string }>(`
    select (select count(*) from signatures) as signatures,
           (select count(*) from signature_tokens) as tokens,
           (select count(*) from outbox where kind = 'signature-confirm') as mails,
           (select count(*) from signatures s where not exists (select 1 from signature_tokens t where t.signature_id = s.id)) as orphans`);
  expect(Number(counts.orphans)).toBe(0);
  expect(Number(counts.tokens)).toBe(2 * Number(counts.signatures));
  expect(Number(counts.mails)).toBe(Number(counts.signatures));
  return Number(counts.signatures);
}

/** How many mails the test's SMTP server received, by recipient. */
export const receivedBy = (smtp: TestSmtp) => {
  const by = new Map<string, number>();
  for (const m of smtp.messages) {
    const to = (m.to as { text: string }).text.toLowerCase();
    by.set(to, (by.get(to) ?? 0) + 1);
  }
  return by;
};
