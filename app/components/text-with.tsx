import { Fragment, type ReactNode } from "react";

/** Where an element goes in a translated sentence: private-use characters no translation holds. */
const mark = (i: number) => `\uE000${i}\uE001`;

/**
 * A translated sentence with some of its values shown as elements of their own — a campaign's
 * title in another language than the page's, carrying its own `lang` — while the word order and
 * the punctuation around them stay the translation's. `translate` is given a marker in place of
 * each element and returns the sentence; the same on the server and in the browser.
 */
export function TextWith({ translate, parts }: { translate: (marks: Record<string, string>) => string; parts: Record<string, ReactNode> }) {
  const names = Object.keys(parts);
  const text = translate(Object.fromEntries(names.map((n, i) => [n, mark(i)])));
  return <>{text.split(/\uE000(\d+)\uE001/).map((piece, i) => (i % 2 ? <Fragment key={i}>{parts[names[Number(piece)]]}</Fragment> : piece))}</>;
}
