import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCrypto, hashToken } from "../../app/lib/crypto.server";
import { findPublicCampaign } from "../../app/models/campaign.server";
import { createPartner } from "../../app/models/partner.server";
import { startServer, type RunningServer } from "../helpers/server";
import { readServerDatabase } from "../helpers/server-database";
import { send, type Answer } from "../helpers/http";
import { eventually } from "../helpers/eventually";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { dump, leaksOf, where, type Dump } from "../helpers/personal-data-scan";

/**
 * The privacy rules (docs/signer-safety.md): no plaintext email or name at rest, no raw IP address next to a signature. A signer
 * with a distinctive address and name goes through every public flow against the real production
 * server (sign, confirm, write to officials, confirm the letter, every mail sent), reaching it
 * through a proxy that forwards her IP address (TRUST_PROXY=1), and then fails an organiser login
 * from a machine connecting directly. The server derives whatever it keeps from those addresses
 * itself. She came by a partner's link and let that partner email her: the partner's API token and
 * webhook secret, a paper batch it recorded and a webhook event carrying her address are in the
 * database too. Then every column of every table of that server's database is searched for the
 * address, the name, the IP addresses, the token and the secret, in every readable form
 * (tests/helpers/personal-data-scan.ts).
 */

const EMAIL = "yangon.signer.7351@example.org";
// As typed (mail still goes to the local part as typed; the scan below is case-insensitive).
const EMAIL_TYPED = "Yangon.Signer.7351@Example.org";
const LOCAL_PART = EMAIL.split("@")[0];
const NAME = "ဒေါ်သီတာ Tester7351";
const NAME_BURMESE = "ဒေါ်သီတာ";
const NAME_LATIN = "Tester7351";
/** The signer's own address, as the proxy in front of Padauk forwards it (X-Forwarded-For). */
const IP = "203.0.113.77";
/** The proxy's address: the socket peer of every request it forwards. */
const PROXY_IP = "127.0.0.57";
/** A client reaching the server directly, with no proxy: its socket address is all the server sees. */
const DIRECT_IP = "127.0.0.58";
const SLUG = "arms-embargo";
const PARTNER_NAME = "A partner in Bangkok 7351";
const PARTNER_SLUG = "bangkok-7351";
const LANG = "my";
// Known to the test so it can decrypt what it finds (positive controls) and derive the keyed client hash.
const SECRET = "at-rest-secret-of-at-least-32-characters-7351";
const crypto = createCrypto(SECRET);

let smtp: TestSmtp;
let server: RunningServer;
/** The partner's API token and webhook secret: shown once when it was created, never to be found at rest. */
let apiToken = "";
let webhookSecret = "";
let dataDir: string;

/** What app/cli/serve.ts keys a client's throttles on: an HMAC of the address with the secret and the day. */
const clientKeyOf = (ip: string) =>
  createHmac("sha256", SECRET)
    .update(`client:${new Date().toISOString().slice(0, 10)}:${ip}`)
    .digest("base64url")
    .slice(0, 22);

const start = () => startServer({ dataDir, env: { SMTP_URL: smtp.url, TRUST_PROXY: "1", APP_SECRET: SECRET } });

beforeAll(async () => {
  smtp = await startTestSmtp();
  dataDir = mkdtempSync(path.join(tmpdir(), "padauk-at-rest-"));
  server = await start();
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Through the proxy: the signer's address rides along in the usual headers, and in the User-Agent for good measure. */
const viaProxy = (method: string, pathname: string, form?: Record<string, string> | [string, string][], cookie?: string): Promise<Answer> =>
  send(server.baseUrl, method, pathname, {
    form,
    from: PROXY_IP,
    headers: { "X-Forwarded-For": IP, "X-Real-IP": IP, "User-Agent": `Mozilla/5.0 (${IP})`, ...(cookie ? { Cookie: cookie } : {}) },
  });

const mailsTo = (address: string) => smtp.messages.filter((m) => (m.to as { text: string } | undefined)?.text.toLowerCase() === address);

/** After the server's embedded database was read (tests/helpers/server-database.ts): the server again, on the same data. */
const restart = async () => {
  server = await start();
};

const IPS: [string, string][] = [
  ["IP address", IP],
  ["proxy's IP address", PROXY_IP],
  ["direct client's IP address", DIRECT_IP],
];

/** Every place the signer's email, name or an IP address is readable, as "what in table.column". */
const leaksIn = (d: Dump): string[] =>
  leaksOf(d, {
    texts: [
      ["email", EMAIL],
      ["email's local part", LOCAL_PART],
      ["name", NAME],
      ["name (Burmese part)", NAME_BURMESE],
      ["name (Latin part)", NAME_LATIN],
      ["partner's API token", apiToken],
      ["partner's API token (without its prefix)", apiToken.slice(4)],
      ["partner's webhook secret", webhookSecret],
    ],
    ips: IPS,
    // The token is kept as its unkeyed SHA-256 on purpose (a 256-bit random value cannot be found
    // again by trying): the positive control below finds it in api_tokens.token_hash only.
    hashed: [["email", EMAIL], ...IPS],
  });

let snapshot: Dump | undefined;
let stored:
  | {
      signature: {
        email_hmac: Uint8Array;
        name_enc: Uint8Array;
        status: string;
        source: string | null;
        partner_id: number | null;
        consent_partner: boolean;
      }[];
      partnerId: number;
      webhookEvents: { id: string; type: string; body_enc: Uint8Array | null }[];
      letters: number;
      outboxNotSent: number;
      burmeseTitle: string;
    }
  | undefined;

describe(`nothing personal at rest, on the real server's database (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("the needles are nowhere before the signer arrives", async () => {
    const before = await readServerDatabase(server, dump, { restart });
    expect(before.length, "the scan read the server's tables").toBeGreaterThan(50);
    for (const n of [EMAIL, LOCAL_PART, NAME, NAME_BURMESE, NAME_LATIN, IP, PROXY_IP, DIRECT_IP]) expect(where(before, n), n).toEqual([]);
    expect(where(before, clientKeyOf(IP))).toEqual([]);
  }, 90_000);

  it("a signer in Yangon, behind a proxy, signs by a partner's link, confirms, writes to the officials from another browser and confirms the letter; then a failed organiser login comes from a direct client", async () => {
    // A partner in Bangkok joins the campaign, with a webhook (so a secret) and a paper batch it collected.
    const created = await readServerDatabase(
      server,
      async (db) => {
        const c = (await findPublicCampaign(db, SLUG, "en"))!;
        const p = await createPartner(db, crypto, {
          campaignId: c.id,
          slug: PARTNER_SLUG,
          name: PARTNER_NAME,
          website: "https://partner.example",
          listed: true,
          origins: ["https://partner.example"],
          webhookUrl: "https://partner.example/padauk-hook",
        });
        await db
          .insertInto("paper_batches")
          .values({
            campaign_id: c.id,
            partner_id: p.partner.id,
            country: "TH",
            count: 40,
            collected_on: "2026-12-01",
            place: "Mae Sot",
            attested_by: "A group in Mae Sot",
          })
          .execute();
        return p;
      },
      { restart },
    );
    apiToken = created.token;
    webhookSecret = created.webhookSecret!;
    expect(apiToken).toMatch(/^pdk_[A-Za-z0-9_-]{43}$/);
    expect(webhookSecret).toMatch(/^whsec_/);

    // Signs by the partner's link (name shown publicly, updates and the partner's own mail wanted:
    // the most that is ever kept about a signer).
    const signed = await viaProxy("POST", `/${LANG}/campaigns/${SLUG}?source=partner-7351&partner=${PARTNER_SLUG}`, [
      ["name", NAME],
      ["email", EMAIL_TYPED],
      ["country", "MM"],
      ["consent_updates", "on"],
      ["show_name", "on"],
      ["source", "partner-7351"],
      ["partner", PARTNER_SLUG],
      ["consent_partner", "on"],
    ]);
    expect(signed.status).toBe(303);
    expect(signed.headers.location).toBe(`/${LANG}/campaigns/${SLUG}/signed`);

    // The server's own worker sends the confirmation mail; she follows its link and presses the button.
    const [confirmMail] = await eventually(
      () => mailsTo(EMAIL),
      (m) => m.length === 1,
      "the confirmation mail",
    );
    const signToken = confirmMail.text!.match(new RegExp(`/${LANG}/confirm/([A-Za-z0-9_-]{43})`))![1];
    expect((await viaProxy("GET", `/${LANG}/confirm/${signToken}`)).status).toBe(200);
    const confirmed = await viaProxy("POST", `/${LANG}/confirm/${signToken}`, {});
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe(`/${LANG}/campaigns/${SLUG}/thanks`);

    // Writes to two of the officials the composer offers, from another browser (no proof cookie):
    // the letter needs its own confirmation.
    const composer = await viaProxy("GET", `/${LANG}/campaigns/${SLUG}/write`);
    expect(composer.status).toBe(200);
    const offered = [...composer.body.matchAll(/name="target"[^>]* value="([A-Za-z0-9_-]+)"/g)].map((m) => m[1]);
    expect(offered).toHaveLength(15);
    const body = `I write from Yangon. My address is ${EMAIL} and I connect from ${IP}.\n\n${NAME}`;
    const written = await viaProxy("POST", `/${LANG}/campaigns/${SLUG}/write`, [
      ...offered.slice(0, 2).map((id): [string, string] => ["target", id]),
      ["subject", `A letter from ${NAME}`],
      ["body", body],
      ["name", NAME],
      ["email", EMAIL_TYPED],
      ["country", "MM"],
      ["area", `Yangon ${NAME_LATIN}`],
    ]);
    expect(written.status).toBe(303);
    expect(written.headers.location).toBe(`/${LANG}/campaigns/${SLUG}/write/sent`);

    const [, letterMail] = await eventually(
      () => mailsTo(EMAIL),
      (m) => m.length === 2,
      "the letter's confirmation mail",
    );
    const letterToken = letterMail.text!.match(/\/messages\/confirm\/([A-Za-z0-9_-]{43})/)![1];
    const letterConfirmed = await viaProxy("POST", `/${LANG}/messages/confirm/${letterToken}`, {});
    expect(letterConfirmed.status).toBe(303);
    expect(letterConfirmed.headers.location).toMatch(new RegExp(`^/${LANG}/messages/[A-Za-z0-9_-]{22}$`));

    // One letter per official, each carrying the supporter as Reply-To: the plaintext only ever left in mail.
    const letters = await eventually(
      () => smtp.messages.filter((m) => m.replyTo?.value[0]?.address?.toLowerCase() === EMAIL),
      (m) => m.length === 2,
      "the two letters",
    );
    for (const m of letters) {
      expect(m.replyTo?.value[0].name).toBe(NAME);
      expect(m.text).toContain(body);
    }

    // Someone connecting directly (no proxy, so no forwarded address) tries her address and name on the organiser login.
    const loginPage = await send(server.baseUrl, "GET", "/login", { from: DIRECT_IP });
    expect(loginPage.status).toBe(200);
    const csrf = loginPage.body.match(/name="csrf" value="([^"]+)"/)![1];
    const cookie = String(loginPage.headers["set-cookie"] ?? "").split(";")[0];
    expect(cookie).toMatch(/=/);
    const login = await send(server.baseUrl, "POST", "/login", {
      from: DIRECT_IP,
      form: { email: EMAIL_TYPED, password: `${NAME} ${IP}`, next: "/dashboard", csrf },
      headers: { Cookie: cookie, "User-Agent": `Mozilla/5.0 (${DIRECT_IP})` },
    });
    expect(login.status).toBe(400);
    // Every mail of the flow, and nothing else: her two confirmations and one letter to each of two officials.
    const recipients = smtp.messages.map((m) => (m.to as { text: string }).text.toLowerCase());
    expect(recipients.filter((r) => r === EMAIL)).toHaveLength(2);
    expect(recipients.filter((r) => r !== EMAIL)).toEqual([
      expect.stringMatching(/^placeholder-unsc-[a-z]{2}@example\.org$/),
      expect.stringMatching(/^placeholder-unsc-[a-z]{2}@example\.org$/),
    ]);
    expect(new Set(recipients).size).toBe(3);

    // Everything the server wrote, as it stands once every mail has gone.
    await readServerDatabase(server, async (db) => {
      // Every mail: the partner's webhook (a host that does not resolve here) keeps its event queued, body encrypted.
      const notSent = async () => (await db.selectFrom("outbox").select("id").where("status", "!=", "sent").where("kind", "!=", "webhook").execute()).length;
      for (const end = Date.now() + 10_000; (await notSent()) > 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
      const c = (await findPublicCampaign(db, SLUG, "en"))!;
      const signature = await db
        .selectFrom("signatures")
        .select(["id", "email_hmac", "name_enc", "status", "source", "partner_id", "consent_partner"])
        .where("campaign_id", "=", c.id)
        .execute();
      stored = {
        signature,
        partnerId: created.partner.id,
        // The event telling the partner of its consenting supporter, as the confirmation queued it.
        webhookEvents: await db.selectFrom("webhook_events").select(["id", "type", "body_enc"]).execute(),
        letters: (await db.selectFrom("messages").select("id").where("campaign_id", "=", c.id).execute()).length,
        outboxNotSent: await notSent(),
        burmeseTitle: (await findPublicCampaign(db, SLUG, "my"))!.content.title,
      };
      snapshot = await dump(db);
    });
  }, 120_000);

  it("the signature and the letter are stored — in forms that do not read back; the scan finds what is known to be there", () => {
    const d = snapshot!;
    expect(d, "the flow above ran").toBeDefined();
    expect(stored!.outboxNotSent).toBe(0);
    expect(stored!.letters).toBe(1);
    expect(stored!.signature).toHaveLength(1);
    const [sig] = stored!.signature;
    expect(sig.status).toBe("confirmed");
    expect(sig.source).toBe("partner-7351");
    expect(Buffer.from(sig.email_hmac)).toEqual(Buffer.from(crypto.emailHmac(EMAIL)));
    expect(crypto.decrypt(sig.name_enc)).toBe(NAME);
    expect(sig.partner_id).toBe(stored!.partnerId);
    expect(sig.consent_partner).toBe(true);
    expect(stored!.webhookEvents.map((e) => e.type)).toEqual(["signature.confirmed"]);
    const body = JSON.parse(crypto.decrypt(stored!.webhookEvents[0].body_enc!));
    expect(body.data.person, "the webhook body holds her address and name, encrypted").toEqual({ email: EMAIL_TYPED, name: NAME });

    // Positive controls: the scan finds what is known to be stored, so an empty answer below means something.
    expect(where(d, SLUG)).toContain("campaigns.slug");
    expect(where(d, SLUG.toUpperCase()), "matching is case-insensitive").toContain("campaigns.slug");
    expect(stored!.burmeseTitle).toMatch(/[\u1000-\u109f]/);
    expect(where(d, stored!.burmeseTitle), "Burmese text is matched").toContain("campaign_translations.title");
    expect(where(d, Buffer.from(crypto.emailHmac(EMAIL))), "bytes are matched inside bytea").toContain("signatures.email_hmac");
    expect(where(d, "partner-7351")).toContain("signatures.source");
    expect(where(d, PARTNER_NAME), "the partner's name is public, in its own row").toEqual(["partners.name"]);
    expect(where(d, "A group in Mae Sot")).toEqual(["paper_batches.attested_by"]);
    expect(where(d, Buffer.from(hashToken(apiToken))), "the token is kept as its hash").toEqual(["api_tokens.token_hash"]);
    expect(where(d, stored!.webhookEvents[0].id)).toContain("webhook_events.id");
  });

  it("no column of any table holds the email, its local part, the name or any of the IP addresses, in any readable form", () => {
    expect(snapshot, "the flow above ran").toBeDefined();
    expect(leaksIn(snapshot!)).toEqual([]);
  });

  it("the throttles kept only keyed hashes, of the address the server itself took for the client: the forwarded one behind the proxy, the socket's without", () => {
    const d = snapshot!;
    expect(d, "the flow above ran").toBeDefined();
    // The signing and the confirmations were throttled under the HMAC of the forwarded address (TRUST_PROXY=1)…
    expect(where(d, `sign.client:`)).toEqual(["rate_limit_buckets.key"]);
    expect(where(d, clientKeyOf(IP)), "the signer's requests reached the throttles under her keyed address").toEqual(["rate_limit_buckets.key"]);
    // …never under the proxy's own address; the direct client's failed login under its socket address.
    expect(where(d, clientKeyOf(PROXY_IP))).toEqual([]);
    expect(where(d, clientKeyOf(DIRECT_IP)), "the failed login reached the throttle under the direct client's keyed address").toEqual([
      "rate_limit_buckets.key",
    ]);
  });

  it("the server's log names none of the IP addresses, the email or the name", () => {
    const log = server.output();
    expect(log, "the server did log (its start-up line at least)").toMatch(/Padauk listening on/);
    for (const s of [IP, PROXY_IP, DIRECT_IP, EMAIL, LOCAL_PART, NAME_BURMESE, NAME_LATIN]) expect(log.toLowerCase(), s).not.toContain(s.toLowerCase());
  });
});
