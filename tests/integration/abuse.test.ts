import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";
import { send, type Answer } from "../helpers/http";

/**
 * Throttling through the real server, from real distinct client addresses: on Linux the whole
 * of 127.0.0.0/8 is this machine, so a socket bound to 127.0.0.2 is another client to the server.
 */
const signForm = (email: string, name = "A signer in Yangon") => ({ name, email, country: "MM" });
const mailTo = (server: RunningServer, address: string) => {
  const dir = path.join(server.dataDir, "mail");
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
  } catch {
    return [];
  }
  return files.map((f) => readFileSync(path.join(dir, f), "utf8")).filter((m) => new RegExp(`^To: ${address}`, "mi").test(m));
};

async function eventually<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`abuse is throttled without tracking (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("a flood from one client is throttled, a spoofed X-Forwarded-For does not escape, other clients sign normally", async () => {
    const base = server.baseUrl;
    const statuses: number[] = [];
    let throttled: Answer | undefined;
    for (let i = 0; i < 26; i++) {
      // Each request claims to come from somewhere else: without TRUST_PROXY nobody listens.
      const r = await send(base, "POST", "/en/campaigns/arms-embargo", {
        form: signForm(`flood-${i}@example.org`, `Flood signer ${i}`),
        headers: { "X-Forwarded-For": `198.51.100.${i + 1}` },
      });
      statuses.push(r.status);
      if (r.status === 429 && !throttled) throttled = r;
      // Another client, in the middle of the flood, is not affected.
      if (i === 22) {
        const other = await send(base, "POST", "/en/campaigns/arms-embargo", { form: signForm("neighbour@example.org"), from: "127.0.0.2" });
        expect(other.status).toBe(303);
      }
    }
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // The 429 page says when to come back, in the visitor's language, and keeps what they typed.
    const retryAfter = Number(throttled!.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    // The whole sentence, with the minutes the Retry-After header gives and their plural form.
    const minutes = Math.ceil(retryAfter / 60);
    const en = JSON.parse(readFileSync(path.resolve("locales/en/common.json"), "utf8")).errors;
    const sentence = (en[`throttled_${new Intl.PluralRules("en").select(minutes)}`] as string).replace("{{count}}", String(minutes));
    expect(throttled!.body).toContain(`<p class="form-error" role="alert">${sentence}</p>`);
    expect(throttled!.body).toContain('value="Flood signer 20"');
    expect(throttled!.body).toContain('value="flood-20@example.org"');
    // The same client may still sign another campaign: limits are per campaign.
    const elsewhere = await send(base, "POST", "/en/campaigns/icc-referral", { form: signForm("flood-elsewhere@example.org") });
    expect(elsewhere.status).toBe(303);
    // And in Burmese, the same refusal in Burmese.
    const my = await send(base, "POST", "/my/campaigns/arms-embargo", { form: signForm("flood-my@example.org") });
    expect(my.status).toBe(429);
    expect(my.body).toMatch(/[\u1000-\u109f]/);
    expect(my.body).not.toContain("Too many requests");
  });

  it("sends at most 3 confirmation mails an hour to one address, whoever asks", async () => {
    const victim = "inbox-owner@example.org";
    for (const [i, from] of ["127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7"].entries()) {
      const slug = ["arms-embargo", "icc-referral", "asean-engage-nug", "free-political-prisoners", "arms-embargo"][i];
      const r = await send(server.baseUrl, "POST", `/en/campaigns/${slug}`, { form: signForm(victim), from });
      // The page is the same whether or not a mail went: it tells nothing about the address.
      expect(r.status).toBe(303);
      expect(r.headers.location).toBe(`/en/campaigns/${slug}/signed`);
    }
    const mails = await eventually(
      () => mailTo(server, victim),
      (m) => m.length >= 3,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailTo(server, victim)).toHaveLength(3);
    expect(mails.length).toBe(3);
  });

  it("refuses throwaway-address domains with a message beside the field", async () => {
    const r = await send(server.baseUrl, "POST", "/en/campaigns/icc-referral", { form: signForm("someone@mailinator.com"), from: "127.0.0.8" });
    expect(r.status).toBe(400);
    expect(r.body).toContain("Addresses at this domain cannot be used here");
    expect(r.body).toContain('value="someone@mailinator.com"');
    const sub = await send(server.baseUrl, "POST", "/en/campaigns/icc-referral", { form: signForm("someone@eu.mailinator.com"), from: "127.0.0.8" });
    expect(sub.status).toBe(400);
  });
});

describe("behind a proxy, TRUST_PROXY decides who the client is", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { TRUST_PROXY: "1" } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("with TRUST_PROXY=1 each forwarded address is its own client, and a proxied request is never local", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await send(server.baseUrl, "POST", "/en/campaigns/arms-embargo", {
        form: signForm(`proxied-${i}@example.org`),
        headers: { "X-Forwarded-For": `203.0.113.${i + 1}` },
      });
      statuses.push(r.status);
    }
    expect(statuses.every((s) => s === 303)).toBe(true);
    // One forwarded address flooding is throttled like any client.
    const one: number[] = [];
    for (let i = 0; i < 22; i++) {
      const r = await send(server.baseUrl, "POST", "/en/campaigns/icc-referral", {
        form: signForm(`same-${i}@example.org`),
        headers: { "X-Forwarded-For": "203.0.113.200" },
      });
      one.push(r.status);
    }
    expect(one.filter((s) => s === 429)).toHaveLength(2);
    // Captured mail is shown only to this machine, and a forwarded request is not this machine.
    expect((await send(server.baseUrl, "GET", "/dev/mail")).status).toBe(200);
    expect((await send(server.baseUrl, "GET", "/dev/mail", { headers: { "X-Forwarded-For": "127.0.0.1" } })).status).toBe(404);
  });
});

describe("RATE_LIMIT=off and ONION_URL", () => {
  let server: RunningServer;
  const onion = "http://padaukexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxx.onion";
  beforeAll(async () => {
    server = await startServer({ env: { RATE_LIMIT: "off", ONION_URL: onion } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("says loudly at start-up that throttles are off, lifts them, and announces the onion address", async () => {
    await eventually(
      () => server.output(),
      (o) => o.includes("RATE_LIMIT=off"),
    );
    expect(server.output()).toMatch(/WARNING: RATE_LIMIT=off .*load tests only/);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await send(server.baseUrl, "POST", "/en/campaigns/arms-embargo", { form: signForm(`unthrottled-${i}@example.org`) })).status);
    expect(statuses.every((s) => s === 303)).toBe(true);
    const page = await send(server.baseUrl, "GET", "/en/campaigns/arms-embargo?x=1");
    expect(page.headers["onion-location"]).toBe(`${onion}/en/campaigns/arms-embargo?x=1`);
  });
});
