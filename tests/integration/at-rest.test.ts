import { createHash, createHmac } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { createCrypto, type Crypto } from "../../app/services/crypto.server";
import { createMailer } from "../../app/services/email.server";
import { OutboxWorker } from "../../app/services/outbox-worker.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import * as campaignRoute from "../../app/routes/$lang.campaigns.$slug";
import * as confirmRoute from "../../app/routes/$lang.confirm.$token";
import * as composerRoute from "../../app/routes/$lang.campaigns.$slug_.write";
import * as confirmLetterRoute from "../../app/routes/$lang.messages.confirm.$token";
import * as loginRoute from "../../app/routes/login";
import { loginForm } from "../helpers/login-form";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { offeredTargets } from "../helpers/letters";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

/**
 * DESIGN.md §4: no plaintext email or name at rest, no raw IP address next to a signature. A signer
 * with a distinctive address, name and IP goes through every public flow in-process (sign, confirm,
 * write to officials, confirm the letter, every mail sent, a failed login from the same address),
 * then every column of every table in the public schema is searched for those values.
 */

const EMAIL = "yangon.signer.7351@example.org";
// As typed (mail still goes to the local part as typed; the scan below is case-insensitive).
const EMAIL_TYPED = "Yangon.Signer.7351@Example.org";
const LOCAL_PART = EMAIL.split("@")[0];
const NAME = "ဒေါ်သီတာ Tester7351";
const NAME_BURMESE = "ဒေါ်သီတာ";
const NAME_LATIN = "Tester7351";
const IP = "203.0.113.77";
const SLUG = "arms-embargo";
const LANG = "my";

let t: TestDatabase;
let smtp: TestSmtp;
let crypto: Crypto;
let context: AppLoadContext;
let clientKey: string;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
  // One secret for sessions, HMACs and field encryption, as in production (app/cli/boot.server.ts).
  const secret = testContext(t.db, undefined as unknown as Crypto).config.appSecret;
  crypto = createCrypto(secret);
  // What app/cli/serve.ts derives from the client's address: the raw IP goes no further.
  clientKey = createHmac("sha256", secret)
    .update(`client:${new Date().toISOString().slice(0, 10)}:${IP}`)
    .digest("base64url")
    .slice(0, 22);
  context = testContext(t.db, crypto, { clientKey, clientIsLoopback: false });
});
afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});

async function drain() {
  const worker = new OutboxWorker({
    db: t.db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/nonexistent" }),
    publicUrl: context.config.publicUrl,
    secret: context.config.appSecret,
    batchSize: 100,
  });
  while ((await worker.runOnce()) > 0);
}

/** A request as it reaches Remix behind a proxy: the client's address rides along in the usual headers. */
function request(path: string, init: { method?: string; form?: [string, string][] } = {}) {
  return new Request(`http://padauk.test${path}`, {
    method: init.method ?? "GET",
    body: init.form ? new URLSearchParams(init.form) : undefined,
    headers: { "X-Forwarded-For": IP, "X-Real-IP": IP, "User-Agent": `Mozilla/5.0 (${IP})` },
  });
}

const statusOf = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } }).init?.status ?? 200));
const location = (r: unknown) => (r as Response).headers.get("Location");

// ---------- the scan ----------

interface Column {
  table: string;
  column: string;
  type: string;
}

/** Every column of every base table in the public schema (all types: text, json and bytea above all). */
async function columns(): Promise<Column[]> {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(t.db);
  return rows.rows.map((r) => ({ table: r.table_name, column: r.column_name, type: r.data_type }));
}

const TEXTUAL = new Set(["text", "character varying", "character", "json", "jsonb", "bytea"]);

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** One column's non-null values: bytea as bytes, everything else as Postgres prints it. */
async function values(c: Column): Promise<(string | Buffer)[]> {
  const expr = c.type === "bytea" ? sql.raw(ident(c.column)) : sql.raw(`${ident(c.column)}::text`);
  const rows = await sql<{ v: string | Uint8Array }>`select ${expr} as v from ${sql.raw(ident(c.table))} where ${sql.raw(ident(c.column))} is not null`.execute(t.db);
  return rows.rows.map((r) => (typeof r.v === "string" ? r.v : Buffer.from(r.v)));
}

let snapshot: { col: Column; vals: (string | Buffer)[] }[] | undefined;
async function dump() {
  const out = [];
  for (const col of await columns()) out.push({ col, vals: await values(col) });
  return out;
}

/**
 * A needle is a string (matched case-insensitively in text, and as UTF-8 bytes — ASCII
 * case-insensitively — inside bytea) or raw bytes (matched inside bytea, and as hex or base64 text).
 */
type Needle = string | Buffer;

function found(value: string | Buffer, needle: Needle): boolean {
  if (typeof value === "string") {
    if (typeof needle === "string") return value.toLowerCase().includes(needle.toLowerCase());
    return [needle.toString("hex"), needle.toString("base64").replace(/=+$/, ""), needle.toString("base64url")].some((s) => value.toLowerCase().includes(s.toLowerCase()));
  }
  if (typeof needle === "string") {
    const bytes = Buffer.from(needle, "utf8");
    if (value.indexOf(bytes) >= 0) return true;
    // ASCII case-insensitive: latin1 maps each byte to one char, so lower-casing keeps offsets.
    return value.toString("latin1").toLowerCase().includes(bytes.toString("latin1").toLowerCase());
  }
  return value.indexOf(needle) >= 0;
}

/** `table.column` of every column holding the needle, over all types or only the textual ones. */
function where(d: NonNullable<typeof snapshot>, needle: Needle, opts: { textualOnly?: boolean } = {}): string[] {
  return d
    .filter(({ col }) => !opts.textualOnly || TEXTUAL.has(col.type))
    .filter(({ vals }) => vals.some((v) => found(v, needle)))
    .map(({ col }) => `${col.table}.${col.column}`);
}

/** Base64 of a needle at each of the three byte alignments it can have inside a longer encoded text. */
function base64Forms(s: string): string[] {
  const b = Buffer.from(s, "utf8");
  return [0, 1, 2].map((k) => {
    const padded = Buffer.concat([Buffer.alloc(k, 0x20), b]).toString("base64");
    // Drop the characters that depend on the neighbours on either side.
    const start = Math.ceil(k / 3) * 4;
    const end = Math.floor((k + b.length) / 3) * 4;
    return padded.slice(start, end);
  });
}

const sha256 = (s: string) => createHash("sha256").update(s).digest();
const md5 = (s: string) => createHash("md5").update(s).digest();

/** Every place the signer's email, name or IP address is readable, as "what in table.column". */
function leaksIn(d: NonNullable<typeof snapshot>): string[] {
  const needles: [string, string][] = [
    ["email", EMAIL],
    ["email's local part", LOCAL_PART],
    ["name", NAME],
    ["name (Burmese part)", NAME_BURMESE],
    ["name (Latin part)", NAME_LATIN],
    ["IP address", IP],
  ];
  const leaks: string[] = [];
  // The types the brief names first: text, varchar, char, json, jsonb, bytea.
  for (const [what, n] of needles) for (const at of where(d, n, { textualOnly: true })) leaks.push(`${what} in ${at}`);
  // Then every other column as Postgres prints it (an inet, an array, an enum…).
  for (const [what, n] of needles) for (const at of where(d, n)) if (!leaks.includes(`${what} in ${at}`)) leaks.push(`${what} in ${at}`);
  // Encoded, not encrypted: base64 of the text at every alignment, the IP as one integer.
  for (const [what, s] of needles) {
    for (const b64 of base64Forms(s).filter((x) => x.length >= 8)) for (const at of where(d, b64)) leaks.push(`${what} (base64 "${b64}") in ${at}`);
  }
  const ipInt = String(IP.split(".").reduce((a, o) => a * 256 + Number(o), 0));
  for (const at of where(d, ipInt)) leaks.push(`IP address as an integer in ${at}`);
  // Hashed without a key is not pseudonymous: an IP or an address is found again by trying them all.
  for (const [what, s] of [["email", EMAIL], ["IP address", IP]] as const) {
    for (const [alg, h] of [["sha256", sha256(s)], ["md5", md5(s)]] as const) for (const at of where(d, h)) leaks.push(`${what} (unkeyed ${alg}) in ${at}`);
  }
  return leaks;
}

describe(`nothing personal at rest (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("the needles are nowhere before the signer arrives", async () => {
    const before = await dump();
    for (const n of [EMAIL, LOCAL_PART, NAME, NAME_BURMESE, NAME_LATIN, IP]) expect(where(before, n), n).toEqual([]);
  });

  it("a signer in Yangon signs, confirms, writes to the officials and confirms the letter; every mail goes out", async () => {
    // Signs (name shown publicly, updates wanted: the most that is ever kept about a signer).
    const signed = await campaignRoute.action({
      request: request(`/${LANG}/campaigns/${SLUG}?source=partner-7351`, {
        method: "POST",
        form: [
          ["name", NAME],
          ["email", EMAIL_TYPED],
          ["country", "MM"],
          ["consent_updates", "on"],
          ["show_name", "on"],
          ["source", "partner-7351"],
        ],
      }),
      params: { lang: LANG, slug: SLUG },
      context,
    });
    expect(statusOf(signed)).toBe(303);
    expect(location(signed)).toBe(`/${LANG}/campaigns/${SLUG}/signed`);

    await drain();
    expect(smtp.messages.map((m) => (m.to as { text: string }).text.toLowerCase())).toEqual([EMAIL]);
    const signToken = smtp.messages[0].text!.match(new RegExp(`/${LANG}/confirm/([A-Za-z0-9_-]{43})`))![1];

    // Follows the link in the mail and presses its button.
    const confirmed = await confirmRoute.action({ request: request(`/${LANG}/confirm/${signToken}`, { method: "POST", form: [] }), params: { lang: LANG, token: signToken }, context });
    expect(statusOf(confirmed)).toBe(303);
    expect(location(confirmed)).toBe(`/${LANG}/campaigns/${SLUG}/thanks`);

    // Writes to the officials from another browser (no proof cookie): the letter needs its own confirmation.
    const targets = (await offeredTargets(t.db, SLUG, "MM")).slice(0, 2);
    expect(targets.length).toBeGreaterThan(0);
    const body = `I write from Yangon. My address is ${EMAIL} and I connect from ${IP}.\n\n${NAME}`;
    const written = await composerRoute.action({
      request: request(`/${LANG}/campaigns/${SLUG}/write`, {
        method: "POST",
        form: [
          ...targets.map((x): [string, string] => ["target", x.publicId]),
          ["subject", `A letter from ${NAME}`],
          ["body", body],
          ["name", NAME],
          ["email", EMAIL_TYPED],
          ["country", "MM"],
          ["area", `Yangon ${NAME_LATIN}`],
        ],
      }),
      params: { lang: LANG, slug: SLUG },
      context,
    });
    expect(statusOf(written)).toBe(303);
    expect(location(written)).toBe(`/${LANG}/campaigns/${SLUG}/write/sent`);

    smtp.messages.length = 0;
    await drain();
    expect(smtp.messages.map((m) => (m.to as { text: string }).text.toLowerCase())).toEqual([EMAIL]);
    const letterToken = smtp.messages[0].text!.match(/\/messages\/confirm\/([A-Za-z0-9_-]{43})/)![1];
    const letterConfirmed = await confirmLetterRoute.action({
      request: request(`/${LANG}/messages/confirm/${letterToken}`, { method: "POST", form: [] }),
      params: { lang: LANG, token: letterToken },
      context,
    });
    expect(statusOf(letterConfirmed)).toBe(303);

    smtp.messages.length = 0;
    await drain();
    // One letter per official, each carrying the supporter as Reply-To: the plaintext only ever left in mail.
    expect(smtp.messages).toHaveLength(targets.length);
    for (const m of smtp.messages) {
      expect(m.replyTo?.value[0].address?.toLowerCase()).toBe(EMAIL);
      expect(m.replyTo?.value[0].name).toBe(NAME);
      expect(m.text).toContain(body);
    }
    expect(await t.db.selectFrom("outbox").select("id").where("status", "not in", ["sent"]).execute()).toEqual([]);

    snapshot = await dump();
  });

  it("the signature and the letter are stored — in forms that do not read back", async () => {
    const d = snapshot!;
    expect(d, "the flow above ran").toBeDefined();
    const c = (await findPublicCampaign(t.db, SLUG, "en"))!;
    const sig = await t.db
      .selectFrom("signatures")
      .select(["email_hmac", "email_enc", "name_enc", "status", "show_name", "country"])
      .where("campaign_id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(sig.status).toBe("confirmed");
    expect(sig.email_hmac).not.toBeNull();
    expect(sig.email_enc).not.toBeNull();
    expect(sig.name_enc).not.toBeNull();
    expect(Buffer.from(sig.email_hmac)).toEqual(Buffer.from(crypto.emailHmac(EMAIL)));
    expect(crypto.decrypt(sig.name_enc)).toBe(NAME);
    expect((await t.db.selectFrom("messages").select("id").where("campaign_id", "=", c.id).execute()).length).toBe(1);

    // Positive controls: the scan finds what is known to be stored, so an empty answer below means something.
    expect(where(d, SLUG)).toContain("campaigns.slug");
    expect(where(d, SLUG.toUpperCase()), "matching is case-insensitive").toContain("campaigns.slug");
    const myTitle = (await findPublicCampaign(t.db, SLUG, "my"))!.content.title;
    expect(myTitle).toMatch(/[\u1000-\u109f]/);
    expect(where(d, myTitle), "Burmese text is matched").toContain("campaign_translations.title");
    expect(where(d, Buffer.from(crypto.emailHmac(EMAIL))), "bytes are matched inside bytea").toContain("signatures.email_hmac");
    expect(where(d, "partner-7351")).toContain("signatures.source");
  });

  it("no column of any table holds the email, its local part, the name or the IP address, in any readable form", async () => {
    const d = snapshot!;
    expect(d, "the flow above ran").toBeDefined();
    expect(leaksIn(d)).toEqual([]);
  });

  it("a failed organiser login from the signer's address keeps only the keyed client hash", async () => {
    const form = await loginForm(context);
    const post = request("/login", { method: "POST", form: [["email", EMAIL_TYPED], ["password", `${NAME} ${IP}`], ["next", "/dashboard"], ["csrf", form.csrf]] });
    post.headers.set("Cookie", form.cookie);
    const login = await loginRoute.action({ request: post, params: {}, context });
    expect(statusOf(login)).toBe(400);
    const d = await dump();
    // Positive control: the throttle did record this client, under the HMAC serve.ts derives from the address.
    expect(where(d, clientKey), "the request from the client's address reached the database").not.toEqual([]);
    expect(leaksIn(d)).toEqual([]);
  });
});
