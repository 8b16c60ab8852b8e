import MarkdownIt from "markdown-it";

// The same parser settings as the HTML renderer (markdown.server.ts), so both parts of a mail
// read the source alike.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
type Token = ReturnType<typeof md.parse>[number];

/** Inline Markdown as text: emphasis marks dropped, a link as "text (url)", code as written. */
function inline(tokens: Token[]): string {
  let out = "";
  const links: string[] = [];
  let linkStart = 0;
  for (const t of tokens) {
    if (t.type === "text" || t.type === "code_inline") out += t.content;
    else if (t.type === "softbreak" || t.type === "hardbreak") out += "\n";
    else if (t.type === "link_open") {
      links.push(String(t.attrGet("href") ?? ""));
      linkStart = out.length;
    } else if (t.type === "link_close") {
      const href = links.pop() ?? "";
      const text = out.slice(linkStart);
      if (href && href !== text && `mailto:${text}` !== href) out += ` (${href})`;
    } else if (t.type === "image") out += t.content;
  }
  return out;
}

/**
 * A Markdown text as plain text for the text part of a mail: no `**` or `#`, links as
 * "text (url)", list items as "- item" (or "1. item"), quotes as "> ", paragraphs apart.
 */
export function markdownToText(source: string): string {
  const blocks: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let quote = 0;
  let item = "";
  const push = (text: string) => {
    const indent = "  ".repeat(Math.max(0, lists.length - 1));
    const prefixed = item ? `${indent}${item}${text.replace(/\n/g, `\n${indent}  `)}` : text;
    item = "";
    blocks.push(
      prefixed
        .split("\n")
        .map((l) => "> ".repeat(quote) + l)
        .join("\n"),
    );
  };
  for (const t of md.parse(source, {})) {
    switch (t.type) {
      case "bullet_list_open":
      case "ordered_list_open":
        lists.push({ ordered: t.type === "ordered_list_open", n: Number(t.attrGet("start") ?? 1) });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const list = lists[lists.length - 1];
        item = list?.ordered ? `${list.n++}. ` : "- ";
        break;
      }
      case "blockquote_open":
        quote++;
        break;
      case "blockquote_close":
        quote--;
        break;
      case "inline":
        push(inline(t.children ?? []));
        break;
      case "fence":
      case "code_block":
        push(t.content.replace(/\n$/, ""));
        break;
      case "hr":
        push("---");
        break;
    }
  }
  // List items sit on consecutive lines; other blocks are a paragraph apart.
  let out = "";
  let prevItem = false;
  for (const b of blocks) {
    const isItem = /^(> )*\s*(- |\d+\. )/.test(b);
    out += out ? (isItem && prevItem ? "\n" : "\n\n") : "";
    out += b;
    prevItem = isItem;
  }
  return out;
}
