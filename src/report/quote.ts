import type { Evidence } from "../types.js";

/**
 * A quote cut to at most `max` characters at the end of a word, with "…" where it was cut
 * (a quote that already ends with "…", cut by the checker, keeps it). When `focus` (offsets in
 * the text: the words a gap is about) would fall past the cut, the quote is the stretch around
 * it instead, with "…" at either end that was cut.
 */
export function shortQuote(text: string, max: number, focus?: { start: number; end: number }): string {
  if (text.length <= max) return text;
  if (focus && focus.end > max - 2 && focus.end - focus.start < max - 4) {
    // Half the room before the focus, starting at a word.
    let start = Math.max(0, focus.start - Math.floor((max - 4 - (focus.end - focus.start)) / 2));
    const word = text.indexOf(" ", start - 1);
    if (start > 0 && word >= 0 && word < focus.start) start = word + 1;
    return `${start > 0 ? "… " : ""}${shortQuote(text.slice(start), max - (start > 0 ? 2 : 0))}`;
  }
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(" ");
  // A word longer than a third of the quote is cut inside, rather than leaving almost nothing.
  const cut = space > max * 0.66 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:]+$/, "")} …`;
}

/**
 * The quote's own quotation marks as a quotation inside a quotation writes them (‘Securities
 * Act’), so that a quote set in “…” does not open with two double quotes (`""Prospectus
 * Supplement" means`). Straight quotes are paired in order; curly ones keep their side.
 */
export function innerQuotes(text: string): string {
  let open = true;
  return text.replace(/["“”]/g, (q) => {
    if (q === "“") return "‘";
    if (q === "”") return "’";
    const mark = open ? "‘" : "’";
    open = !open;
    return mark;
  });
}

/** A definition's quote without the `"Term": ` its evidence text starts with (the report names the term itself). */
export function definitionText(e: Evidence): string {
  const prefix = `"${e.term ?? ""}": `;
  return e.role === "definition" && e.text.startsWith(prefix) ? e.text.slice(prefix.length) : e.text;
}
