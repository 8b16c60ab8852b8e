import { describe, expect, it } from "vitest";
import { markdownToText } from "../../app/lib/markdown-text";

describe("Markdown as the plain-text part of a mail", () => {
  it("drops emphasis and heading marks, writes links as text (url), keeps lists as - item", () => {
    expect(markdownToText("# The vote\n\nThe **Council** meets *next* week: [the agenda](https://example.org/a).")).toBe(
      "The vote\n\nThe Council meets next week: the agenda (https://example.org/a).",
    );
    expect(markdownToText("Before\n\n- one\n- two **bold**\n\nAfter")).toBe("Before\n\n- one\n- two bold\n\nAfter");
    expect(markdownToText("1. first\n2. second")).toBe("1. first\n2. second");
  });

  it("does not repeat a link whose text is its address, and keeps quotes, code and line breaks", () => {
    expect(markdownToText("[https://example.org](https://example.org)")).toBe("https://example.org");
    expect(markdownToText("> a signer in Yangon\n> wrote")).toBe("> a signer in Yangon\n> wrote");
    expect(markdownToText("```\n**as written**\n```")).toBe("**as written**");
    expect(markdownToText("line one  \nline two")).toBe("line one\nline two");
  });

  it("leaves Burmese text as it is, and raw HTML as text", () => {
    expect(markdownToText("လာမည့်အပတ်တွင် **အစည်းအဝေး** ရှိပါမည်။")).toBe("လာမည့်အပတ်တွင် အစည်းအဝေး ရှိပါမည်။");
    expect(markdownToText("<b>x</b>")).toBe("<b>x</b>");
  });
});
