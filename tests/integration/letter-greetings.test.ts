import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCrypto } from "../../app/lib/crypto.server";
import { createMailer } from "../../app/lib/mail-transport.server";
import { OutboxWorker } from "../../app/outbox/worker.server";
import { checkTargetCsv } from "../../app/services/target-import.server";
import { confirmMessage } from "../../app/models/message.server";
import { createTargetList, importTargets } from "../../app/models/target.server";
import * as composer from "../../app/routes/$lang.campaigns.$slug_.write";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testContext } from "../helpers/context";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { offeredTargets, writeLetter } from "../helpers/letters";

const crypto = createCrypto("greetings-secret-of-at-least-32-characters");
let t: TestDatabase;
let smtp: TestSmtp;
let context: AppLoadContext;

beforeAll(async () => {
  t = await createTestDatabase({ seed: true });
  smtp = await startTestSmtp();
  context = testContext(t.db, crypto);
});
afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});
beforeEach(() => {
  smtp.messages.length = 0;
});

async function drain() {
  const w = new OutboxWorker({
    db: t.db,
    crypto,
    mailer: createMailer({ smtpUrl: smtp.url, mailFrom: "Padauk <no-reply@padauk.test>", dataDir: "/x" }),
    publicUrl: "http://padauk.test",
  });
  while ((await w.runOnce()) > 0);
}

const BODY = "Please act on Myanmar.";
const SUPPORTER = "A supporter in Bangkok";
let n = 0;

/** Writes one confirmed letter (supporter in Bangkok, Thailand) on the `locale` page to one official; returns the mail the official got. */
async function sent(slug: string, targetId: number, locale: string) {
  const { publicId } = await writeLetter(t.db, crypto, {
    slug,
    email: `greetings-${++n}@example.org`,
    targetIds: [targetId],
    locale,
    verified: true,
    body: BODY,
  });
  await drain();
  expect(smtp.messages).toHaveLength(1);
  return Object.assign(smtp.messages[0], { publicId });
}

/** The whole letter as an official should receive it. */
const letter = (p: { name: string; title: string; greeting: string; signOff: string; place: string; footer: string }) =>
  [p.name, p.title, "", p.greeting, "", BODY, "", p.signOff, SUPPORTER, p.place, "", "-- ", p.footer, ""].join("\n");

const enFooter = (title: string, url: string) =>
  `${SUPPORTER} wrote this letter and sent it through Padauk for the campaign “${title}” (${url}). Reply to this email to answer ${SUPPORTER} directly.`;
const frFooter = (title: string, url: string) =>
  `${SUPPORTER} a rédigé cette lettre et vous l’a adressée par l’intermédiaire de Padauk, dans le cadre de la campagne «\u00a0${title}\u00a0» (${url}). Vous pouvez répondre directement à ${SUPPORTER} en répondant à cet e-mail.`;

const ARMS_EN = "Cut off the junta’s weapons and fuel: impose a UN arms embargo on Myanmar";
const ARMS_FR = "Imposez un embargo sur les armes et le carburant d’aviation au Myanmar";
const ICC_EN = "Refer Myanmar to the International Criminal Court";
const PRISONERS_EN = "Free Myanmar’s political prisoners and protect those at risk";
const UK_MISSION = [
  "Permanent Representative of the United Kingdom",
  "Permanent member of the UN Security Council, Permanent Mission of the United Kingdom to the United Nations",
];
const FR_MISSION = ["Permanent Representative of France", "Permanent member of the UN Security Council, Permanent Mission of France to the United Nations"];

async function mission(slug: string, name: string) {
  const x = (await offeredTargets(t.db, slug)).find((m) => m.name === name);
  if (!x) throw new Error(`no ${name} on ${slug}`);
  return x;
}

describe(`greetings, sign-offs and footers of letters to officials (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("an English letter to a seeded ministry greets the minister, not “The Minister for Foreign Affairs”", async () => {
    const [sg] = await offeredTargets(t.db, "free-political-prisoners", "SG");
    expect(sg.name).toBe("The Minister for Foreign Affairs");
    const m = await sent("free-political-prisoners", sg.id, "en");
    expect(m.text).toBe(
      letter({
        name: "The Minister for Foreign Affairs",
        title: "Minister for Foreign Affairs, Ministry of Foreign Affairs, Singapore",
        greeting: "Dear Minister,",
        signOff: "Yours sincerely,",
        place: "Bangkok, Thailand",
        footer: enFooter(PRISONERS_EN, "http://padauk.test/en/campaigns/free-political-prisoners"),
      }),
    );
  });

  it("an English letter to a UN mission greets “Your Excellency”", async () => {
    const m = await sent("arms-embargo", (await mission("arms-embargo", UK_MISSION[0])).id, "en");
    expect(m.headers.get("content-language")).toBe("en");
    expect(m.text).toBe(
      letter({
        name: UK_MISSION[0],
        title: UK_MISSION[1],
        greeting: "Your Excellency,",
        signOff: "Yours sincerely,",
        place: "Bangkok, Thailand",
        footer: enFooter(ARMS_EN, "http://padauk.test/en/campaigns/arms-embargo"),
      }),
    );
  });

  it("a Burmese letter to a UN mission greets the ambassador in Burmese and names the country in Burmese; the footer stays in the mission's English", async () => {
    const m = await sent("arms-embargo", (await mission("arms-embargo", UK_MISSION[0])).id, "my");
    expect(m.headers.get("content-language")).toBe("my");
    expect(m.text).toBe(
      letter({
        name: UK_MISSION[0],
        title: UK_MISSION[1],
        greeting: "လေးစားအပ်ပါသော သံအမတ်ကြီး၊",
        signOff: "လေးစားစွာဖြင့်",
        place: "Bangkok, ထိုင်း",
        footer: enFooter(ARMS_EN, "http://padauk.test/en/campaigns/arms-embargo"),
      }),
    );
  });

  it("a French letter to the French mission is French throughout, the campaign named by its French title", async () => {
    const m = await sent("arms-embargo", (await mission("arms-embargo", FR_MISSION[0])).id, "fr");
    expect(m.text).toBe(
      letter({
        name: FR_MISSION[0],
        title: FR_MISSION[1],
        greeting: "Excellence,",
        signOff: "Je vous prie d’agréer, Excellence, l’assurance de ma très haute considération.",
        place: "Bangkok, Thaïlande",
        footer: frFooter(ARMS_FR, "http://padauk.test/fr/campaigns/arms-embargo"),
      }),
    );
  });

  it("an English letter to the French mission: English greeting, French footer with the French title", async () => {
    const m = await sent("arms-embargo", (await mission("arms-embargo", FR_MISSION[0])).id, "en");
    expect(m.text).toBe(
      letter({
        name: FR_MISSION[0],
        title: FR_MISSION[1],
        greeting: "Your Excellency,",
        signOff: "Yours sincerely,",
        place: "Bangkok, Thailand",
        footer: frFooter(ARMS_FR, "http://padauk.test/fr/campaigns/arms-embargo"),
      }),
    );
  });

  it("a letter written on the Thai page of a campaign without Thai text is in the default language the composer showed", async () => {
    // icc-referral has no Thai translation: the Thai page's composer is prefilled in English.
    const m = await sent("icc-referral", (await mission("icc-referral", UK_MISSION[0])).id, "th");
    expect(await t.db.selectFrom("messages").select(["locale", "letter_locale"]).where("public_id", "=", m.publicId).executeTakeFirstOrThrow()).toEqual({
      locale: "th",
      letter_locale: "en",
    });
    expect(m.headers.get("content-language")).toBe("en");
    expect(m.text).toBe(
      letter({
        name: UK_MISSION[0],
        title: UK_MISSION[1],
        greeting: "Your Excellency,",
        signOff: "Yours sincerely,",
        place: "Bangkok, Thailand",
        footer: enFooter(ICC_EN, "http://padauk.test/en/campaigns/icc-referral"),
      }),
    );
  });

  it("the composer on the Thai page stores the template's language and previews the greeting in it", async () => {
    const uk = await mission("icc-referral", UK_MISSION[0]);
    const load = async (lang: string) =>
      (await composer.loader({
        request: new Request(`http://padauk.test/${lang}/campaigns/icc-referral/write`),
        params: { lang, slug: "icc-referral" },
        context,
      })) as { greeting: string };
    expect((await load("th")).greeting).toBe("Your Excellency,");
    expect((await load("my")).greeting).toBe("လေးစားအပ်ပါသော သံအမတ်ကြီး၊");

    const body = new URLSearchParams([
      ["target", uk.publicId],
      ["subject", "ICC"],
      ["body", BODY],
      ["name", SUPPORTER],
      ["email", "thai-page@example.org"],
      ["country", "TH"],
      ["area", "Bangkok"],
    ]);
    const request = new Request("http://padauk.test/th/campaigns/icc-referral/write", { method: "POST", body });
    const r = await composer.action({ request, params: { lang: "th", slug: "icc-referral" }, context });
    expect(r instanceof Response && r.status).toBe(303);
    await drain();
    expect(smtp.messages.map((x) => (x.to as { text: string }).text)).toEqual(["thai-page@example.org"]);
    const token = smtp.messages[0].text!.match(/\/messages\/confirm\/([A-Za-z0-9_-]{43})/)![1];
    smtp.messages.length = 0;
    expect((await confirmMessage(t.db, crypto, token, "padauk.test")).status).toBe("confirmed");
    await drain();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].text!.split("\n").slice(3, 4)).toEqual(["Your Excellency,"]);
    expect(smtp.messages[0].text!.split("\n").slice(7, 10)).toEqual(["Yours sincerely,", SUPPORTER, "Bangkok, Thailand"]);
  });

  it("a letter from before the letter's language was stored uses its page's language; one in a language Padauk does not speak, English", async () => {
    const uk = await mission("icc-referral", UK_MISSION[0]);
    const created = await writeLetter(t.db, crypto, { slug: "icc-referral", email: "old-row@example.org", targetIds: [uk.id], locale: "th", body: BODY });
    await t.db.updateTable("messages").set({ letter_locale: null }).where("public_id", "=", created.publicId).execute();
    const created2 = await writeLetter(t.db, crypto, { slug: "arms-embargo", email: "german@example.org", targetIds: [uk.id], locale: "en", body: BODY });
    await t.db.updateTable("messages").set({ letter_locale: "de" }).where("public_id", "=", created2.publicId).execute();
    await drain();
    const tokens = smtp.messages.map((x) => [(x.to as { text: string }).text, x.text!.match(/\/messages\/confirm\/([A-Za-z0-9_-]{43})/)![1]]);
    expect(tokens.map(([to]) => to).sort()).toEqual(["german@example.org", "old-row@example.org"]);
    smtp.messages.length = 0;
    for (const [, token] of tokens) expect((await confirmMessage(t.db, crypto, token, "padauk.test")).status).toBe("confirmed");
    await drain();
    const byIcc = (icc: boolean) => smtp.messages.filter((x) => x.text!.includes("/campaigns/icc-referral") === icc);
    expect(smtp.messages).toHaveLength(2);
    expect(byIcc(true).map((x) => x.text!.split("\n").slice(3, 10))).toEqual([
      ["เรียน ท่านเอกอัครราชทูต", "", BODY, "", "ขอแสดงความนับถือ", SUPPORTER, "Bangkok, ไทย"],
    ]);
    expect(byIcc(false).map((x) => x.text!.split("\n").slice(3, 10))).toEqual([
      ["Your Excellency,", "", BODY, "", "Yours sincerely,", SUPPORTER, "Bangkok, Thailand"],
    ]);
  });

  it("greets by name, or “Sir or Madam” when the name is only a role, or as the organiser's salutation column says, in the letter's language", async () => {
    const csv = [
      "name,role,organisation,country,area,language,email,salutation",
      "Member for Testshire,Member of Parliament,Parliament of Testland,GB,Testshire,en,member-testshire@example.org,",
      "The Clerk of the Testshire Committee,Clerk,Testshire Committee,GB,,en,clerk-testshire@example.org,",
      "Foreign Affairs Office of Testland,Director-General,Foreign Affairs Office of Testland,GB,,en,office-testland@example.org,Minister",
    ].join("\n");
    const { rows, problems } = checkTargetCsv(csv);
    expect(problems).toEqual([]);
    const list = await createTargetList(t.db, { slug: "testshire", name: "Testshire", mode: "fixed" });
    expect(await importTargets(t.db, list.id, rows)).toBe(3);
    const ids = new Map((await t.db.selectFrom("targets").select(["id", "email"]).where("list_id", "=", list.id).execute()).map((r) => [r.email, r.id]));
    const lines = async (email: string, locale: string) => (await sent("icc-referral", ids.get(email)!, locale)).text!.split("\n").slice(0, 10);
    const tail = (signOff: string, place = "Bangkok, Thailand") => ["", BODY, "", signOff, SUPPORTER, place];

    expect(await lines("member-testshire@example.org", "en")).toEqual([
      "Member for Testshire",
      "Member of Parliament, Parliament of Testland",
      "",
      "Dear Member for Testshire,",
      ...tail("Yours sincerely,"),
    ]);
    smtp.messages.length = 0;
    expect(await lines("clerk-testshire@example.org", "en")).toEqual([
      "The Clerk of the Testshire Committee",
      "Clerk, Testshire Committee",
      "",
      "Dear Sir or Madam,",
      ...tail("Yours faithfully,"),
    ]);
    smtp.messages.length = 0;
    expect(await lines("clerk-testshire@example.org", "my")).toEqual([
      "The Clerk of the Testshire Committee",
      "Clerk, Testshire Committee",
      "",
      "လေးစားအပ်ပါသော လူကြီးမင်း၊",
      ...tail("လေးစားစွာဖြင့်", "Bangkok, ထိုင်း"),
    ]);
    smtp.messages.length = 0;
    expect(await lines("office-testland@example.org", "es")).toEqual([
      "Foreign Affairs Office of Testland",
      "Director-General, Foreign Affairs Office of Testland",
      "",
      "Señora ministra, señor ministro:",
      ...tail("Reciba un respetuoso saludo.", "Bangkok, Tailandia"),
    ]);
  });
});
