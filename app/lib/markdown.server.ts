import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

// Raw HTML in the source is shown as text (html: false); what Markdown itself produces is then
// filtered to a short list of tags, so nothing an organiser types can run or load anything.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const allowed: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre", "hr"],
  allowedAttributes: { a: ["href"] },
  // No images at all: a picture from another host would tell that host who reads the page.
  allowedSchemes: ["https", "http", "mailto"],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer" }),
    // Campaign headings sit under the page's own h1.
    h1: "h2",
  },
};

/** A campaign text written in Markdown, as HTML that is safe to put in a public page. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), { ...allowed, allowedAttributes: { a: ["href", "rel"] } });
}
