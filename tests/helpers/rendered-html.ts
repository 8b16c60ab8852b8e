import { DomUtils, type parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import { expect } from "vitest";

/**
 * Reading the HTML of a rendered page (tests/integration/public-languages.test.ts): elements by
 * test, their text and classes, and what a public page shows a reader — the campaign's own text
 * with the language each element says it is in, the alternate languages, the language switcher
 * and the notices.
 */
export type Doc = ReturnType<typeof parseDocument>;
export const all = (doc: Doc, test: (e: Element) => boolean) => DomUtils.findAll(test, doc.children);
export function one(doc: Doc, test: (e: Element) => boolean, what: string): Element {
  const found = all(doc, test);
  expect(found.length, what).toBe(1);
  return found[0];
}
export const text = (e: Element) => DomUtils.textContent(e).trim();
export const hasClass = (e: Element, c: string) => (e.attribs.class ?? "").split(" ").includes(c);
export const byName = (name: string) => (e: Element) => e.name === name;
export const parentOf = (e: Element) => (e.parent && "name" in e.parent ? (e.parent as Element) : undefined);

/** What the campaign page shows of the campaign's own text, and the language each element says it is in. */
export function campaignText(doc: Doc) {
  const demand = one(doc, (e) => hasClass(e, "demand"), "the demand section");
  const addressed = DomUtils.findAll((e) => e.name === "span", demand.children)[0];
  const body = one(doc, (e) => hasClass(e, "prose") && parentOf(e)?.name === "article" && hasClass(parentOf(e)!, "campaign-main"), "the body");
  const h1 = one(doc, byName("h1"), "h1");
  const summary = one(doc, (e) => hasClass(e, "summary"), "summary");
  const demandText = one(doc, (e) => hasClass(e, "demand-text"), "demand text");
  return {
    html: one(doc, byName("html"), "html").attribs.lang,
    title: [h1.attribs.lang, text(h1)],
    summary: [summary.attribs.lang, text(summary)],
    demand: [demandText.attribs.lang, text(demandText)],
    addressedTo: [addressed.attribs.lang, text(addressed)],
    body: [body.attribs.lang, DomUtils.getInnerHTML(body, { encodeEntities: "utf8" }).trim()],
  };
}
export const alternates = (doc: Doc) => all(doc, (e) => e.name === "link" && e.attribs.rel === "alternate").map((e) => e.attribs.hreflang);
export const switcher = (doc: Doc) =>
  all(
    doc,
    (e) => e.name === "a" && parentOf(e) !== undefined && (parentOf(e)!.parent?.parent as Element | undefined)?.attribs?.class === "language-switcher",
  ).map(text);
export const notice = (doc: Doc) => all(doc, (e) => e.name === "p" && (e.attribs.class ?? "") === "notice").map(text);
