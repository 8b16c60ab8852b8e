import { describe, expect, it } from "vitest";
import { fixedT } from "../../app/lib/i18n.server";
import { consentHoldersHtml, consentHoldersText, type ConsentHolders } from "../../emails/consent-holders";
import { renderSignatureConfirm } from "../../emails/signature-confirm";

/** The consent line's template (decision 073): pure, escaped once, silent in a neutral mail. */
const t = fixedT("en", "email");
const base: ConsentHolders = { campaignTitle: "Arms <embargo>", campaignTitleLang: "my", campaignNews: true, partner: "A & B in Bangkok", pending: false };

describe("the consent line", () => {
  it("names both holders in text, and in HTML escapes the partner's name and marks the title's language", () => {
    expect(consentHoldersText(t, base)).toBe(
      "Allowed to email you: the organisers of “Arms <embargo>” (campaign news) and A & B in Bangkok.\nWithdrawing your signature takes back each of these permissions.",
    );
    expect(consentHoldersHtml(t, base, "en")).toBe(
      '<p style="font-size:13px;color:#555">Allowed to email you: the organisers of “<span lang="my">Arms &lt;embargo&gt;</span>” (campaign news) and A &amp; B in Bangkok.<br>Withdrawing your signature takes back each of these permissions.</p>',
    );
  });

  it("with the partner alone and a link to take its permission back, and with nobody", () => {
    const only = { ...base, campaignNews: false, pending: true, partnerOnlyUrl: "http://x/u?only=partner&a=1" };
    expect(consentHoldersText(t, only)).toBe(
      "Allowed to email you once you confirm: A & B in Bangkok.\nWithdrawing your signature takes back each of these permissions.\nTo take back A & B in Bangkok’s permission alone, keeping your signature:\nhttp://x/u?only=partner&a=1",
    );
    expect(consentHoldersHtml(t, only, "en")).toContain('<br><a href="http://x/u?only=partner&amp;a=1">Take back A &amp; B in Bangkok’s permission</a></p>');
    const nobody = { ...base, campaignNews: false, partner: null };
    expect(consentHoldersText(t, nobody)).toBe("You let nobody send you news about this campaign.");
    expect(consentHoldersHtml(t, nobody, "en")).toBe('<p style="font-size:13px;color:#555">You let nobody send you news about this campaign.</p>');
  });

  it("a neutral confirmation mail leaves it out even when given it", () => {
    const mail = renderSignatureConfirm({
      t,
      lang: "en",
      dir: "ltr",
      name: "N",
      title: "Arms",
      confirmUrl: "http://x/c",
      code: "C",
      neutral: true,
      consent: base,
    });
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain("Bangkok");
      expect(part).not.toContain("Allowed to email you");
    }
  });
});
